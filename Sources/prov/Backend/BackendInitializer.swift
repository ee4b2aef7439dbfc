import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// What `prov init` does with the backend: merges the backend block with `-backend-config`,
/// checks the result, and records it in `.prov`; when the backend changed and the old one
/// holds state, moves every workspace's state across with -migrate-state (keeping lineage and
/// serial), or leaves it behind with -reconfigure.
struct BackendInitializer {
    var backendConfig: [String]
    var migrateState: Bool
    var reconfigure: Bool
    var lock: StateLockRequest?
    let terminal: Terminal

    /// Where the new backend's working copies go while states move into it. The old backend
    /// keeps its own (which may hold changes an earlier run could not upload: opening them for
    /// the move uploads those first); both are dropped once every state has moved.
    static let migrationWorkingDirectory = WorkingDirectory.dataDirectory + "/remote-state-migrating"

    func run(_ configuration: Configuration) async throws {
        let declared = DeclaredBackend.load(from: configuration)
        let (type, arguments) = try mergedArguments(declared)
        let wanted: BackendConfiguration? = type == "local" ? nil : BackendConfiguration(type: type, arguments: arguments)
        let destination = try await checkedBackend(wanted, localArguments: arguments, declared: declared)
        let record = try previousRecord(declared)
        let newRecord = wanted.map { BackendRecord(configuration: $0, blockArguments: declared.remote?.arguments ?? [:]) }
        let unchanged: Bool
        switch (record, wanted) {
        case (nil, nil): unchanged = true
        case (let record?, let wanted?): unchanged = record.configuration.hasSameArguments(as: wanted)
        default: unchanged = false
        }
        if unchanged || reconfigure {
            try save(newRecord)
            if !unchanged { printConfigured(type) }
            return
        }

        // The backend changed: is there state to move?
        let source = try previousBackend(record, declared: declared)
        let withState = try await workspacesWithState(source)
        if !withState.isEmpty {
            guard migrateState else {
                throw fail(Diagnostics([.error("Backend configuration changed", "The state of \(withState.map { "\"\($0)\"" }.joined(separator: ", ")) is in \(source.location(of: Workspace.defaultName)), and the configuration now keeps state in \(destination.location(of: Workspace.defaultName)). Run prov init -migrate-state to move the state there, or prov init -reconfigure to use the new backend without moving it.")]), declared)
            }
            let target = wanted.flatMap { BackendResolver.make($0, workingDirectory: Self.migrationWorkingDirectory).backend } ?? destination
            for workspace in withState {
                try await migrate(workspace, from: source, to: target)
            }
            if let local = source as? LocalStateBackend {
                keepAside(withState.map(local.statePath(of:)))
            }
            try? FileManager.default.removeItem(atPath: WorkingDirectory.remoteStateDirectory)
        }
        try? FileManager.default.removeItem(atPath: Self.migrationWorkingDirectory)
        try save(newRecord)
        printConfigured(type)
    }

    /// The backend block's type and arguments, with every -backend-config applied in order.
    private func mergedArguments(_ declared: DeclaredBackend) throws -> (type: String, arguments: [String: Value]) {
        var diagnostics = declared.diagnostics
        let type = declared.remote?.type ?? "local"
        var arguments = declared.remote?.arguments ?? declared.localArguments
        let remoteType = BackendResolver.remoteType(named: type)
        if type != "local", remoteType == nil {
            diagnostics.error("Unsupported backend", "prov keeps state in local files (no backend block, or backend \"local\") or in S3 (backend \"s3\"); the \"\(type)\" backend is not supported.", at: declared.range)
        }
        let types = remoteType?.argumentTypes ?? ["path": .string, "workspace_dir": .string]
        for item in backendConfig {
            let (given, itemDiagnostics) = Self.backendConfigArguments(item, types: types)
            diagnostics.append(contentsOf: itemDiagnostics)
            arguments.merge(given) { _, new in new }
        }
        guard !diagnostics.hasErrors else { throw fail(diagnostics, declared) }
        return (type, arguments)
    }

    /// The backend wanted now, checked (a remote one must be reachable).
    private func checkedBackend(_ wanted: BackendConfiguration?, localArguments: [String: Value], declared: DeclaredBackend) async throws -> any StateBackend {
        guard let wanted else {
            let (local, diagnostics) = DeclaredBackend.localBackend(localArguments, statePath: nil)
            guard !diagnostics.hasErrors else { throw fail(diagnostics, declared) }
            return local
        }
        let (made, diagnostics) = BackendResolver.make(wanted)
        guard let made, !diagnostics.hasErrors else { throw fail(diagnostics, declared) }
        do {
            _ = try await made.workspaces()
        } catch {
            throw fail(Diagnostics([.error("Failed to reach the backend", "prov could not list the states in \(made.location(of: Workspace.defaultName)): \(error)")]), declared)
        }
        return made
    }

    /// What the last `prov init` recorded (ignored, if unreadable, with -reconfigure).
    private func previousRecord(_ declared: DeclaredBackend) throws -> BackendRecord? {
        do {
            return try BackendRecord.load()
        } catch let error as StateBackendError {
            if reconfigure { return nil }
            throw fail(Diagnostics([.error(error.summary, error.description)]), declared)
        }
    }

    /// The backend used until now: the recorded one, or local state.
    private func previousBackend(_ record: BackendRecord?, declared: DeclaredBackend) throws -> any StateBackend {
        guard let record else { return LocalStateBackend() }
        let (made, diagnostics) = BackendResolver.make(record.configuration)
        guard let made else {
            var problems = diagnostics
            problems.error("Cannot reach the previous backend", "The \"\(record.configuration.type)\" backend this directory used before cannot be set up, so its state cannot be moved. Run prov init -reconfigure to use the new backend without moving it.")
            throw fail(problems, declared)
        }
        return made
    }

    /// `-backend-config=KEY=VALUE`, or `-backend-config=FILE` holding arguments in the
    /// backend block's syntax.
    static func backendConfigArguments(_ item: String, types: [String: ValueType]) -> ([String: Value], Diagnostics) {
        if item.contains("="), !FileManager.default.fileExists(atPath: item) {
            guard let (name, value) = BackendConfiguration.argument(item, types: types) else {
                return ([:], Diagnostics([.error("Invalid backend configuration argument", "-backend-config=\(item) must be KEY=VALUE or the path of a file.")]))
            }
            return ([name: value], Diagnostics())
        }
        guard let data = FileManager.default.contents(atPath: item) else {
            return ([:], Diagnostics([.error("Failed to read the backend configuration file", "-backend-config=\(item): no such file. Give KEY=VALUE or the path of a file of backend arguments.")]))
        }
        let (body, parseDiagnostics) = Parser.parse(SourceFile(filename: item, bytes: Array(data)))
        guard !parseDiagnostics.hasErrors else { return ([:], parseDiagnostics) }
        return BackendConfiguration.arguments(in: body)
    }

    /// The workspaces whose state holds anything (an applied and destroyed state still has
    /// its lineage and serial worth keeping).
    private func workspacesWithState(_ backend: any StateBackend) async throws -> [String] {
        var found: [String] = []
        do {
            for workspace in try await backend.workspaces() {
                guard let opened = try await backend.read(workspace) else { continue }
                let metadata = try? opened.store.metadata()
                let snapshot = try? opened.store.snapshot()
                _ = await opened.close()
                if (metadata?.serial ?? 0) > 0 || snapshot.map({ !$0.isEmpty || !$0.outputs.isEmpty }) == true { found.append(workspace) }
            }
        } catch {
            throw fail(Diagnostics([.error("Failed to read the previous state", "The states in \(backend.location(of: Workspace.defaultName)) could not be read: \(error)")]), nil)
        }
        return found
    }

    /// Copies one workspace's state, both sides locked. A destination that already holds a
    /// state is overwritten only if it is an older serial of the same lineage.
    private func migrate(_ workspace: String, from source: any StateBackend, to destination: any StateBackend) async throws {
        let from = StateOpener(backend: source, workspace: workspace, terminal: terminal)
        let to = StateOpener(backend: destination, workspace: workspace, terminal: terminal)
        let sourceState = try await from.open(lock: lock.map { StateLockRequest(operation: "migration source state", timeout: $0.timeout) })
        let copied: (lineage: String, serial: Int)
        do {
            let destinationState = try await to.open(lock: lock.map { StateLockRequest(operation: "migration destination state", timeout: $0.timeout) })
            do {
                copied = try sourceState.store.metadata()
                let existing = try destinationState.store.metadata()
                let existingSnapshot = try destinationState.store.snapshot()
                if existing.serial > 0 || !existingSnapshot.isEmpty {
                    if existing.lineage != copied.lineage {
                        throw to.failure("Destination has another state", "\(destinationState.location) already holds a state of another lineage (\(existing.lineage), serial \(existing.serial)) than the one being moved (\(copied.lineage)). Nothing was copied. Remove that state, or move to another location.")
                    }
                    if existing.serial > copied.serial {
                        throw to.failure("Destination has a newer state", "\(destinationState.location) already holds serial \(existing.serial) of this state, newer than serial \(copied.serial) in \(sourceState.location). Nothing was copied.")
                    }
                }
                try destinationState.store.replaceContents(with: try sourceState.store.exportData())
            } catch {
                Runtime.printDiagnostics(await destinationState.close(), sources: [:], terminal: terminal)
                throw error is ExitCode ? error : to.failure("Failed to copy state", "The state of workspace \"\(workspace)\" could not be copied from \(sourceState.location) to \(destinationState.location): \(error)")
            }
            try await to.close(destinationState)
        } catch {
            Runtime.printDiagnostics(await sourceState.close(), sources: [:], terminal: terminal)
            throw error
        }
        try await from.close(sourceState)
        Console.out("Moved the state of workspace \"\(workspace)\" (lineage \(copied.lineage), serial \(copied.serial)) from \(source.location(of: workspace)) to \(destination.location(of: workspace)).\n")
    }

    /// Local state files that were moved elsewhere are renamed, not deleted (nothing is lost),
    /// so that no later command uses them by mistake. The new names still match the ignore
    /// patterns for state files (`*.state.db-*`).
    private func keepAside(_ paths: [String]) {
        for path in paths where FileManager.default.fileExists(atPath: path) {
            // SQLite's side files move with the database, so the renamed copy stays whole.
            for suffix in ["-wal", "-shm", ""] where FileManager.default.fileExists(atPath: path + suffix) {
                _ = rename(path + suffix, path + "-backup" + suffix)
            }
            Console.out("The local state file \(path) is kept as \(path)-backup.\n")
        }
    }

    private func save(_ record: BackendRecord?) throws {
        do {
            if let record { try record.save() } else { BackendRecord.remove() }
        } catch {
            throw fail(Diagnostics([.error("Failed to record the backend", "\(error)")]), nil)
        }
    }

    private func printConfigured(_ type: String) {
        Console.out(terminal.paint("Successfully configured the backend \"\(type)\"! prov will automatically use this backend unless the backend configuration changes.", .green) + "\n")
    }

    private func fail(_ diagnostics: Diagnostics, _ declared: DeclaredBackend?) -> ExitCode {
        Runtime.printDiagnostics(diagnostics, sources: declared?.sources ?? [:], terminal: terminal)
        return Runtime.fail()
    }
}
