/// Limits how many provider operations run at once. A permit is taken only around real work,
/// never while a node waits for its dependencies, so waiting never holds capacity.
///
/// An adaptive limiter moves its limit with what the provider's calls report (see
/// `CallFeedback`), as TCP moves its window: each call that succeeds quickly while operations
/// wait for a permit lets one more run (so the limit doubles per round of calls: slow start);
/// a call the cloud throttles halves it, once per round, since the calls already in flight
/// when the cloud first pushed back report throttling too. It never exceeds the maximum the
/// user set, nor goes below one.
public actor ConcurrencyLimiter {
    private var limit: Int
    private let maximum: Int
    private let adapts: Bool
    private var running = 0
    /// Operations waiting for a permit, first come first served from `nextWaiter` on (so a
    /// long queue is not shifted at every start).
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextWaiter = 0
    private var hasWaiters: Bool { nextWaiter < waiters.count }
    /// The fastest answer seen per operation, which says what "quick" means for it.
    private var fastest: [String: Duration] = [:]
    /// Calls reported since the limit was last lowered.
    private var reportsSinceDecrease = Int.max

    /// A fixed limit.
    public init(limit: Int) {
        self.limit = max(1, limit)
        self.maximum = self.limit
        self.adapts = false
    }

    /// A limit that starts at `initial` and adapts between one and `maximum`.
    public init(adaptiveFrom initial: Int, maximum: Int) {
        self.maximum = max(1, maximum)
        self.limit = min(max(1, initial), self.maximum)
        self.adapts = true
    }

    /// Terraform's default parallelism, where a run's limit starts.
    public static let initialParallelism = 10
    /// How high a run's limit may grow when the user sets none: as many connections as the
    /// HTTP client keeps to one host.
    public static let defaultMaximum = 64

    /// The limit for a run: starts at Terraform's default and adapts up to `maximum` (the
    /// user's `-parallelism`), or `defaultMaximum` without one.
    public static func forRun(maximum: Int?) -> ConcurrencyLimiter {
        ConcurrencyLimiter(adaptiveFrom: initialParallelism, maximum: maximum ?? defaultMaximum)
    }

    public var currentLimit: Int { limit }

    /// Raises or lowers the limit; waiters start as capacity frees up.
    public func setLimit(_ newLimit: Int) {
        limit = max(1, newLimit)
        resumeWaiters()
    }

    /// Adapts the limit to how one call went.
    public func record(_ outcome: CallOutcome) {
        guard adapts else { return }
        if reportsSinceDecrease < Int.max { reportsSinceDecrease += 1 }
        switch outcome {
        case .throttled:
            guard reportsSinceDecrease >= limit else { return }
            limit = max(1, limit / 2)
            reportsSinceDecrease = 0
        case .succeeded(let operation, let latency):
            let best = min(fastest[operation] ?? latency, latency)
            fastest[operation] = best
            guard hasWaiters, limit < maximum, latency <= Self.quickBound(fastest: best) else { return }
            limit += 1
            resumeWaiters()
        }
    }

    /// How slow an answer may be and still count as quick: twice the operation's fastest, with
    /// some room for the jitter of fast calls.
    static func quickBound(fastest: Duration) -> Duration {
        fastest * 2 + .milliseconds(50)
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        running -= 1
        resumeWaiters()
    }

    private func resumeWaiters() {
        while running < limit, hasWaiters {
            running += 1
            let waiter = waiters[nextWaiter]
            nextWaiter += 1
            waiter.resume()
        }
        if !hasWaiters {
            waiters.removeAll(keepingCapacity: true)
            nextWaiter = 0
        }
    }

    /// Runs `body` holding a permit. Outside the actor, so that the body runs on its own task
    /// with the feedback channel bound (see `CallFeedback`), not on the limiter's executor.
    public nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        do {
            let result = adapts
                ? try await CallFeedback.$current.withValue(CallFeedback { [self] outcome in Task { await self.record(outcome) } }) { try await body() }
                : try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}
