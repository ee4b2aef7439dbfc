import Foundation

/// The standard retry mode's token bucket, shared by every call of one client: retries of
/// transient failures take tokens, successes put some back. When a service is failing for
/// everyone, the bucket runs dry and calls fail at once instead of multiplying the load on it.
///
/// Unlike the SDKs, retries after throttling take no tokens. A provisioning run sends bursts
/// of hundreds of calls and is throttled as a matter of course; backing off already slows it
/// down, and failing resources because a shared bucket emptied during a burst is what led the
/// Terraform provider to turn the SDK's bucket off altogether.
final class AWSRetryBudget: @unchecked Sendable {
    // @unchecked: `tokens` is only touched under `lock`.
    static let capacity = 500
    static let retryCost = 5
    static let timeoutCost = 10
    /// Given back by a call that succeeded at the first attempt.
    static let successRefund = 1

    private let lock = NSLock()
    private var tokens: Int

    init(tokens: Int = AWSRetryBudget.capacity) {
        self.tokens = tokens
    }

    var available: Int {
        lock.withLock { tokens }
    }

    /// Takes `cost` tokens if there are that many.
    func acquire(_ cost: Int) -> Bool {
        lock.withLock {
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    /// A call succeeded: it returns the tokens its retries took, or one token if it needed none.
    func recordSuccess(tokensTaken: Int) {
        lock.withLock {
            tokens = min(Self.capacity, tokens + (tokensTaken > 0 ? tokensTaken : Self.successRefund))
        }
    }
}
