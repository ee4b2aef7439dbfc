import Foundation
import Testing

@testable import Providers

struct CachingCredentialsProviderTests {
    /// Hands out credentials numbered by fetch, each valid for `lifetime` from the clock's
    /// time; can be told to fail, and to take a while.
    final class ExpiringSource: AWSCredentialsProvider, @unchecked Sendable {
        // @unchecked: the mutable properties are only touched under `lock`.
        private let lock = NSLock()
        private var fetches = 0
        private var failing = false
        let clock: VirtualClock
        let lifetime: TimeInterval
        let delay: Duration
        let sourceDescription = "an expiring test source"

        init(clock: VirtualClock, lifetime: TimeInterval = 3600, delay: Duration = .zero) {
            self.clock = clock
            self.lifetime = lifetime
            self.delay = delay
        }

        var count: Int { lock.withLock { fetches } }
        func fail(_ value: Bool) { lock.withLock { failing = value } }

        func credentials() async throws -> AWSCredentials {
            if delay > .zero { try await Task.sleep(for: delay) }
            let (number, shouldFail) = lock.withLock { () -> (Int, Bool) in
                fetches += 1
                return (fetches, failing)
            }
            if shouldFail { throw AWSCredentialsError.invalid(source: sourceDescription, reason: "refresh failed") }
            return AWSCredentials(
                accessKeyId: "ASIA\(number)", secretAccessKey: "s", sessionToken: "t",
                expiration: clock.now.addingTimeInterval(lifetime))
        }
    }

    @Test func reusesCredentialsUntilTheRefreshWindowThenFetchesNewOnes() async throws {
        let clock = VirtualClock()
        let source = ExpiringSource(clock: clock)
        let cache = CachingCredentialsProvider(source, refreshWindow: .seconds(300), clock: clock.clock)
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(by: .seconds(3299))
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(by: .seconds(1))
        #expect(try await cache.credentials().accessKeyId == "ASIA2", "five minutes before expiry the credentials are refreshed")
        #expect(source.count == 2)
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let clock = VirtualClock()
        let source = ExpiringSource(clock: clock, delay: .milliseconds(100))
        let cache = CachingCredentialsProvider(source, clock: clock.clock)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIA1"])
        #expect(source.count == 1)
    }

    @Test func keepsUsingCredentialsThatHaveNotExpiredWhenARefreshFails() async throws {
        let clock = VirtualClock()
        let source = ExpiringSource(clock: clock)
        let cache = CachingCredentialsProvider(source, clock: clock.clock)
        _ = try await cache.credentials()
        source.fail(true)
        clock.advance(by: .seconds(3400))
        #expect(try await cache.credentials().accessKeyId == "ASIA1")
        clock.advance(by: .seconds(200))
        await #expect(throws: AWSCredentialsError.self) { _ = try await cache.credentials() }
        source.fail(false)
        #expect(try await cache.credentials().accessKeyId == "ASIA4")
    }

    @Test func keepsLongLivedCredentialsForGood() async throws {
        let counter = CountingProvider(credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s"))
        let clock = VirtualClock()
        let cache = CachingCredentialsProvider(counter, clock: clock.clock)
        _ = try await cache.credentials()
        clock.advance(by: .seconds(86_400 * 365))
        _ = try await cache.credentials()
        #expect(counter.calls == 1)
    }
}
