import Foundation
import ResourceGraph

/// Where the states of a working directory's workspaces live, and how they are locked: a local
/// SQLite file (`LocalStateBackend`) or an object in a remote store (`RemoteStateBackend`).
/// Commands open a workspace's state through this, work on the `StateStore` they get, and
/// close it, which saves what must be saved and releases the lock.
public protocol StateBackend: Sendable {
    /// Where a workspace's state is, for messages: `prov.state.db`, `s3://bucket/key`.
    func location(of workspace: String) -> String

    /// Every workspace that has a state, `default` first (it always exists).
    func workspaces() async throws -> [String]

    /// Opens a workspace's state to read it, or nil when it has none yet.
    func read(_ workspace: String) async throws -> OpenedState?

    /// Opens a workspace's state to change it (creating it when it has none), under its lock
    /// unless `lock` is nil.
    func open(_ workspace: String, lock: StateLockRequest?) async throws -> OpenedState

    /// Makes a new, empty workspace. Throws if it exists.
    func createWorkspace(_ workspace: String) async throws

    /// Deletes a workspace's state (the caller has checked it may). Not for `default`.
    func deleteWorkspace(_ workspace: String, lock: StateLockRequest?) async throws

    /// The lock currently held on a workspace's state, if any.
    func currentLock(of workspace: String) async throws -> LockInfo?

    /// Removes the lock with this id. Returns false if the current lock has another id or
    /// there is none.
    func forceUnlock(_ workspace: String, id: String) async throws -> Bool
}

/// Take the state lock for an operation, waiting up to `timeout` for another holder.
public struct StateLockRequest: Sendable {
    /// Terraform's operation names, shown to whoever is refused: `OperationTypeApply`, ….
    public var operation: String
    public var timeout: Duration

    public init(operation: String, timeout: Duration = .zero) {
        self.operation = operation
        self.timeout = timeout
    }
}

/// Why a backend could not be used as asked; the description says what to do.
public struct StateBackendError: Error, CustomStringConvertible {
    public var summary: String
    public var description: String

    public init(_ summary: String, _ description: String) {
        self.summary = summary
        self.description = description
    }
}

extension StateBackend {
    /// Whether the workspace exists (has a state, or is `default`).
    public func hasWorkspace(_ name: String) async throws -> Bool {
        try await workspaces().contains(name)
    }
}
