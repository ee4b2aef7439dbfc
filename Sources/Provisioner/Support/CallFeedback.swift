/// How one of a provider's calls to its cloud went.
public enum CallOutcome: Sendable, Equatable {
    /// Answered, after `latency`; `operation` names the call ("ec2:DescribeSubnets"), so that
    /// what counts as quick is judged per operation.
    case succeeded(operation: String, latency: Duration)
    /// The cloud asked to slow down.
    case throttled
}

/// Where providers report how their calls go. The engine binds one around each provider
/// operation it runs under an adaptive `ConcurrencyLimiter`; it is a task-local, so it reaches
/// every call the operation makes, in child tasks too, without passing it along.
public final class CallFeedback: Sendable {
    private let receive: @Sendable (CallOutcome) -> Void

    public init(_ receive: @escaping @Sendable (CallOutcome) -> Void) {
        self.receive = receive
    }

    @TaskLocal public static var current: CallFeedback?

    /// Tells the operation's limiter, if any, how a call went.
    public static func report(_ outcome: @autoclosure () -> CallOutcome) {
        current?.receive(outcome())
    }
}
