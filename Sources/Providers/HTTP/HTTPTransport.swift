/// Something that sends an `HTTPRequest` exactly as built (it is already signed) and returns the
/// whole response. HTTP error statuses are responses, not errors; only failures to get a response
/// at all throw, as `HTTPTransportError` or `CancellationError`.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// AWS API calls answer within seconds; a minute leaves room for slow control-plane calls
    /// without letting a dead endpoint hang a run for curl's own much longer defaults.
    public static var defaultTimeout: Duration { .seconds(60) }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, timeout: Self.defaultTimeout)
    }
}
