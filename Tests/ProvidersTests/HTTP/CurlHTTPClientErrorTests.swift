import Foundation
import Providers
import Testing

/// Failures to get any response come out as `HTTPTransportError`s that say what happened and
/// where, without a trace of the request's secrets.
struct CurlHTTPClientErrorTests {
    let client = CurlHTTPClient()

    @Test func closedPortIsConnectionRefused() async throws {
        let server = try await EchoServer.start()
        let endpoint = server.endpoint
        let port = server.port
        await server.stop()

        let request = HTTPRequest(method: "POST", endpoint: endpoint, path: "/", body: Data("x".utf8))
        let error = await #expect(throws: HTTPTransportError.self) { try await client.send(request) }
        #expect(error == .connectionRefused(host: "127.0.0.1", port: port))
        #expect(error?.description == "could not connect to 127.0.0.1:\(port): connection refused — is the endpoint running?")
        #expect(error?.isRetryable == true)
        #expect(error?.mayHaveReachedServer == false)
    }

    @Test func unknownHostIsHostNotFound() async throws {
        // .invalid never resolves (RFC 6761), with or without a network.
        let request = HTTPRequest(method: "GET", endpoint: URL(string: "http://no-such-endpoint.invalid:4566")!)
        let error = await #expect(throws: HTTPTransportError.self) { try await client.send(request) }
        #expect(error == .hostNotFound(host: "no-such-endpoint.invalid"))
        #expect(error?.description.contains("no-such-endpoint.invalid") == true)
        #expect(error?.isRetryable == false)
        #expect(error?.mayHaveReachedServer == false)
    }

    @Test func slowResponseTimesOut() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(
                method: "POST", endpoint: server.endpoint, path: "/slow",
                query: [("delay_ms", "60000"), ("X-Amz-Signature", "querysecret")],
                headers: ["Authorization": "AWS4-HMAC-SHA256 Signature=headersecret"],
                body: Data("bodysecret".utf8))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: HTTPTransportError.self) {
                try await client.send(request, timeout: .milliseconds(300))
            }
            // The server would answer after a minute: well before that, the timeout fired.
            #expect(clock.now - start < .seconds(20))
            #expect(error == .timedOut(after: .milliseconds(300), url: "http://127.0.0.1:\(server.port)/slow"))
            #expect(error?.isRetryable == true)
            #expect(error?.mayHaveReachedServer == true)
            let description = error?.description ?? ""
            #expect(description == "no response from http://127.0.0.1:\(server.port)/slow within 300 ms (timed out)")
            for secret in ["querysecret", "headersecret", "bodysecret"] {
                #expect(!description.contains(secret))
            }

            // A timed-out transfer leaves the client usable.
            let response = try await client.send(HTTPRequest(method: "GET", endpoint: server.endpoint))
            #expect(response.status == 200)
        }
    }

    @Test func headerWithLineBreakIsRefusedBeforeSending() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(
                method: "GET", endpoint: server.endpoint, headers: ["X-Injected": "a\r\nAuthorization: forged"])
            let error = await #expect(throws: HTTPTransportError.self) { try await client.send(request) }
            #expect(error == .invalidHeader(name: "X-Injected"))
            #expect(error?.description.contains("forged") == false)
            #expect(error?.mayHaveReachedServer == false)
        }
    }
}
