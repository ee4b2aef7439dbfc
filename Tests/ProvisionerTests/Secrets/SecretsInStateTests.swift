import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// What the state file holds of sensitive values after real applies: never the values
/// themselves. Configured secrets become keyed digests that still detect changes; secrets only
/// the cloud knows, and sensitive outputs, are encrypted and read back in clear by the engine.
@Suite struct SecretsInStateTests {
    static let secret = "hunter2-correct-horse"

    static let configuration = """
    variable "password" {
      type      = string
      sensitive = true
    }
    resource "fake_thing" "db" {
      name   = "db"
      secret = var.password
      tags   = { Note = "pw:${var.password}" }
    }
    resource "fake_credential" "key" {
      name = "deployer"
    }
    resource "fake_thing" "uses_key" {
      name   = "uses-key"
      secret = fake_credential.key.secret
    }
    output "password" {
      value     = var.password
      sensitive = true
    }
    output "generated" {
      value     = fake_credential.key.secret
      sensitive = true
    }
    """

    static func variables(_ password: String = secret) -> [CommandLineVariable] {
        [.assignment("password=\(password)")]
    }

    /// Every byte of the state database and its companion files.
    static func stateBytes(_ harness: EngineHarness) -> Data {
        ["", "-wal", "-shm", "-journal"].reduce(into: Data()) { bytes, suffix in
            bytes += FileManager.default.contents(atPath: harness.statePath + suffix) ?? Data()
        }
    }

    static func contains(_ data: Data, _ text: String) -> Bool {
        data.range(of: Data(text.utf8)) != nil
    }

