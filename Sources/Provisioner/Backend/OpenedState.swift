import Foundation
import ResourceGraph

/// A workspace's state opened by a backend for one command: the store to work on, the lock
/// held for it, and what closing must do (save to the backend, release the lock). Closing
/// happens once, whichever of the command and an interrupt gets there first.
public final class OpenedState: @unchecked Sendable {
    // @unchecked: the mutable fields are guarded by `lock`.
    public let store: StateStore
    public let heldLock: LockInfo?
    /// Where the state lives, for messages.
    public let location: String
    private let finish: @Sendable () async -> Diagnostics
    private let saveFailureHandlers: @Sendable (@escaping @Sendable () -> Void) -> Void
    private let lock = NSLock()
    private var closing: Task<Diagnostics, Never>?

    /// `finish` saves and releases; `onSaveFailure` registers a handler called when saving to
    /// the backend fails part-way through a run.
    init(
        store: StateStore, heldLock: LockInfo?, location: String,
        onSaveFailure: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { _ in },
        finish: @escaping @Sendable () async -> Diagnostics
    ) {
        self.store = store
        self.heldLock = heldLock
        self.location = location
        self.saveFailureHandlers = onSaveFailure
        self.finish = finish
    }

    /// Calls `handler` if a change cannot be saved to the backend (a remote state changed by
    /// another writer, or unreachable), so the run can stop making changes it cannot record.
    public func onSaveFailure(_ handler: @escaping @Sendable () -> Void) {
        saveFailureHandlers(handler)
    }

    /// Saves what is still unsaved and releases the lock. What went wrong is returned, never
    /// thrown: the command has its own outcome to report too. A second call waits for the
    /// first and reports nothing more.
    public func close() async -> Diagnostics {
        let (task, first) = lock.withLock { () -> (Task<Diagnostics, Never>, Bool) in
            if let closing { return (closing, false) }
            let task = Task { await finish() }
            closing = task
            return (task, true)
        }
        let diagnostics = await task.value
        return first ? diagnostics : Diagnostics()
    }
}
