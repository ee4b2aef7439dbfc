import Foundation

/// The time source of retries, waiters and request signing, injectable so tests neither wait
/// for back-offs nor depend on the time of day.
public struct AWSClock: Sendable {
    /// The current time: signs requests and measures how long a waiter has waited.
    public var now: @Sendable () -> Date
    /// Suspends for a duration; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = AWSClock(
        now: { Date() },
        sleep: { duration in try await Task.sleep(for: duration) })
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
