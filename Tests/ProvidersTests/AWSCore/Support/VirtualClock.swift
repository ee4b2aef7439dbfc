import Foundation
import Providers

/// A clock for retries and waiters that never waits: `sleep` records the duration and moves
/// the time forward by it.
final class VirtualClock: @unchecked Sendable {
    // @unchecked: both properties are only touched under `lock`.
    private let lock = NSLock()
    private var current: Date
    private var recordedSleeps: [Duration] = []

    init(start: Date = Date(timeIntervalSince1970: 1_715_933_350)) {
        current = start
    }

    var sleeps: [Duration] { lock.withLock { recordedSleeps } }
    var now: Date { lock.withLock { current } }

    func advance(by duration: Duration) {
        lock.withLock { current += duration.inSeconds }
    }

    var clock: AWSClock {
        AWSClock(
            now: { [self] in now },
            sleep: { [self] duration in
                try Task.checkCancellation()
                lock.withLock {
                    recordedSleeps.append(duration)
                    current += duration.inSeconds
                }
            })
    }
}

extension Duration {
    var inSeconds: TimeInterval {
        let (whole, fraction) = components
        return TimeInterval(whole) + TimeInterval(fraction) / 1e18
    }
}
