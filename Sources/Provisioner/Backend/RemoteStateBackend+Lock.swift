import Foundation
import ResourceGraph

/// A lock object taken by this run.
struct HeldRemoteLock: Sendable {
    var info: LockInfo
}

/// How long waiting for a lock has taken, and how to wait more: the system's clock, or a
/// scripted one in tests.
struct LockWaitClock: Sendable {
    /// Time since a fixed origin.
    var now: @Sendable () -> Duration
    var sleep: @Sendable (Duration) async throws -> Void

    static let system: LockWaitClock = {
        let clock = ContinuousClock()
        let origin = clock.now
        return LockWaitClock(now: { clock.now - origin }, sleep: { try await clock.sleep(for: $0) })
    }()
}

/// The state lock of a remote state: an object at `<state key>.tflock`, created only if absent
/// (`If-None-Match: *`), so of two runs racing for it exactly one gets it; the other finds the
/// holder's lock info in it. Released by deleting it, only while it is still ours.
extension RemoteStateBackend {
    func takeLock(of workspace: String, _ request: StateLockRequest?) async throws -> HeldRemoteLock? {
        guard let request, usesLockObject else { return nil }
        let key = layout.lockKey(of: workspace)
        let info = LockInfo(
            id: UUID().uuidString.lowercased(), operation: request.operation, who: StateStore.currentUser(),
            createdAt: Timestamp.now(), processID: Int(getpid()), host: ProcessInfo.processInfo.hostName)
        let document = RemoteLockDocument.encode(info, path: storage.location(of: layout.stateKey(of: workspace)))
        let deadline = clock.now() + request.timeout
        var delay = Duration.milliseconds(100)
        while true {
            do {
                _ = try await storage.write(key, data: document, if: .absent, writeID: info.id, contentType: "application/json")
                return HeldRemoteLock(info: info)
            } catch is RemotePreconditionFailed {
                // Held: by whom? (Gone again by now means it was released: try again at once.)
                guard let existing = try await storage.read(key) else { continue }
                let holder = RemoteLockDocument.decode(existing.data)
                // A retried request whose first attempt created the lock.
                if existing.writeID == info.id || holder.id == info.id { return HeldRemoteLock(info: info) }
                if holder.isAbandoned(on: info.host) {
                    do {
                        try await storage.delete(key, ifMatch: existing.etag)
                    } catch is RemotePreconditionFailed {
                        // Replaced meanwhile: look again.
                    }
                    continue
                }
                let now = clock.now()
                guard now < deadline else { throw StateLockedError(holder: holder, path: location(of: workspace)) }
                try await clock.sleep(min(delay, deadline - now))
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    /// Deletes the lock object if it is still ours; says so if someone removed or replaced it.
    func releaseLock(_ held: HeldRemoteLock, of workspace: String) async -> Diagnostics {
        let key = layout.lockKey(of: workspace)
        var diagnostics = Diagnostics()
        do {
            guard let current = try await storage.read(key) else {
                diagnostics.append(.warning("State lock already removed", "The lock \(held.info.id) on \(location(of: workspace)) was removed by someone else (prov force-unlock?) while this run held it."))
                return diagnostics
            }
            let holder = RemoteLockDocument.decode(current.data)
            guard holder.id == held.info.id else {
                diagnostics.append(.warning("State lock taken over", "The lock \(held.info.id) on \(location(of: workspace)) was replaced while this run held it; the lock now there (\(holder.id), \(holder.operation) by \(holder.who)) was left in place."))
                return diagnostics
            }
            try await storage.delete(key, ifMatch: current.etag)
        } catch {
            diagnostics.error("Error releasing the state lock", "The lock \(held.info.id) on \(location(of: workspace)) could not be released: \(error). Remove it with: prov force-unlock \(held.info.id)")
        }
        return diagnostics
    }

    public func currentLock(of workspace: String) async throws -> LockInfo? {
        try await storage.read(layout.lockKey(of: workspace)).map { RemoteLockDocument.decode($0.data) }
    }

    public func forceUnlock(_ workspace: String, id: String) async throws -> Bool {
        let key = layout.lockKey(of: workspace)
        guard let current = try await storage.read(key), RemoteLockDocument.decode(current.data).id == id else { return false }
        do {
            try await storage.delete(key, ifMatch: current.etag)
            return true
        } catch is RemotePreconditionFailed {
            return false
        }
    }
}
