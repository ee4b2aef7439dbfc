import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// Opens and closes the selected workspace's state for a command, showing what goes wrong as
/// diagnostics: a held lock with its holder, an unreachable backend, a state that could not be
/// saved.
struct StateOpener {
    let backend: any StateBackend
    let workspace: String
    let terminal: Terminal

    /// The backend the configuration and `prov init` chose, and the selected workspace.
    /// `configuration` is the working directory's, when the command has loaded it already.
    init(statePath: String?, terminal: Terminal, configuration: Configuration? = nil) throws {
        self.backend = try BackendResolver.backend(statePath: statePath, terminal: terminal, configuration: configuration)
        self.workspace = WorkingDirectory.selectedWorkspace
        self.terminal = terminal
    }

    init(backend: any StateBackend, workspace: String, terminal: Terminal) {
        self.backend = backend
        self.workspace = workspace
        self.terminal = terminal
    }

    var location: String { backend.location(of: workspace) }

    /// The state to change, created if there is none, locked unless `lock` is nil.
    func open(lock: StateLockRequest?) async throws -> OpenedState {
        do {
            return try await backend.open(workspace, lock: lock)
        } catch {
            throw failure(describing: error, doing: "opened")
        }
    }

    /// The state to read, or nil when there is none.
    func read() async throws -> OpenedState? {
        do {
            return try await backend.read(workspace)
        } catch {
            throw failure(describing: error, doing: "read")
        }
    }

    /// The contents of a state opened with `read`, which is closed afterwards. `revealing`
    /// decrypts what is encrypted (asking for the key only when something is), for commands
    /// that print values; without it, encrypted values stay hidden and no key is needed.
    func snapshot(of opened: OpenedState, revealing: Bool) async throws -> StateSnapshot {
        let snapshot: StateSnapshot
        do {
            snapshot = revealing ? try await StateKeys.revealedSnapshot(opened.store, terminal: terminal) : try opened.store.snapshot()
        } catch let exit as ExitCode {
            _ = await opened.close()
            throw exit
        } catch {
            _ = await opened.close()
            throw failure("Failed to read state", "The state at \(opened.location) could not be read: \(error)")
        }
        _ = await opened.close()
        return snapshot
    }

    /// Saves and unlocks, printing what that reported; fails the command if it failed.
    func close(_ opened: OpenedState) async throws {
        let diagnostics = await opened.close()
        Runtime.printDiagnostics(diagnostics, sources: [:], terminal: terminal)
        if diagnostics.hasErrors { throw Runtime.fail() }
    }

    /// Runs `body` on the opened state with Ctrl-C handled (see `InterruptHandler`), and
    /// closes it afterwards whatever happens.
    func with<T>(_ opened: OpenedState, _ body: (InterruptHandler) async throws -> T) async throws -> T {
        let interrupts = InterruptHandler { [terminal] in
            Runtime.printDiagnostics(await opened.close(), sources: [:], terminal: terminal)
        }
        let result: T
        do {
            result = try await body(interrupts)
        } catch {
            Runtime.printDiagnostics(await opened.close(), sources: [:], terminal: terminal)
            withExtendedLifetime(interrupts) {}
            throw error
        }
        try await close(opened)
        withExtendedLifetime(interrupts) {}
        return result
    }

    func failure(describing error: any Error, doing verb: String) -> ExitCode {
        switch error {
        case let error as StateLockedError:
            return failure("Error acquiring the state lock", error.description)
        case let error as StateBackendError:
            return failure(error.summary, error.description)
        case let exit as ExitCode:
            return exit
        default:
            return failure("Failed to open state", "The state at \(location) could not be \(verb): \(error)")
        }
    }

    func failure(_ summary: String, _ detail: String) -> ExitCode {
        Runtime.printDiagnostics(Diagnostics([.error(summary, detail)]), sources: [:], terminal: terminal)
        return Runtime.fail()
    }
}
