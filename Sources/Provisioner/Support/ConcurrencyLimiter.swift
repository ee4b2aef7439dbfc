/// Limits how many provider calls run at once. A permit is taken only around real work, never
/// while a node waits for its dependencies, so waiting never holds capacity.
public actor ConcurrencyLimiter {
    private var limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public var currentLimit: Int { limit }

    /// Raises or lowers the limit; waiters start as capacity frees up.
    public func setLimit(_ newLimit: Int) {
        limit = max(1, newLimit)
        resumeWaiters()
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
        while running < limit, !waiters.isEmpty {
            running += 1
            waiters.removeFirst().resume()
        }
    }

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}
