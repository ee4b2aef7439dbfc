import Foundation
import Providers
import Testing

/// Whatever the server answers is a response, surfaced as it came: status, headers, body.
struct CurlHTTPClientResponseTests {
    let client = CurlHTTPClient()

    @Test(arguments: [200, 404, 500])
    func surfacesStatusHeadersAndBody(status: Int) async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(
                method: "GET", endpoint: server.endpoint, path: "/status", query: [("status", "\(status)")])
            let response = try await client.send(request)
            #expect(response.status == status)
            #expect(response.headers["x-echo-method"] == "GET")
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.headers.filter { $0.name == "X-Echo-Repeated" }.map(\.value) == ["first", "second"])
            #expect(response.headers["Content-Length"] == "\(response.body.count)")
            #expect(try Echo(response).path == "/status")
        }
    }

    @Test func emptyNoContentResponse() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(
                method: "DELETE", endpoint: server.endpoint, path: "/things/1", query: [("status", "204")])
            let response = try await client.send(request)
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
            #expect(response.headers["X-Echo-Method"] == "DELETE")
        }
    }

    @Test func headReadsNoBody() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(method: "HEAD", endpoint: server.endpoint, path: "/object")
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(response.headers["X-Echo-Method"] == "HEAD")
            // The length of the body a GET would have had, which a HEAD must not wait for.
            #expect(Int(response.headers["Content-Length"] ?? "") ?? 0 > 0)
        }
    }

    @Test func headOfAMissingObject() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(method: "HEAD", endpoint: server.endpoint, path: "/gone", query: [("status", "404")])
            let response = try await client.send(request)
            #expect(response.status == 404)
            #expect(response.body.isEmpty)
        }
    }

    @Test func doesNotFollowRedirects() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(
                method: "GET", endpoint: server.endpoint, path: "/old",
                query: [("status", "307"), ("location", "/new")])
            let response = try await client.send(request)
            #expect(response.status == 307)
            #expect(response.headers["Location"] == "/new")
            #expect(try Echo(response).path == "/old")
        }
    }
}
