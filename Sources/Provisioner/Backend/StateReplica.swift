import Foundation
import ResourceGraph

/// The local working copy of a remote state, kept in step with the remote object.
///
/// The engine writes every change into the working copy in its own SQLite transaction, as it
/// does for local state, so nothing it did is lost if the process dies. After each committed
/// change the copy is uploaded with a conditional write on the ETag of the version it was last
/// in step with: each upload's ETag is the condition of the next, so another writer's version
/// is never overwritten; the write is refused instead. Changes committed while an upload is in
/// flight go up together in the next one, so a burst of parallel changes costs a few uploads
/// rather than one each, and the apply never waits for S3 between its calls. The price: S3 may
/// be one upload behind the working copy, and an operation may start before the upload of the
/// one it follows is refused; whatever it does is still recorded in the working copy, which
/// is kept.
///
/// `WorkingCopyRecord` notes, before each change commits, that the copy holds unsaved changes;
/// a run that dies before its upload leaves the note, and the next run in this directory
/// uploads the copy (if nobody wrote the remote state since) instead of replacing it.
final class StateReplica: StateChangeObserver, @unchecked Sendable {
    // @unchecked: the mutable fields are guarded by `lock`; `store` is set once, in `open`.
    enum SaveFailure {
        /// Another writer's version is there now.
        case conflict
        /// The upload (or the local record) failed.
        case failed(String)
    }

    static let workingCopyName = "prov.state.db"
    static let recordName = "sync.json"

    let storage: any RemoteStateStorage
    let key: String
    let location: String
    let directory: String
    private(set) var store: StateStore!

    private let lock = NSLock()
    private var etag: String?
    /// Changes begun, and the count that the remote object holds.
    private var generation = 0
    private var savedGeneration = 0
    private var recordSaysUnsaved = false
    private var uploading: Task<Void, Never>?
    private var failure: SaveFailure?
    private var failureHandlers: [@Sendable () -> Void] = []

    var workingPath: String { directory + "/" + Self.workingCopyName }
    private var recordPath: String { directory + "/" + Self.recordName }

    private init(storage: any RemoteStateStorage, key: String, directory: String) {
        self.storage = storage
        self.key = key
        self.location = storage.location(of: key)
        self.directory = directory
    }

