import TestSupport
import Foundation

@testable import Providers

/// Runs Fixtures/botocore_sign.py, which signs requests with botocore, so our signatures can be
/// compared with those of the SDK most AWS tooling is built on.
enum BotocoreReference {
    struct Request: Sendable {
        var name: String
        var request: HTTPRequest
        var credentials: AWSCredentials
        var region: String
        var service: String
        var date: Date
        var unsignedPayload: Bool
    }

    struct Signature: Decodable, Sendable {
        var authorization: String
        var canonicalRequest: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = Fixtures.url("botocore_sign.py")
    static let installHint = "run `pip install botocore` so python3 can import it"

    /// Signs every request in one run of the script, keyed by request name.
    static func sign(_ requests: [Request]) throws -> [String: Signature] {
        let workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("prov-botocore-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDirectory) }

        // Files rather than pipes, so neither side can block on a full pipe buffer.
        let input = workDirectory.appendingPathComponent("requests.json")
        let output = workDirectory.appendingPathComponent("signatures.json")
        let errors = workDirectory.appendingPathComponent("stderr.txt")
        try encodedRequests(requests).write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, script.path]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        do {
            try process.run()
        } catch {
            throw Failure(description: "Could not start python3 (\(error)): \(installHint)")
        }
        process.waitUntilExit()

        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        switch process.terminationStatus {
        case 0:
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode([String: Signature].self, from: Data(contentsOf: output))
        case 3, 127:
            // 3: the script could not import botocore; 127: env found no python3.
            throw Failure(description: "python3 with botocore is needed for this test: \(installHint). \(stderr)")
        default:
            throw Failure(description: "botocore_sign.py failed with status \(process.terminationStatus): \(stderr)")
        }
    }

    private struct EncodedRequest: Encodable {
        struct Credentials: Encodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }

        var name: String
        var method: String
        var url: String
        var headers: [[String]]
        var body: String
        var region: String
        var service: String
        var credentials: Credentials
        var timestamp: String
        var unsignedPayload: Bool
    }

    private static func encodedRequests(_ requests: [Request]) throws -> Data {
        let encoded = requests.map { item in
            EncodedRequest(
                name: item.name, method: item.request.method, url: item.request.url,
                headers: item.request.headers.map { [$0.name, $0.value] },
                body: item.request.body.base64EncodedString(), region: item.region, service: item.service,
                credentials: EncodedRequest.Credentials(
                    accessKeyId: item.credentials.accessKeyId, secretAccessKey: item.credentials.secretAccessKey,
                    token: item.credentials.sessionToken),
                timestamp: SigV4Timestamp(item.date).dateTime, unsignedPayload: item.unsignedPayload)
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(encoded)
    }
}
