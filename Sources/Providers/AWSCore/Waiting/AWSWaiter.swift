import Foundation

/// What one look at a resource found.
public enum WaitStatus<Result: Sendable>: Sendable {
    /// The resource reached the wanted state.
    case done(Result)
    /// Not yet; the reason says what was seen ("state is pending").
    case pending(String)
    /// It never will (a failed state); the reason says why.
    case failed(String)
}

/// Told after every look that found the resource not ready, before the pause.
public struct WaitProgress: Sendable, Equatable {
    /// Looks so far (1 after the first).
    public var attempt: Int
    public var elapsed: Duration
    /// The reason the last look gave.
    public var status: String
    /// The pause before the next look.
    public var nextCheck: Duration
}

public struct AWSWaiterError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case timedOut
        case failed
    }

    public var kind: Kind
    /// What was awaited, e.g. "NAT gateway nat-0abc to become available".
    public var what: String
    /// The last reason seen.
    public var reason: String
    public var elapsed: Duration

    public var description: String {
        switch kind {
        case .timedOut:
            "timed out after \(HTTPTransportError.describe(elapsed)) waiting for \(what) (last seen: \(reason))"
        case .failed:
            "gave up waiting for \(what): \(reason)"
        }
    }
}

/// Looks at a resource until it is ready, fails, or the time is up: the generic form of the
/// SDKs' waiters, with the state check supplied by the caller.
///
/// Pauses grow from `minDelay`, doubling up to `maxDelay`, each a random time between
/// `minDelay` and that bound, so that many resources awaited together do not poll in step.
public struct AWSWaiter: Sendable {
    public var timeout: Duration
    public var minDelay: Duration
    public var maxDelay: Duration
    public var clock: AWSClock
    /// Returns a number in [0, 1) for the jitter.
    public var random: @Sendable () -> Double

    public init(
        timeout: Duration, minDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(30),
        clock: AWSClock = .system, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.timeout = timeout
        self.minDelay = minDelay
        self.maxDelay = max(minDelay, maxDelay)
        self.clock = clock
        self.random = random
    }

    /// Calls `poll` until it says done (returning its result) or failed (throwing
    /// `AWSWaiterError.failed`), or until `timeout` has passed (throwing `.timedOut`). Errors
    /// `poll` throws end the wait; a caller that expects "not found" while a resource appears
    /// turns that into `.pending` itself.
    public func wait<Result: Sendable>(
        for what: String,
        progress: (@Sendable (WaitProgress) -> Void)? = nil,
        poll: () async throws -> WaitStatus<Result>
    ) async throws -> Result {
        let start = clock.now()
        var attempt = 0
        while true {
            attempt += 1
            let status = try await poll()
            let elapsed = Duration.seconds(clock.now().timeIntervalSince(start))
            switch status {
            case .done(let result):
                return result
            case .failed(let reason):
                throw AWSWaiterError(kind: .failed, what: what, reason: reason, elapsed: elapsed)
            case .pending(let reason):
                guard elapsed < timeout else {
                    throw AWSWaiterError(kind: .timedOut, what: what, reason: reason, elapsed: elapsed)
                }
                let delay = min(delay(afterAttempt: attempt), timeout - elapsed)
                progress?(WaitProgress(attempt: attempt, elapsed: elapsed, status: reason, nextCheck: delay))
                try await clock.sleep(delay)
            }
        }
    }

    func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(minDelay * (1 << exponent), maxDelay)
        return minDelay + (ceiling - minDelay) * random()
    }
}
