import Foundation

@testable import Providers

/// One case folder of the published SigV4 test suite (see Fixtures/aws-signing-test-suite/NOTICE.md).
struct SigningTestSuiteCase {
    static let directory = Fixtures.url("aws-signing-test-suite/v4")

    /// The case folders, by name. Empty when the fixtures are missing, which the suite's
    /// completeness test reports.
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// The flags and inputs in a case's `context.json`.
    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }

        var credentials: Credentials
        var expirationInSeconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var signBody: Bool
        var timestamp: String
        var omitSessionToken: Bool?
    }

    let name: String
    let context: Context
    let request: HTTPRequest
    let date: Date
    let signer: SigV4Signer

    init(named name: String) throws {
        self.name = name
        let folder = Self.directory.appendingPathComponent(name, isDirectory: true)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        context = try decoder.decode(Context.self, from: Data(contentsOf: folder.appendingPathComponent("context.json")))
        request = try RawHTTPRequest(Data(contentsOf: folder.appendingPathComponent("request.txt"))).httpRequest()
        date = try Date(context.timestamp, strategy: .iso8601)
        let credentials = AWSCredentials(
            accessKeyId: context.credentials.accessKeyId, secretAccessKey: context.credentials.secretAccessKey,
            sessionToken: context.credentials.token)
        signer = SigV4Signer(
            credentials: credentials, region: context.region, service: context.service,
            pathRule: context.normalize ? .normalizeAndEncode : .encode,
            signsSessionToken: !(context.omitSessionToken ?? false))
    }

    func hasFile(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent(name).appendingPathComponent(file).path)
    }

    /// An expected-result file's text, without the final line break some files end with.
    func expected(_ file: String) throws -> String {
        var text = try String(contentsOf: Self.directory.appendingPathComponent(name).appendingPathComponent(file), encoding: .utf8)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// An expected signed request, parsed.
    func expectedRequest(_ file: String) throws -> RawHTTPRequest {
        try RawHTTPRequest(Data(contentsOf: Self.directory.appendingPathComponent(name).appendingPathComponent(file)))
    }
}
