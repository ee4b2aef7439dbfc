/// When and how soon to send a failed request again: the AWS SDKs' "standard" retry mode.
///
/// Throttling and transient failures are retried up to `maxRetries` times, waiting a random
/// time between zero and `baseDelay · 2^(retry-1)` (capped at `maxDelay`) before each: "full
/// jitter", which spreads the retries of many concurrent callers instead of letting them
/// throttle again in step. A request that is not idempotent is only sent again when the
/// failure proves it was not acted on.
public struct AWSRetryPolicy: Sendable {
    /// Retries after the first attempt. The Terraform AWS provider's `max_retries` defaults to
    /// 25, and so does this.
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Returns a number in [0, 1) for the jitter; replaceable so tests are deterministic.
    public var random: @Sendable () -> Double

    public init(
        maxRetries: Int = 25, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
    }

    /// Codes with which services ask callers to slow down.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes for failures of the moment on the service's side.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        "ServiceUnavailable", "ServiceUnavailableException", "IDPCommunicationError",
    ]

    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Retries when nothing listens at the endpoint. A stopped service or a wrong
    /// endpoint does not fix itself during a run, so the user hears about it within a second
    /// or two instead of after the whole throttling budget; two retries still ride out a
    /// restart or a dropped listener.
    public static let unreachableRetries = 2

    /// Answers that say the request was turned away at the door: the throttling codes, 429 and
    /// 503 (the service is refusing work, not failing part-way through it).
    static let rejectedBeforeProcessingStatuses: Set<Int> = [429, 503]

    /// What went wrong with one attempt.
    enum Failure: Sendable, Equatable {
        case response(status: Int, code: String)
        case transport(HTTPTransportError)
    }

    enum Classification: Sendable, Equatable {
        case throttling
        case transient
        /// Transient, but a retry after a timeout costs the retry budget more: a timed-out
        /// service is the one most hurt by more load.
        case timeout
        /// Nothing listens at the endpoint: retried briefly, see `unreachableRetries`.
        case unreachable
        case permanent
    }

    enum Decision: Sendable, Equatable {
        /// Send again after a delay, taking `budgetCost` tokens from the retry budget.
        case retry(budgetCost: Int)
        case fail
        /// Give up and say the request may have taken effect.
        case failWithUnknownOutcome
    }

    func classify(_ failure: Failure) -> Classification {
        switch failure {
        case let .response(status, code):
            if Self.throttlingCodes.contains(code) || status == 429 { return .throttling }
            if Self.transientCodes.contains(code) || Self.transientStatuses.contains(status) { return .transient }
            return .permanent
        case .transport(let error):
            switch error {
            case .connectionRefused: return .unreachable
            case .timedOut: return .timeout
            default: return error.isRetryable ? .transient : .permanent
            }
        }
    }

    /// Whether the failure shows the request cannot have been acted on.
    func provesNotApplied(_ failure: Failure) -> Bool {
        switch failure {
        case let .response(status, code):
            Self.throttlingCodes.contains(code) || Self.rejectedBeforeProcessingStatuses.contains(status)
        case .transport(let error):
            !error.mayHaveReachedServer
        }
    }

    /// What to do after attempt number `attempt` (1 for the first) failed.
    func decide(_ failure: Failure, idempotent: Bool, attempt: Int) -> Decision {
        let classification = classify(failure)
        let mayHaveApplied = !provesNotApplied(failure)
        if classification == .permanent {
            // An error answer below 500 is a definite refusal. A failure without an answer
            // that may have reached the server leaves a non-idempotent request in doubt.
            if !idempotent, mayHaveApplied, case .transport = failure { return .failWithUnknownOutcome }
            return .fail
        }
        if !idempotent && mayHaveApplied { return .failWithUnknownOutcome }
        guard attempt <= maxRetries else { return .fail }
        switch classification {
        case .throttling: return .retry(budgetCost: 0)
        case .timeout: return .retry(budgetCost: AWSRetryBudget.timeoutCost)
        case .unreachable: return attempt <= Self.unreachableRetries ? .retry(budgetCost: AWSRetryBudget.retryCost) : .fail
        case .transient, .permanent: return .retry(budgetCost: AWSRetryBudget.retryCost)
        }
    }

    /// How long to wait before retry number `retry` (1 for the first retry).
    func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        return ceiling * random()
    }
}
