/// Why a request got no response. The descriptions are shown to users, so they say what failed
/// and where, and never carry request headers, bodies or query strings: those can hold
/// credentials and signatures.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens on the port: the request never left this machine's network stack.
    case connectionRefused(host: String, port: Int)
    /// The host name does not resolve.
    case hostNotFound(host: String)
    /// No complete response within the time allowed. `url` has no query string.
    case timedOut(after: Duration, url: String)
    /// The connection broke (reset, or closed early) before a complete response arrived.
    case connectionReset(host: String, port: Int)
    /// TLS could not be set up, e.g. the certificate did not verify.
    case tls(host: String, message: String)
    /// A header the request carries cannot be put on the wire as it is (a line break in it would
    /// let it forge further headers).
    case invalidHeader(name: String)
    /// Any other failure, with libcurl's code and explanation. `url` has no query string.
    case transfer(code: Int, message: String, url: String)

    public var description: String {
        switch self {
        case let .connectionRefused(host, port):
            "could not connect to \(host):\(port): connection refused — is the endpoint running?"
        case let .hostNotFound(host):
            "could not resolve host '\(host)' — check the endpoint URL or region"
        case let .timedOut(duration, url):
            "no response from \(url) within \(Self.describe(duration)) (timed out)"
        case let .connectionReset(host, port):
            "the connection to \(host):\(port) broke before a complete response arrived"
        case let .tls(host, message):
            "TLS with \(host) failed: \(message)"
        case let .invalidHeader(name):
            "header '\(name)' cannot be sent: its name or value contains a line break or other control character"
        case let .transfer(code, message, url):
            "request to \(url) failed: \(message) (curl error \(code))"
        }
    }

    /// Whether sending the same request again may succeed: the failure is about the network or
    /// the server's momentary state, not about the request or the configuration.
    public var isRetryable: Bool {
        switch self {
        case .connectionRefused, .timedOut, .connectionReset:
            true
        case .hostNotFound, .tls, .invalidHeader:
            false
        case let .transfer(code, _, _):
            Self.connectFailureCodes.contains(code)
        }
    }

    /// Whether the server may have received (and acted on) the request. When false, a retry
    /// cannot duplicate a side effect such as creating a resource; when true the caller must
    /// find out what happened before repeating a non-idempotent request.
    public var mayHaveReachedServer: Bool {
        switch self {
        case .connectionRefused, .hostNotFound, .tls, .invalidHeader:
            false
        case .timedOut, .connectionReset:
            true
        case let .transfer(code, _, _):
            !Self.failuresBeforeSending.contains(code)
        }
    }

    /// libcurl's CURLE_COULDNT_CONNECT for reasons other than a refusal (network or host
    /// unreachable): nothing was sent, and the network may come back.
    static let connectFailureCodes: Set<Int> = [7]
    /// Codes that libcurl only reports before any byte of the request is written: unsupported
    /// protocol, failed setup, malformed URL, feature not built in, proxy not resolved, could
    /// not connect, bad option argument, unknown option.
    static let failuresBeforeSending: Set<Int> = [1, 2, 3, 4, 5, 7, 43, 48]

    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(milliseconds / 1000).\(milliseconds % 1000 / 100) s"
    }
}
