import Foundation
import Providers

/// A Python server from Tests/ProvidersTests/Fixtures, running for the length of one test. The
/// script prints its port as its first line and exits when its standard input closes, so it
/// never outlives the test process.
final class FixtureServer: Sendable {
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

    static func start(_ script: String, arguments: [String] = []) async throws -> FixtureServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.url(script).path] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let firstLine = try await onOwnThread {
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                line.append(byte)
            }
            return line
        }
        guard let port = Int(String(decoding: firstLine, as: UTF8.self)) else {
            process.terminate()
            throw StartFailure(description: "\(script) did not print its port")
        }
        return FixtureServer(port: port, process: process, input: input)
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    func stop() async {
        try? input.fileHandleForWriting.close()
        _ = try? await onOwnThread { [process] in process.waitUntilExit() }
    }

    /// A GET to the server itself, for scripts that report what they saw.
    func get(_ path: String) async throws -> String {
        let request = HTTPRequest(method: "GET", endpoint: URL(string: endpoint)!, path: path)
        let response = try await CurlHTTPClient.shared.send(request)
        return String(decoding: response.body, as: UTF8.self)
    }
}

/// Runs blocking work on a thread of its own rather than on the two-thread cooperative pool,
/// which every other test and the HTTP client's continuations share.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Runs `body` with a fixture server, and stops the server afterwards whatever happens.
func withFixtureServer<T>(
    _ script: String, arguments: [String] = [], _ body: (FixtureServer) async throws -> T
) async throws -> T {
    let server = try await FixtureServer.start(script, arguments: arguments)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
