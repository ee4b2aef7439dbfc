import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// How the commands that read or edit the state directly (show, state, taint, force-unlock)
/// open it: only if it exists, and, for edits, under the state lock for the whole command.
struct StateAccess {
    let statePath: String
    let terminal: Terminal
    /// Whether to take the lock for edits, and how long to wait for it; nil to not lock.
    let lockTimeout: Duration?

    init(options: StateOptions) throws {
        self.init(statePath: options.statePath, noColor: options.noColor, lockTimeout: options.lock ? try options.lockTimeoutDuration() : nil)
    }

    init(statePath: String, noColor: Bool, lockTimeout: Duration?) {
        self.statePath = statePath
        self.terminal = Terminal.detect(noColor: noColor)
        self.lockTimeout = lockTimeout
    }

    var exists: Bool { FileManager.default.fileExists(atPath: statePath) }

    /// The existing state, or a "No state file was found!" error.
    func openExisting() throws -> StateStore {
        guard exists else {
            throw failure("No state file was found!", "State management commands require a state file. Run this command in a directory where prov has been run or use the -state flag to point the command to a specific state location. (Looked for \(statePath).)")
        }
        do {
            return try StateStore.open(at: statePath)
        } catch {
            throw failure("Failed to open state", "The state file \(statePath) could not be opened: \(error).")
        }
    }

    func snapshot(_ store: StateStore) throws -> StateSnapshot {
        do {
            return try store.snapshot()
        } catch {
            throw failure("Failed to read state", "The state at \(store.path) could not be read: \(error)")
        }
    }

    /// Runs `body` on the existing state while holding its lock (unless -lock=false), released
    /// afterwards whatever happens.
    func withLock<T>(operation: String, _ body: (StateStore) throws -> T) async throws -> T {
        let store = try openExisting()
        var lock: LockInfo? = nil
        if let lockTimeout {
            do {
                lock = try await store.acquireLock(operation: operation, timeout: lockTimeout)
            } catch let error as StateLockedError {
                throw failure("Error acquiring the state lock", error.description)
            }
        }
        defer { if let lock { try? store.releaseLock(lock) } }
        return try body(store)
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
