import Foundation
import ResourceGraph

/// State kept in an object store (S3), shared by every working copy configured with the same
/// location: each command downloads the state into a working copy under `workingDirectory`,
/// works on it, and uploads every change with a conditional write (see `StateReplica`). With
/// `usesLockObject` (S3's `use_lockfile`), commands that change the state hold a lock object
/// beside it (see `RemoteStateBackend+Lock`).
public struct RemoteStateBackend: StateBackend {
    public let storage: any RemoteStateStorage
    public let layout: RemoteStateLayout
    public let usesLockObject: Bool
    /// Where working copies go: one directory per workspace.
    public let workingDirectory: String
    let clock: LockWaitClock

    public init(storage: any RemoteStateStorage, layout: RemoteStateLayout, usesLockObject: Bool, workingDirectory: String) {
        self.init(storage: storage, layout: layout, usesLockObject: usesLockObject, workingDirectory: workingDirectory, clock: .system)
    }

    init(storage: any RemoteStateStorage, layout: RemoteStateLayout, usesLockObject: Bool, workingDirectory: String, clock: LockWaitClock) {
        self.storage = storage
        self.layout = layout
        self.usesLockObject = usesLockObject
        self.workingDirectory = workingDirectory
        self.clock = clock
    }

    public func location(of workspace: String) -> String {
        storage.location(of: layout.stateKey(of: workspace))
    }

    func workingCopyDirectory(of workspace: String) -> String {
        workingDirectory + "/" + workspace
    }

    public func workspaces() async throws -> [String] {
        let named = try await storage.keys(withPrefix: layout.listingPrefix).compactMap(layout.workspace(ofStateKey:))
        return [Workspace.defaultName] + Set(named).sorted()
    }

    /// Downloads the state into a private temporary file, removed again on close: reading
    /// never touches the working copy, which may hold changes an earlier run could not save.
    public func read(_ workspace: String) async throws -> OpenedState? {
        guard let remote = try await storage.read(layout.stateKey(of: workspace)) else { return nil }
        let temporary = try PrivateFiles.temporaryDatabase()
        do {
            try PrivateFiles.replaceDatabase(at: temporary, with: remote.data)
            let store = try StateStore.open(at: temporary)
            return OpenedState(store: store, heldLock: nil, location: location(of: workspace)) {
                PrivateFiles.removeDatabase(at: temporary)
                return Diagnostics()
            }
        } catch {
            PrivateFiles.removeDatabase(at: temporary)
            throw error
        }
    }

    public func open(_ workspace: String, lock request: StateLockRequest?) async throws -> OpenedState {
        let held = try await takeLock(of: workspace, request)
        let replica: StateReplica
        var notes = Diagnostics()
        do {
            let opened = try await StateReplica.open(storage: storage, key: layout.stateKey(of: workspace), directory: workingCopyDirectory(of: workspace))
            replica = opened.replica
            if opened.recovered {
                notes.append(.warning("Saved an earlier run's changes", "An earlier run in this directory made changes it could not save to \(replica.location); nobody had changed the state there since, so prov has uploaded them now."))
            }
        } catch {
            if let held { _ = await releaseLock(held, of: workspace) }
            throw error
        }
        let recoveryNotes = notes
        return OpenedState(
            store: replica.store, heldLock: held?.info, location: replica.location,
            onSaveFailure: { replica.onSaveFailure($0) }
        ) {
            var diagnostics = recoveryNotes
            let (remoteIsBehind, saveDiagnostics) = await replica.finish()
            diagnostics.append(contentsOf: saveDiagnostics)
            // A state that could not be saved keeps its lock: the remote state is behind, and
            // nobody should work from it until this directory's copy is uploaded.
            if let held, !remoteIsBehind {
                diagnostics.append(contentsOf: await releaseLock(held, of: workspace))
            }
            // Best effort, as for local state: the working copy opens faster without a log.
            try? replica.store.checkpoint()
            return diagnostics
        }
    }

    public func createWorkspace(_ workspace: String) async throws {
        let key = layout.stateKey(of: workspace)
        // An empty state, so the workspace is listed from now on.
        let fresh = try PrivateFiles.temporaryDatabase()
        defer { PrivateFiles.removeDatabase(at: fresh) }
        let data = try StateStore.open(at: fresh).exportData()
        do {
            _ = try await storage.write(key, data: data, if: .absent, writeID: UUID().uuidString.lowercased(), contentType: "application/vnd.sqlite3")
        } catch is RemotePreconditionFailed {
            throw StateBackendError("Workspace already exists", "The workspace \"\(workspace)\" already exists (\(storage.location(of: key))).")
        }
    }

    public func deleteWorkspace(_ workspace: String, lock request: StateLockRequest?) async throws {
        let held = try await takeLock(of: workspace, request)
        do {
            let key = layout.stateKey(of: workspace)
            if let current = try await storage.read(key) {
                try await storage.delete(key, ifMatch: current.etag)
            }
        } catch {
            if let held { _ = await releaseLock(held, of: workspace) }
            throw error
        }
        try? FileManager.default.removeItem(atPath: workingCopyDirectory(of: workspace))
        if let held {
            let diagnostics = await releaseLock(held, of: workspace)
            if diagnostics.hasErrors {
                throw StateBackendError("Error releasing the state lock", diagnostics.map(\.detail).joined(separator: " "))
            }
        }
    }
}
