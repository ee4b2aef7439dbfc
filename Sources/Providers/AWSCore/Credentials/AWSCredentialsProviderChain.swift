import Foundation

/// Tries sources in order and uses the first that has credentials. Once one has answered, later
/// calls go straight to it (as the SDKs' default chains do), so a run does not mix identities
/// and does not probe the metadata service before every request.
///
/// A source that reports `notFound` is skipped; any other failure stops the chain, because a
/// source that is configured but broken (a profile naming a missing role, a key without its
/// secret) should be fixed, not silently replaced by another identity.
public final class AWSCredentialsProviderChain: AWSCredentialsProvider, @unchecked Sendable {
    // @unchecked: `chosen` is only touched under `lock`; the providers are immutable.
    public let providers: [any AWSCredentialsProvider]
    private let lock = NSLock()
    private var chosen: (any AWSCredentialsProvider)?

    public init(_ providers: [any AWSCredentialsProvider]) {
        self.providers = providers
    }

    public var sourceDescription: String {
        providers.map(\.sourceDescription).joined(separator: ", then ")
    }

    public func credentials() async throws -> AWSCredentials {
        if let chosen = lock.withLock({ chosen }) {
            return try await chosen.credentials()
        }
        var attempts: [AWSCredentialsError.Attempt] = []
        for provider in providers {
            do {
                let credentials = try await provider.credentials()
                lock.withLock { chosen = provider }
                return credentials
            } catch AWSCredentialsError.notFound(let source, let reason) {
                attempts.append(.init(source: source, reason: reason))
            } catch AWSCredentialsError.noneFound(let inner) {
                attempts += inner
            }
        }
        throw AWSCredentialsError.noneFound(attempts)
    }
}