    @Test func noSensitiveValueReachesTheStateFile() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.configuration)
        let (_, diagnostics) = try await harness.apply(variables: Self.variables())
        #expect(!diagnostics.hasErrors, "\(diagnostics)")

        let generated = try #require(harness.cloud.all.values.compactMap { $0[attribute: "secret"]?.stringValue }.first { $0.hasPrefix("generated-") })
        let bytes = Self.stateBytes(harness)
        #expect(!bytes.isEmpty)
        for secret in [Self.secret, generated, "pw:\(Self.secret)"] {
            #expect(!Self.contains(bytes, secret), "the state file holds \(secret)")
        }
        // Nor does anything else in the working directory.
        for name in try FileManager.default.subpathsOfDirectory(atPath: harness.directory) {
            let data = FileManager.default.contents(atPath: harness.directory + "/" + name) ?? Data()
            #expect(!Self.contains(data, Self.secret) && !Self.contains(data, generated), "\(name) holds a secret")
        }
        let attributes = try StateStore.open(at: harness.statePath).database.query("SELECT attributes FROM resources").compactMap { $0[0].text }
        #expect(attributes.count == 3)
        #expect(attributes.allSatisfy { !$0.contains(Self.secret) && !$0.contains(generated) })

        let state = try harness.state()
        let db = try #require(state.resources[InstanceAddress.parse("fake_thing.db")!])
        #expect(db.value[attribute: "secret"]?.isNull == true, "a configured secret is not in the state, only its digest")
        #expect(Set(db.digests.keys) == [["secret"], ["tags", "Note"]], "the tag derived from the sensitive variable is digested too")
        #expect(db.value.value(at: ["tags", "Note"])?.isSensitive == true)
        let key = try #require(state.resources[InstanceAddress.parse("fake_credential.key")!])
        #expect(key.value[attribute: "secret"]?.unmarkedDeep() == .string(generated), "a secret only the cloud knows is decrypted")
        #expect(key.value[attribute: "secret"]?.isSensitive == true)
        #expect(key.digests.isEmpty)
        #expect(state.outputs["password"]?.value.unmarkedDeep() == .string(Self.secret))
        #expect(state.outputs["generated"]?.value.unmarkedDeep() == .string(generated))
    }

    @Test func digestsStillPlanNothingForUnchangedSecretsAndAnUpdateForChangedOnes() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.configuration)
        try await harness.apply(variables: Self.variables())

        let (same, sameDiagnostics) = try await harness.plan(variables: Self.variables())
        #expect(!sameDiagnostics.hasErrors, "\(sameDiagnostics)")
        #expect(same?.hasChanges == false, "\(same?.actionsByAddress ?? [:])")
        // Planning had the configured secret again, for what depends on it.
        let db = try #require(same?.changes.first { $0.address.description == "fake_thing.db" })
        #expect(db.before?[attribute: "secret"]?.unmarkedDeep() == .string(Self.secret))

        let (changed, _) = try await harness.plan(variables: Self.variables("a-new-password"))
        #expect(changed?.action("fake_thing.db") == .update)
        #expect(changed?.action("fake_thing.uses_key") == .noOp)
        #expect(changed?.outputChanges.first { $0.name == "password" }?.isChange == true)

        harness.cloud.resetLog()
        let (_, diagnostics) = try await harness.apply(variables: Self.variables("a-new-password"))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(harness.cloud.callLog.filter { $0 != "configure" } == ["update fake_thing.db"])
        let id = try #require(try harness.state().resources[InstanceAddress.parse("fake_thing.db")!]?.id)
        #expect(harness.cloud.object(id)?[attribute: "secret"] == .string("a-new-password"))
        #expect(!Self.contains(Self.stateBytes(harness), "a-new-password"))
        let (after, _) = try await harness.plan(variables: Self.variables("a-new-password"))
        #expect(after?.hasChanges == false)
    }

    @Test func aSecretChangedInTheCloudIsDriftEvenThoughStateHoldsOnlyItsDigest() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.configuration)
        try await harness.apply(variables: Self.variables())
        let id = try #require(try harness.state().resources[InstanceAddress.parse("fake_thing.db")!]?.id)
        var object = try #require(harness.cloud.object(id)?.attributes)
        object["secret"] = .string("changed-by-hand")
        harness.cloud.store(.object(object), id: id)

        let (plan, diagnostics) = try await harness.plan(variables: Self.variables())
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let drift = try #require(plan?.drift.first { $0.address.description == "fake_thing.db" })
        #expect(drift.after?[attribute: "secret"]?.isSensitive == true)
        // The cloud reports the tag in clear; it stays marked as derived from a sensitive
        // variable, so rendering the drift hides it.
        #expect(drift.after?.value(at: ["tags", "Note"])?.isSensitive == true)
        #expect(drift.before?.value(at: ["tags", "Note"])?.isSensitive == true)
        #expect(plan?.action("fake_thing.db") == .update, "the configured value is put back")
        #expect(plan?.drift.count == 1, "the other objects, whose secrets the cloud reports unchanged, did not drift")
    }

    @Test func aSensitiveValueEchoedInAnErrorIsRedacted() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.configuration)
        harness.cloud.failCreateEchoingRequest = ["db"]
        let (_, diagnostics) = try await harness.apply(variables: Self.variables())
        let failure = try #require(diagnostics.errors.first { $0.summary.contains("fake_thing.db") })
        #expect(failure.detail.contains("invalid request"))
        #expect(failure.detail.contains(SecretRedactor.placeholder))
        #expect(!diagnostics.description.contains(Self.secret), "\(diagnostics)")
    }

    @Test func aSensitiveVariableThatDoesNotParseIsNotQuoted() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        variable "ports" {
          type      = list(number)
          sensitive = true
        }
        output "ports" {
          value     = var.ports
          sensitive = true
        }
        """)
        let (plan, diagnostics) = try await harness.plan(variables: [.assignment("ports=[80, s3cret-port-list]")])
        #expect(plan == nil)
        #expect(diagnostics.errors.first?.summary == "Invalid value for input variable")
        #expect(!diagnostics.description.contains("s3cret"), "\(diagnostics)")
    }

    @Test func aStateWrittenWithSecretsInClearIsEncryptedWhenItGetsItsKey() async throws {
        let harness = try EngineHarness()
        // A state as prov wrote it before it encrypted anything: the value in `attributes`.
        do {
            let store = try StateStore.open(at: harness.statePath)
            try store.database.query("""
            INSERT INTO resources (address, module, mode, type, name, instance_key, provider, schema_version, attributes, sensitive_paths, dependencies, status, create_before_destroy, updated_at)
            VALUES ('fake_thing.old', '', 'managed', 'fake_thing', 'old', 'null', 'provider["fake"]', 0, ?, '[["secret"]]', '[]', 'ready', 0, '2024-01-01T00:00:00Z')
            """, [.text(#"{"id":"thing-old","name":"old","secret":"\#(Self.secret)"}"#)])
            try store.database.query("INSERT INTO outputs (name, value, type, sensitive) VALUES ('old', ?, '\"string\"', 1)", [.text("\"\(Self.secret)\"")])
        }
        #expect(Self.contains(Self.stateBytes(harness), Self.secret), "the old state holds it in clear")
        let session = try await harness.session()
        session.close()

        #expect(!Self.contains(Self.stateBytes(harness), Self.secret))
        let state = try harness.state()
        #expect(state.resources[InstanceAddress.parse("fake_thing.old")!]?.value[attribute: "secret"]?.unmarkedDeep() == .string(Self.secret))
        #expect(state.outputs["old"]?.value.unmarkedDeep() == .string(Self.secret))
    }
}
