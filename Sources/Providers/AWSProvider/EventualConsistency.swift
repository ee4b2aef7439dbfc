import Foundation
import Provisioner

/// AWS's eventual consistency: an object made a moment ago (an IAM role above all) is not yet
/// known everywhere, so calls that name it can fail for a while with errors that go away by
/// themselves ("MalformedPolicyDocument: Invalid principal in policy" for a role just created,
/// "The role defined for the function cannot be assumed by Lambda", NoSuchEntity). Where the
/// provider retries such calls, prov retries them the same way, for a bounded time.
enum EventualConsistency {
    /// How long the provider waits for IAM changes to propagate (its `propagationTimeout`).
    static let propagationTimeout: Duration = .seconds(120)

    /// Thrown by an operation to say that what it looks for is not visible yet (retried like
    /// AWS's own not-found errors where the caller allows it).
    struct NotVisibleYet: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `error` is an AWS error with this code whose message contains `fragment`.
    static func isError(_ error: any Error, code: String, messageContaining fragment: String = "") -> Bool {
        guard let error = error as? AWSError, error.code == code else { return false }
        return fragment.isEmpty || error.message.contains(fragment)
    }
}

/// Runs `operation`, trying again while `isRetryable` says its failure is AWS not having caught
/// up yet, until `timeout`; then the last failure is thrown. Waits between tries grow from one
/// second to ten, on the client's clock (so tests need not wait), and each wait is reported as
/// progress of the operation (`what` says what is being done: "adding IAM Role x to …").
func retryWhileEventuallyConsistent<Result: Sendable>(
    _ what: String, timeout: Duration = EventualConsistency.propagationTimeout, in context: AWSContext,
    isRetryable: (any Error) -> Bool, operation: () async throws -> Result
) async throws -> Result {
    let clock = context.client.configuration.clock
    let start = clock.now()
    var delay = Duration.seconds(1)
    while true {
        do {
            return try await operation()
        } catch where isRetryable(error) {
            let elapsed = Duration.seconds(clock.now().timeIntervalSince(start))
            guard elapsed < timeout else { throw error }
            context.progress("\(what): waiting for AWS to catch up (\(EventualConsistency.summary(error)))")
            try await clock.sleep(min(delay, timeout - elapsed))
            delay = min(delay * 2, .seconds(10))
        }
    }
}

extension EventualConsistency {
    /// An error in a few words for progress lines: AWS's code and message.
    static func summary(_ error: any Error) -> String {
        guard let error = error as? AWSError else { return "\(error)" }
        return [error.code, error.message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
    }
}

// MARK: Services that use an instance profile made a moment ago

/// For the types of other services that name an instance profile, e.g. an EC2 instance's
/// launch:
///
///     try await retryWhileEventuallyConsistent("creating EC2 Instance", in: context,
///         isRetryable: EventualConsistency.isInstanceProfileNotReady) { try await runInstances() }
///
/// (Lambda's refusals of a role just made have their own test and timeout in LambdaSupport.)
extension EventualConsistency {
    /// EC2 (RunInstances, RequestSpotInstances) or Auto Scaling (CreateLaunchConfiguration)
    /// refusing an instance profile, or its role, that IAM has not spread yet, as the provider
    /// recognises it.
    static func isInstanceProfileNotReady(_ error: any Error) -> Bool {
        isError(error, code: "InvalidParameterValue", messageContaining: "Invalid IAM Instance Profile")
            || isError(error, code: "InvalidParameterValue", messageContaining: " has no associated IAM Roles")
            || isError(error, code: "ValidationError", messageContaining: "Invalid IamInstanceProfile")
            || isError(error, code: "ValidationError", messageContaining: "You are not authorized to perform this operation")
    }
}
