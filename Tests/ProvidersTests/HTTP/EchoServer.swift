import TestSupport
import Foundation
import Providers

/// Fixtures/echo_server.py, running for the length of one test.
final class EchoServer: Sendable {
    let port: Int
    private let process: Process
    private let input: Pipe

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    /// Starts the server and waits for the port it prints.
    static func start() async throws -> EchoServer {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/echo_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()

        let firstLine = try await offThePool {
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                line.append(byte)
            }
            return line
        }
        guard let port = Int(String(decoding: firstLine, as: UTF8.self)) else {
            process.terminate()
            throw StartFailure(description: "echo server did not print its port (got \(firstLine.count) bytes)")
        }
        return EchoServer(port: port, process: process, input: input)
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Closing its standard input is the server's signal to exit; returns once it has.
    func stop() async {
        try? input.fileHandleForWriting.close()
        _ = try? await offThePool { [process] in process.waitUntilExit() }
    }
}

/// Runs blocking work on a thread of its own. Tests run in parallel on a cooperative pool of
/// two threads here; blocking those on child processes would stall every other test with them,
/// the client's continuations included.
private func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Runs `body` with a fresh echo server, and stops the server afterwards whatever happens.
func withEchoServer<T>(_ body: (EchoServer) async throws -> T) async throws -> T {
    let server = try await EchoServer.start()
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// The JSON the echo server answers with: what it received.
struct Echo: Decodable {
    let method: String
    let path: String
    let query: String
    /// Name/value pairs in the order they arrived, names as sent.
    let headers: [[String]]
    let body: String
    /// The client's side of the TCP connection: equal ports mean a reused connection.
    let clientPort: Int
    /// The most requests the server had been answering at once when it answered this one.
    let peakInFlight: Int

    private enum CodingKeys: String, CodingKey {
        case method, path, query, headers, body
        case clientPort = "client_port"
        case peakInFlight = "peak_in_flight"
    }

    init(_ response: HTTPResponse) throws {
        self = try JSONDecoder().decode(Echo.self, from: response.body)
    }

    var bodyBytes: Data { Data(base64Encoded: body) ?? Data("<not base64>".utf8) }
    var headerNames: [String] { headers.map { $0[0] } }

    func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }
}
