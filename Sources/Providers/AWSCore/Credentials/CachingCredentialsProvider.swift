import Foundation

/// Keeps the credentials another provider gave until they are about to expire, and fetches
/// new ones before they do.
///
/// A run makes hundreds of concurrent calls, each asking for credentials: they share one
/// fetch instead of each assuming the role or asking the metadata service. Credentials without
/// an expiry are kept for good. If a refresh fails while the old credentials have not yet
/// expired (they are only inside the refresh window), the old ones are used and the next
/// call tries again.
public final class CachingCredentialsProvider: AWSCredentialsProvider, @unchecked Sendable {
    // @unchecked: `cached` and `refresh` are only touched under `lock`.
    public let inner: any AWSCredentialsProvider
    /// How long before expiry to fetch new credentials; the SDKs use a few minutes, so that a
    /// request signed just before expiry does not arrive with expired credentials.
    public let refreshWindow: Duration
    private let clock: AWSClock
    private let lock = NSLock()
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials, any Error>?

    public init(_ inner: any AWSCredentialsProvider, refreshWindow: Duration = .seconds(300), clock: AWSClock = .system) {
        self.inner = inner
        self.refreshWindow = refreshWindow
        self.clock = clock
    }

    public var sourceDescription: String { inner.sourceDescription }

    public func credentials() async throws -> AWSCredentials {
        let now = clock.now()
        enum Next { case use(AWSCredentials), wait(Task<AWSCredentials, any Error>) }
        let next: Next = lock.withLock {
            if let cached, isFresh(cached, at: now) { return .use(cached) }
            if let refresh { return .wait(refresh) }
            let inner = inner
            let started = Task { try await inner.credentials() }
            refresh = started
            return .wait(started)
        }
        let task: Task<AWSCredentials, any Error>
        switch next {
        case .use(let credentials): return credentials
        case .wait(let pending): task = pending
        }
        do {
            let credentials = try await task.value
            lock.withLock {
                if refresh == task {
                    cached = credentials
                    refresh = nil
                }
            }
            return credentials
        } catch {
            let fallback: AWSCredentials? = lock.withLock {
                if refresh == task { refresh = nil }
                guard let cached, let expiration = cached.expiration, clock.now() < expiration else { return nil }
                return cached
            }
            if let fallback { return fallback }
            throw error
        }
    }

    private func isFresh(_ credentials: AWSCredentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return now < expiration - refreshWindow.timeInterval
    }
}
