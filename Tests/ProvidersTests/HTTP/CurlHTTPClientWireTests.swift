import Foundation
import Providers
import Testing

/// Requests are signed before they are sent, so what reaches the server must be exactly what
/// was built: method, path, query, headers and body bytes, and nothing curl adds on its own.
struct CurlHTTPClientWireTests {
    let client = CurlHTTPClient()

    @Test(arguments: ["GET", "POST", "PUT", "PATCH", "DELETE"])
    func sendsMethodWithoutBody(method: String) async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(method: method, endpoint: server.endpoint, path: "/things/1")
            let echo = try Echo(try await client.send(request))
            #expect(echo.method == method)
            #expect(echo.path == "/things/1")
            #expect(echo.bodyBytes.isEmpty)
            // Methods that define a body say "none" explicitly, as S3 requires; others say nothing.
            let expectedLength: String? = ["POST", "PUT", "PATCH"].contains(method) ? "0" : nil
            #expect(echo.header("Content-Length") == expectedLength)
            #expect(echo.header("Content-Type") == nil)
        }
    }

    @Test(arguments: ["GET", "POST", "PUT", "PATCH", "DELETE"])
    func sendsMethodWithBody(method: String) async throws {
        try await withEchoServer { server in
            let body = Data(#"{"name":"web"}"#.utf8)
            let request = HTTPRequest(
                method: method, endpoint: server.endpoint, path: "/things",
                headers: ["Content-Type": "application/x-amz-json-1.1"], body: body)
            let echo = try Echo(try await client.send(request))
            #expect(echo.method == method)
            #expect(echo.bodyBytes == body)
            #expect(echo.header("Content-Length") == "\(body.count)")
            #expect(echo.header("Content-Type") == "application/x-amz-json-1.1")
        }
    }

    @Test func binaryBodyRoundTripsExactly() async throws {
        try await withEchoServer { server in
            let body = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } + [0, 0, 13, 10, 255])
            let request = HTTPRequest(method: "PUT", endpoint: server.endpoint, path: "/blob", body: body)
            let echo = try Echo(try await client.send(request))
            #expect(echo.bodyBytes == body)
        }
    }

    @Test func oneMebibyteBodyRoundTrips() async throws {
        try await withEchoServer { server in
            var generator = SystemRandomNumberGenerator()
            let body = Data((0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let request = HTTPRequest(method: "POST", endpoint: server.endpoint, path: "/big", body: body)
            let response = try await client.send(request)
            #expect(response.status == 200)
            let echo = try Echo(response)
            #expect(echo.bodyBytes == body)
            // curl would ask for "100-continue" before a body this large unless told not to.
            #expect(echo.header("Expect") == nil)
        }
    }

    @Test func sendsExactlyTheRequestHeaders() async throws {
        try await withEchoServer { server in
            let body = Data("Action=DescribeVpcs&Version=2016-11-15".utf8)
            let headers: HTTPHeaders = [
                "host": server.endpoint.host! + ":\(server.port)",
                "x-amz-date": "20240101T000000Z",
                "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
                "authorization": "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
                "X-Empty": "",
            ]
            let request = HTTPRequest(method: "POST", endpoint: server.endpoint, headers: headers, body: body)
            let echo = try Echo(try await client.send(request))

            // Field names compare without case, as HTTP defines them: curl always writes its
            // Host line as "Host", whatever the case the request gave.
            let expected = headers.map { [$0.name, $0.value] } + [["Content-Length", "\(body.count)"]]
            let normalized = { (pairs: [[String]]) in pairs.map { [$0[0].lowercased(), $0[1]] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) } }
            #expect(normalized(echo.headers) == normalized(expected))
            // Every other name goes out exactly as given.
            #expect(Set(echo.headerNames).subtracting(["Host"])
                == Set(headers.fields.map(\.name)).subtracting(["host"]).union(["Content-Length"]))
        }
    }

    @Test func addsNoHeadersOfItsOwnToAGet() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(method: "GET", endpoint: server.endpoint, path: "/", headers: ["X-Only": "1"])
            let echo = try Echo(try await client.send(request))
            // HTTP/1.1 needs a Host; curl supplies it when the request has none.
            #expect(echo.headerNames.sorted() == ["Host", "X-Only"])
        }
    }

    @Test func sendsPathAndQueryAsBuilt() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(
                method: "GET", endpoint: server.endpoint, path: "/bucket/a/../b/./key%20name",
                query: [("prefix", "logs/2024"), ("max-keys", "10"), ("marker", "a b")])
            let echo = try Echo(try await client.send(request))
            #expect(echo.path == "/bucket/a/../b/./key%20name")
            #expect(echo.query == "prefix=logs%2F2024&max-keys=10&marker=a%20b")
        }
    }
}
