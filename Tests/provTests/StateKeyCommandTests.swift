import Foundation
import Testing
import TestSupport
import Provisioner

/// The state key from the command line's side, without AWS (a configuration of outputs
/// only): where the default key goes and what prov says about it, the passphrase, and the
/// errors for a wrong or missing key.
@Suite struct StateKeyCommandTests {
    static let configuration = """
    variable "api_token" {
      type      = string
      sensitive = true
    }
    output "api_token" {
      value     = var.api_token
      sensitive = true
    }
    """

    /// What a run that changes nothing leaves as it was: the serial (every write raises it),
    /// the key record, the sealed outputs, and no lock. (The file's bytes are not compared: a
    /// process that opens the database may fold an earlier run's write-ahead log into it.)
    static func fingerprint(_ directory: String) throws -> String {
        let store = try StateStore.open(at: directory + "/prov.state.db")
        let outputs = try store.snapshot().outputs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.sealed ?? "clear")" }
        let key = try store.keyRecord().map { "\($0.record.kind) \($0.record.fields.sorted { $0.key < $1.key }) \($0.check)" } ?? "none"
        return "\(try store.metadata()) \(key) \(outputs) lock=\(String(describing: try store.currentLock()))"
    }

    static func workspace(_ environment: [String: String] = [:]) throws -> ProvProcess {
        let directory = try ProvProcess.workspace(files: ["main.tf": configuration])
        return ProvProcess(directory: directory, environment: ["TF_VAR_api_token": "cli-s3cret-token"].merging(environment) { _, new in new })
    }

    @Test func theDefaultKeyIsAnnouncedOnceAndItsAbsenceIsAClearError() throws {
        let prov = try Self.workspace()
        let first = try prov.run("apply", "-auto-approve")
        #expect(first.status == 0, "\(first.output)")
        let lineage = try StateStore.open(at: prov.directory + "/prov.state.db").metadata().lineage
        let keyFile = prov.directory + "-config/prov/keys/" + lineage
        #expect(first.stderr.contains("prov keeps the key that encrypts the secrets in prov.state.db in \(keyFile)"))
        #expect(FileManager.default.fileExists(atPath: keyFile))
        let second = try prov.run("apply", "-auto-approve")
        #expect(second.status == 0)
        #expect(!second.stderr.contains("prov keeps the key"), "said once, when the key was made")
        for path in [keyFile, prov.directory + "/prov.state.db"] {
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(path)")
        }

        try FileManager.default.removeItem(atPath: keyFile)
        let before = try Self.fingerprint(prov.directory)
        let missing = try prov.run("apply", "-auto-approve")
        #expect(missing.status == 1)
        #expect(missing.messages.contains("State key not found"), "\(missing.output)")
        #expect(missing.messages.contains(keyFile))
        #expect(try Self.fingerprint(prov.directory) == before, "nothing changed")
        #expect(!FileManager.default.fileExists(atPath: keyFile), "no new key made in its place")
        let output = try prov.run("output", "api_token")
        #expect(output.status == 1)
        #expect(output.messages.contains("State key not found"))
        // What needs no key still works: the names of outputs, the state's shape.
        #expect(try prov.run("output").stdout == "api_token = <sensitive>\n")
        #expect(!(try prov.run("show").output.contains("cli-s3cret-token")))
    }

    @Test func aPassphraseFromTheEnvironmentAndAWrongOne() throws {
        let prov = try Self.workspace(["PROV_STATE_PASSPHRASE": "correct horse battery staple"])
        let applied = try prov.run("apply", "-auto-approve")
        #expect(applied.status == 0, "\(applied.output)")
        #expect(!applied.stderr.contains("prov keeps the key"), "no key file with a passphrase")
        #expect(try prov.run("output", "-raw", "api_token").stdout == "cli-s3cret-token")

        var wrong = prov
        wrong.environment["PROV_STATE_PASSPHRASE"] = "incorrect horse"
        let before = try Self.fingerprint(prov.directory)
        let refused = try wrong.run("plan")
        #expect(refused.status == 1)
        #expect(refused.messages.contains("Wrong passphrase"), "\(refused.output)")
        #expect(!refused.output.contains("incorrect horse") && !refused.output.contains("correct horse"))
        #expect(try Self.fingerprint(prov.directory) == before)

        var without = prov
        without.environment["PROV_STATE_PASSPHRASE"] = nil
        let unset = try without.run("output", "-json")
        #expect(unset.status == 1)
        #expect(unset.messages.contains("Set PROV_STATE_PASSPHRASE"), "\(unset.output)")
    }
}
