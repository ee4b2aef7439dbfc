import Foundation
import ResourceGraph
import Testing

@testable import Provisioner

/// `PROV_LOG`: where the log goes, which levels it keeps, and that the run's secrets never
/// reach it.
struct DebugLogTests {
    func logFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("prov-log-\(UUID().uuidString).log").path
    }

    @Test func linesGoToThePrivateFileWithKnownSecretsHidden() throws {
        let path = logFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = DebugLog()
        #expect(log.configure(environment: ["PROV_LOG": "DEBUG", "PROV_LOG_PATH": path]) == nil)
        var secrets = SecretRedactor()
        secrets.collect(Value.string("db-Pa55word").markedSensitive())
        log.hide(secrets)
        log.write(.debug, "aws", "body: {\"password\":\"db-Pa55word\"}")
        log.write(.trace, "aws", "not kept at debug")
        log.reset()

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("[DEBUG] aws: body: {\"password\":\"(sensitive value)\"}"))
        #expect(!text.contains("db-Pa55word"))
        #expect(!text.contains("not kept at debug"))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
    }

    @Test func offUnlessAskedAndTerraformsVariablesWorkToo() throws {
        let log = DebugLog()
        #expect(log.configure(environment: [:]) == nil)
        #expect(!log.isEnabled(.error))
        #expect(log.configure(environment: ["PROV_LOG": "off"]) == nil)
        #expect(!log.isEnabled(.error))

        let path = logFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(log.configure(environment: ["TF_LOG": "trace", "TF_LOG_PATH": path]) == nil)
        #expect(log.isEnabled(.trace))
        log.reset()
    }

    @Test func anUnknownLevelOrAnUnwritablePathIsReportedAndLoggingStaysOff() {
        let log = DebugLog()
        let level = log.configure(environment: ["PROV_LOG": "verbose"])
        #expect(level?.contains("PROV_LOG=verbose is not a log level") == true)
        #expect(!log.isEnabled(.error))
        let path = log.configure(environment: ["PROV_LOG": "debug", "PROV_LOG_PATH": "/nonexistent-directory/prov.log"])
        #expect(path?.contains("cannot be opened") == true)
        #expect(!log.isEnabled(.error))
    }
}
