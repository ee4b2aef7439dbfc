import Foundation
import Providers

/// An in-process `HTTPTransport` for unit tests of encoding and decoding: it records every
/// request it is given and answers from a script, one entry per request (the last entry
/// repeats). Nothing goes on a network.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: both arrays are only touched under `lock`.
    enum Answer: Sendable {
        case response(HTTPResponse)
        case failure(HTTPTransportError)
    }

    private let lock = NSLock()
    private var script: [Answer]
    private var recorded: [HTTPRequest] = []

    init(_ script: [Answer]) {
        precondition(!script.isEmpty, "a RecordingTransport needs at least one answer")
        self.script = script
    }

    convenience init(status: Int = 200, headers: HTTPHeaders = [:], body: String) {
        self.init([.response(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))])
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }
    var lastRequest: HTTPRequest? { requests.last }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let answer = lock.withLock {
            recorded.append(request)
            return script.count > 1 ? script.removeFirst() : script[0]
        }
        switch answer {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }
}

extension RecordingTransport.Answer {
    static func answer(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> Self {
        .response(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
    }
}

/// Test keys; the secret is distinctive so tests can check it appears nowhere.
enum TestKeys {
    static let accessKeyId = "AKIDPROVUNITTEST0001"
    static let secretAccessKey = "prov/UNIT+test/secret/NEVER/PRINT/0001"
    static let credentials = AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
    static var provider: StaticCredentialsProvider { StaticCredentialsProvider(credentials) }
}

extension AWSClient {
    /// A client for unit tests: fixed region and keys, the given transport, a virtual clock,
    /// no environment, and retry jitter fixed at its maximum so delays are predictable.
    static func forTesting(
        transport: any HTTPTransport, region: String = "eu-west-1", clock: VirtualClock = VirtualClock(),
        maxRetries: Int = 25, endpointOverrides: [String: String] = [:],
        credentials: any AWSCredentialsProvider = TestKeys.provider,
        onRetry: (@Sendable (AWSRetryEvent) -> Void)? = nil,
        configure: (inout AWSClientConfiguration) -> Void = { _ in }
    ) -> AWSClient {
        var configuration = AWSClientConfiguration(
            region: region, credentials: credentials, endpointOverrides: endpointOverrides,
            maxRetries: maxRetries, transport: transport, environment: [:])
        configuration.clock = clock.clock
        configuration.retryPolicy.random = { 0.999_999 }
        configuration.onRetry = onRetry
        configure(&configuration)
        return AWSClient(configuration: configuration)
    }
}

extension HTTPRequest {
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