    /// Downloads the state at `key` into a working copy in `directory` and opens it. A copy
    /// left with unsaved changes by an earlier run is uploaded first when the remote state is
    /// still the version it came from; when the remote state changed too, the copy is kept
    /// aside and opening fails, saying where it is.
    static func open(storage: any RemoteStateStorage, key: String, directory: String) async throws -> (replica: StateReplica, recovered: Bool) {
        let replica = StateReplica(storage: storage, key: key, directory: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let remote = try await storage.read(key)
        if let record = WorkingCopyRecord.load(from: replica.recordPath), record.unsaved,
           FileManager.default.fileExists(atPath: replica.workingPath) {
            guard record.location == replica.location, record.etag == remote?.etag else {
                let kept = try replica.keepAside()
                throw StateBackendError("Unsaved state changes", """
                    An earlier run in this directory made changes it could not save to \(replica.location), and \
                    the state there has changed since, so prov cannot tell which is right and overwrites neither. \
                    The earlier run's state is kept in \(kept): compare it with the state in \(replica.location) \
                    (prov show \(kept)), and bring anything it has that the remote state lacks back with \
                    prov import. Run the command again to continue with the state in \(replica.location).
                    """)
            }
            replica.etag = remote?.etag
            replica.store = try StateStore.open(at: replica.workingPath, observer: replica)
            replica.lock.withLock {
                replica.generation = 1
                replica.recordSaysUnsaved = true
            }
            if let failure = await replica.save() {
                throw StateBackendError("Failed to save state", replica.explain(failure, keptAt: replica.workingPath))
            }
            return (replica, true)
        }
        if let remote {
            try PrivateFiles.replaceDatabase(at: replica.workingPath, with: remote.data)
        } else {
            PrivateFiles.removeDatabase(at: replica.workingPath)
        }
        replica.etag = remote?.etag
        try WorkingCopyRecord(location: replica.location, etag: remote?.etag, unsaved: false).save(to: replica.recordPath)
        replica.store = try StateStore.open(at: replica.workingPath, observer: replica)
        return (replica, false)
    }

    func onSaveFailure(_ handler: @escaping @Sendable () -> Void) {
        lock.withLock { failureHandlers.append(handler) }
    }

    // MARK: Following changes

    func stateWillChange() {
        let recordError: String? = lock.withLock {
            generation += 1
            guard !recordSaysUnsaved else { return nil }
            recordSaysUnsaved = true
            do {
                try WorkingCopyRecord(location: location, etag: etag, unsaved: true).save(to: recordPath)
                return nil
            } catch {
                return "\(error)"
            }
        }
        if let recordError { fail(.failed("recording that the working copy has unsaved changes failed: \(recordError)")) }
    }

    func stateDidChange() {
        startUploading()
    }

    /// Uploads what is unsaved and waits until nothing is; returns the failure, if saving failed.
    func save() async -> SaveFailure? {
        startUploading()
        while let task = lock.withLock({ uploading }) {
            await task.value
            startUploading()
        }
        return lock.withLock { failure }
    }

    private func startUploading() {
        lock.withLock {
            guard uploading == nil, failure == nil, savedGeneration < generation else { return }
            uploading = Task { await uploadUntilSaved() }
        }
    }

    /// Uploads the working copy until the remote object holds every change begun so far.
    private func uploadUntilSaved() async {
        while true {
            let (target, condition) = lock.withLock { (generation, etag.map(RemoteWriteCondition.matches) ?? .absent) }
            let newETag: String
            do {
                newETag = try await upload(try store.exportData(), if: condition)
            } catch is RemotePreconditionFailed {
                lock.withLock { uploading = nil }
                fail(.conflict)
                return
            } catch {
                lock.withLock { uploading = nil }
                fail(.failed("\(error)"))
                return
            }
            let (allSaved, recordError): (Bool, String?) = lock.withLock {
                etag = newETag
                savedGeneration = target
                let allSaved = generation == target
                // Cleared under the lock, so a change committed from now on starts a new upload.
                if allSaved { uploading = nil }
                do {
                    try WorkingCopyRecord(location: location, etag: newETag, unsaved: !allSaved).save(to: recordPath)
                    recordSaysUnsaved = !allSaved
                    return (allSaved, nil)
                } catch {
                    return (allSaved, "\(error)")
                }
            }
            if let recordError {
                if !allSaved { lock.withLock { uploading = nil } }
                fail(.failed("recording the uploaded version failed: \(recordError)"))
                return
            }
            if allSaved { return }
        }
    }

    /// A conditional write that recognises its own success: when a retried request finds the
    /// condition broken, the object is read to see whether the version there is the one an
    /// earlier attempt of this write made.
    private func upload(_ data: Data, if condition: RemoteWriteCondition) async throws -> String {
        let writeID = UUID().uuidString.lowercased()
        do {
            return try await storage.write(key, data: data, if: condition, writeID: writeID, contentType: "application/vnd.sqlite3")
        } catch let error as RemotePreconditionFailed {
            if let current = try await storage.read(key), current.writeID == writeID { return current.etag }
            throw error
        }
    }

    private func fail(_ failure: SaveFailure) {
        let handlers: [@Sendable () -> Void] = lock.withLock {
            guard self.failure == nil else { return [] }
            self.failure = failure
            return failureHandlers
        }
        for handler in handlers { handler() }
    }

    // MARK: Closing

    /// Saves what is unsaved; after a failure, says what happened and where the changes are.
    /// After a conflict the working copy is kept aside and dropped, so the next run starts
    /// from the remote state; after another failure it stays, marked unsaved, for the next
    /// run to upload. `remoteIsBehind` says the remote state lacks changes that only this
    /// directory has (so nobody should work from it yet).
    func finish() async -> (remoteIsBehind: Bool, diagnostics: Diagnostics) {
        guard let failure = await save() else { return (false, Diagnostics()) }
        var diagnostics = Diagnostics()
        switch failure {
        case .conflict:
            do {
                let kept = try keepAside()
                diagnostics.error("State changed by another writer", explain(.conflict, keptAt: kept))
            } catch {
                diagnostics.error("State changed by another writer", explain(.conflict, keptAt: workingPath) + " (Copying it aside failed: \(error).)")
            }
        case .failed:
            diagnostics.error("Failed to save state", explain(failure, keptAt: workingPath))
            return (true, diagnostics)
        }
        return (false, diagnostics)
    }

    func explain(_ failure: SaveFailure, keptAt path: String) -> String {
        let serial = (try? store?.metadata().serial).map { " (serial \($0))" } ?? ""
        switch failure {
        case .conflict:
            return """
                The state in \(location) was changed by another writer after this run read it, so prov did not \
                overwrite it and started no further changes. Nothing this run did is lost: its state\(serial) is \
                kept in \(path). Compare it with the state in \(location) (prov show \(path)) and bring what \
                the remote state lacks back with prov import. Another writer can only get in when the lock is \
                bypassed (-lock=false, force-unlock, use_lockfile = false).
                """
        case .failed(let reason):
            return """
                Saving the state to \(location) failed: \(reason). Nothing this run did is lost: its state\(serial) \
                is kept in \(path), and the next prov command in this directory uploads it, provided nobody \
                changes the state in \(location) meanwhile. The state lock stays in place until then.
                """
        }
    }

    /// Copies the working copy (opened if need be) to a new file beside it, removes the working
    /// copy and its record, and returns the new file's path.
    private func keepAside() throws -> String {
        let source = try store ?? StateStore.open(at: workingPath)
        let data = try source.exportData()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let kept = directory + "/unsaved-\(formatter.string(from: Date()))-\(UUID().uuidString.prefix(8).lowercased()).state.db"
        try PrivateFiles.replaceDatabase(at: kept, with: data)
        PrivateFiles.removeDatabase(at: workingPath)
        try? FileManager.default.removeItem(atPath: recordPath)
        return kept
    }
}
