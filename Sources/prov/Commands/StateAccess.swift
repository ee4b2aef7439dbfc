import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// How the commands that read or edit the state directly (state, taint, untaint) open the
/// selected workspace's state: only if it exists, and, for edits, under the state lock for the
/// whole command.
struct StateAccess {
    let opener: StateOpener
    let terminal: Terminal
    /// Whether to take the lock for edits, and how long to wait for it; nil to not lock.
    let lockTimeout: Duration?

    init(options: StateOptions) throws {
        let terminal = Terminal.detect(noColor: options.noColor)
        self.terminal = terminal
        self.opener = try StateOpener(statePath: options.state, terminal: terminal)
        self.lockTimeout = options.lock ? try options.lockTimeoutDuration() : nil
    }

    /// Whether the workspace has a state.
    func exists() async throws -> Bool {
        guard let opened = try await opener.read() else { return false }
        try await opener.close(opened)
        return true
    }

    /// The existing state's contents, or a "No state file was found!" error.
    func readSnapshot() async throws -> StateSnapshot {
        guard let opened = try await opener.read() else { throw noState() }
        let snapshot: StateSnapshot
        do {
            snapshot = try self.snapshot(opened.store)
        } catch {
            _ = await opened.close()
            throw error
        }
        try await opener.close(opened)
        return snapshot
    }

    func snapshot(_ store: StateStore) throws -> StateSnapshot {
        do {
            return try store.snapshot()
        } catch {
            throw failure("Failed to read state", "The state at \(opener.location) could not be read: \(error)")
        }
    }

    /// Runs `body` on the existing state while holding its lock (unless -lock=false); the
    /// change is saved and the lock released afterwards whatever happens.
    func withLock<T>(operation: String, _ body: (StateStore) throws -> T) async throws -> T {
        guard try await exists() else { throw noState() }
        let opened = try await opener.open(lock: lockTimeout.map { StateLockRequest(operation: operation, timeout: $0) })
        return try await opener.with(opened) { _ in try body(opened.store) }
    }

    private func noState() -> ExitCode {
        failure("No state file was found!", "State management commands require a state file. Run this command in a directory where prov has been run or use the -state flag to point the command to a specific state location. (Looked for \(opener.location).)")
    }

    /// Prints an error diagnostic and returns the failure to throw, so the lock is released
    /// on the way out.
    func failure(_ summary: String, _ detail: String) -> ExitCode {
        failure(.error(summary, detail))
    }

    func failure(_ diagnostic: Diagnostic) -> ExitCode {
        Runtime.printDiagnostics(Diagnostics([diagnostic]), sources: [:], terminal: terminal)
        return Runtime.fail()
    }
}
