import Foundation
import Providers
import Testing

/// The point of the multi interface: many transfers at once on one thread, connections reused,
/// and cancellation that reaches the transfer.
struct CurlHTTPClientConcurrencyTests {
    let client = CurlHTTPClient()

    @Test func carriesAHundredSlowRequestsAtOnce() async throws {
        try await withEchoServer { server in
            let endpoint = server.endpoint
            let echoes = try await withThrowingTaskGroup(of: (Int, Echo).self) { group in
                for index in 0..<100 {
                    group.addTask { [client] in
                        let request = HTTPRequest(
                            method: "GET", endpoint: endpoint, path: "/request/\(index)",
                            query: [("delay_ms", "500")])
                        let response = try await client.send(request, timeout: .seconds(60))
                        return (index, try Echo(response))
                    }
                }
                var echoes: [Int: Echo] = [:]
                for try await (index, echo) in group { echoes[index] = echo }
                return echoes
            }
            #expect(echoes.count == 100)
            #expect(echoes.allSatisfy { $0.value.path == "/request/\($0.key)" })
            // Counted by the server rather than timed, so a loaded machine cannot fail it: one
            // request after another would never have more than one in flight. A fifth of them
            // at once leaves room for connections still being set up while the first are
            // answered on a machine busy with other tests (49 was once seen there).
            let peak = echoes.values.map(\.peakInFlight).max() ?? 0
            #expect(peak >= 20, "at most \(peak) requests were in flight at once")
        }
    }

    @Test func reusesTheConnection() async throws {
        try await withEchoServer { server in
            var clientPorts: Set<Int> = []
            for _ in 0..<5 {
                let response = try await client.send(HTTPRequest(method: "GET", endpoint: server.endpoint))
                clientPorts.insert(try Echo(response).clientPort)
            }
            #expect(clientPorts.count == 1)
        }
    }

    @Test func cancellingAbortsTheTransferPromptly() async throws {
        try await withEchoServer { server in
            let slow = HTTPRequest(
                method: "GET", endpoint: server.endpoint, path: "/slow", query: [("delay_ms", "60000")])
            let clock = ContinuousClock()
            let start = clock.now
            let task = Task { [client] in try await client.send(slow) }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            // The server would answer after a minute; a generous bound keeps this about
            // cancellation, not about how busy the machine is.
            #expect(clock.now - start < .seconds(20))

            // The client carries on as if nothing happened.
            let response = try await client.send(HTTPRequest(method: "GET", endpoint: server.endpoint, path: "/after"))
            #expect(response.status == 200)
            #expect(try Echo(response).path == "/after")
        }
    }

    @Test func alreadyCancelledTaskFailsWithoutSending() async throws {
        try await withEchoServer { server in
            let request = HTTPRequest(method: "POST", endpoint: server.endpoint, path: "/create")
            let task = Task { [client] in
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.send(request)
            }
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test func sharedClientWorks() async throws {
        try await withEchoServer { server in
            let response = try await CurlHTTPClient.shared.send(HTTPRequest(method: "GET", endpoint: server.endpoint))
            #expect(response.status == 200)
        }
    }
}
