import Foundation

/// Set on the first Ctrl-C: no new operation starts, those in flight finish and are recorded.
public final class StopSignal: @unchecked Sendable {
    // @unchecked: `stopped` is guarded by `lock`.
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    public var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }
}
