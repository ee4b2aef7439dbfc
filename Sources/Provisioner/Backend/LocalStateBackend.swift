import Foundation
import ResourceGraph

/// State in SQLite files in the working directory: the `default` workspace at `path`
/// (`prov.state.db`), every other workspace at `<workspaceDirectory>/<name>/prov.state.db`,
/// as Terraform keeps `terraform.tfstate.d/<name>/terraform.tfstate`. The lock is a row in the
/// file itself (see `StateStore+Lock`).
public struct LocalStateBackend: StateBackend {
    public static let defaultPath = "prov.state.db"
    public static let defaultWorkspaceDirectory = "prov.state.d"

    public var path: String
    public var workspaceDirectory: String

    public init(path: String = LocalStateBackend.defaultPath, workspaceDirectory: String = LocalStateBackend.defaultWorkspaceDirectory) {
        self.path = path
        self.workspaceDirectory = workspaceDirectory
    }

    /// The state file of a workspace.
    public func statePath(of workspace: String) -> String {
        workspace == Workspace.defaultName ? path : "\(workspaceDirectory)/\(workspace)/\((path as NSString).lastPathComponent)"
    }

    public func location(of workspace: String) -> String { statePath(of: workspace) }

    public func workspaces() async throws -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: workspaceDirectory)) ?? []
        let named = entries.filter { name in
            var isDirectory: ObjCBool = false
            return Workspace.isValidName(name) && name != Workspace.defaultName
                && FileManager.default.fileExists(atPath: "\(workspaceDirectory)/\(name)", isDirectory: &isDirectory) && isDirectory.boolValue
        }
        return [Workspace.defaultName] + named.sorted()
    }

    public func read(_ workspace: String) async throws -> OpenedState? {
        let statePath = statePath(of: workspace)
        guard FileManager.default.fileExists(atPath: statePath) else { return nil }
        let store = try StateStore.open(at: statePath)
        return OpenedState(store: store, heldLock: nil, location: statePath) { Diagnostics() }
    }

    public func open(_ workspace: String, lock request: StateLockRequest?) async throws -> OpenedState {
        let statePath = statePath(of: workspace)
        if workspace != Workspace.defaultName {
            try FileManager.default.createDirectory(atPath: (statePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        let store = try StateStore.open(at: statePath)
        var held: LockInfo? = nil
        if let request { held = try await store.acquireLock(operation: request.operation, timeout: request.timeout) }
        return OpenedState(store: store, heldLock: held, location: statePath) { [held] in
            var diagnostics = Diagnostics()
            if let held {
                do {
                    try store.releaseLock(held)
                } catch {
                    diagnostics.error("Error releasing the state lock", "The lock \(held.id) on \(statePath) could not be released: \(error). Remove it with: prov force-unlock \(held.id)")
                }
            }
            // Best effort: a state left with its log is complete too, only slower to open.
            try? store.checkpoint()
            return diagnostics
        }
    }

    public func createWorkspace(_ workspace: String) async throws {
        let directory = "\(workspaceDirectory)/\(workspace)"
        guard !FileManager.default.fileExists(atPath: directory) else {
            throw StateBackendError("Workspace already exists", "The workspace \"\(workspace)\" already exists (\(directory)).")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func deleteWorkspace(_ workspace: String, lock request: StateLockRequest?) async throws {
        let opened = try await open(workspace, lock: request)
        _ = await opened.close()
        try FileManager.default.removeItem(atPath: "\(workspaceDirectory)/\(workspace)")
    }

    public func currentLock(of workspace: String) async throws -> LockInfo? {
        guard let opened = try await read(workspace) else { return nil }
        return try opened.store.currentLock()
    }

    public func forceUnlock(_ workspace: String, id: String) async throws -> Bool {
        guard let opened = try await read(workspace) else { return false }
        return try opened.store.forceUnlock(id: id)
    }
}
