import Foundation
import Testing

@testable import Providers

/// The published SigV4 test suite: every case is signed both in headers and in the query
/// string, and the canonical request, string to sign and signature are compared with the
/// expected files, then the signed request with the expected signed request.
@Suite struct SigV4TestSuiteTests {
    /// Guards the parameterised tests below, which would pass vacuously with no cases.
    @Test func everyCaseIsPresentWithBothForms() throws {
        #expect(SigningTestSuiteCase.names.count == 38, "Fixtures at \(SigningTestSuiteCase.directory.path)")
        for name in SigningTestSuiteCase.names {
            let testCase = try SigningTestSuiteCase(named: name)
            for file in ["header-canonical-request.txt", "header-string-to-sign.txt", "header-signature.txt",
                         "header-signed-request.txt", "query-canonical-request.txt", "query-string-to-sign.txt",
                         "query-signature.txt", "query-signed-request.txt"] {
                #expect(testCase.hasFile(file), "\(name) lacks \(file)")
            }
        }
    }

    @Test(arguments: SigningTestSuiteCase.names)
    func headerSigning(caseName: String) throws {
        let testCase = try SigningTestSuiteCase(named: caseName)
        var request = testCase.request
        let steps = testCase.signer.signHeadersReportingSteps(
            &request, date: testCase.date, payload: .signed, contentHashHeader: testCase.context.signBody)

        #expect(steps.canonicalRequest.text == (try testCase.expected("header-canonical-request.txt")))
        #expect(steps.stringToSign == (try testCase.expected("header-string-to-sign.txt")))
        #expect(steps.signature == (try testCase.expected("header-signature.txt")))

        let expectedRequest = try testCase.expectedRequest("header-signed-request.txt")
        #expect(Self.normalised(request.headers.fields) == Self.normalised(expectedRequest.headers))
        #expect(request.body == expectedRequest.body)
    }

    @Test(arguments: SigningTestSuiteCase.names)
    func querySigning(caseName: String) throws {
        let testCase = try SigningTestSuiteCase(named: caseName)
        let (presigned, steps) = testCase.signer.presignReportingSteps(
            testCase.request, date: testCase.date, expires: testCase.context.expirationInSeconds)

        #expect(steps.canonicalRequest.text == (try testCase.expected("query-canonical-request.txt")))
        #expect(steps.stringToSign == (try testCase.expected("query-string-to-sign.txt")))
        #expect(steps.signature == (try testCase.expected("query-signature.txt")))

        let expectedRequest = try testCase.expectedRequest("query-signed-request.txt")
        #expect(presigned.path == expectedRequest.path)
        // The suite lists the parameters in its own order; only the set of pairs matters.
        #expect(Self.sorted(presigned.query) == Self.sorted(expectedRequest.query))
        #expect(Self.normalised(presigned.headers.fields) == Self.normalised(expectedRequest.headers))
    }

    /// Headers as a multiset: names are case-insensitive and order between different names is
    /// free, but the order of one name's values is kept.
    private static func normalised(_ headers: [(name: String, value: String)]) -> [String] {
        headers.enumerated()
            .map { (name: $0.element.name.lowercased(), position: $0.offset, value: $0.element.value) }
            .sorted { ($0.name, $0.position) < ($1.name, $1.position) }
            .map { "\($0.name):\($0.value)" }
    }

    private static func sorted(_ query: [(name: String, value: String)]) -> [String] {
        query.map { "\($0.name)=\($0.value)" }.sorted()
    }
}
