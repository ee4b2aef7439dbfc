import Foundation

/// Set on the first Ctrl-C: no new operation starts, those in flight finish and are recorded.
public final class StopSignal: @unchecked Sendable {
    // @unchecked: `stopped` and `handlers` are guarded by `lock`.
    private let lock = NSLock()
    private var stopped = false
    private var handlers: [@Sendable () -> Void] = []

    public init() {}

    public func stop() {
        let toRun: [@Sendable () -> Void] = lock.withLock {
            guard !stopped else { return [] }
            stopped = true
            return handlers
        }
        for handler in toRun { handler() }
    }

    public var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Runs `handler` when the signal is first set (at once if it already is), so the engine
    /// can say what it is still waiting for.
    func onStop(_ handler: @escaping @Sendable () -> Void) {
        let runNow: Bool = lock.withLock {
            if stopped { return true }
            handlers.append(handler)
            return false
        }
        if runNow { handler() }
    }
}
