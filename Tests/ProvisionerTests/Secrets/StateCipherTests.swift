import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// Digests, sealed values, saved plans and redaction: the pieces that keep secrets out of files
/// and messages.
@Suite struct StateCipherTests {
    @Test func digestsAreKeyedAndDependOnlyOnTheValue() {
        let key = DataKey.random()
        let cipher = StateCipher(key: key, lineage: "lineage-1")
        let value = Value.string("s3cret")
        #expect(cipher.digest(value) == cipher.digest(value.markedSensitive()), "marks are not part of the value")
        #expect(cipher.digest(value) == StateCipher(key: key, lineage: "lineage-2").digest(value))
        #expect(cipher.digest(value) != StateCipher(key: DataKey.random(), lineage: "lineage-1").digest(value), "another key, another digest")
        #expect(cipher.digest(value) != cipher.digest(.string("s3cret ")))
        #expect(cipher.matches(value, digest: cipher.digest(value)))
        #expect(!cipher.matches(.string("guess"), digest: cipher.digest(value)))
        #expect(cipher.digest(value).hasPrefix("hmac-sha256:"))
        #expect(!cipher.digest(value).contains("s3cret"))
    }

    @Test func sealedValuesOpenOnlyWithTheSameKeyAndState() throws {
        let key = DataKey.random()
        let cipher = StateCipher(key: key, lineage: "lineage-1")
        let value = Value.object(["user": .string("admin"), "password": .string("s3cret")])
        let sealed = try cipher.seal(value)
        #expect(!sealed.contains("s3cret"))
        #expect(try cipher.open(sealed) == value)
        #expect(throws: StateKeyError.self) { try StateCipher(key: key, lineage: "lineage-2").open(sealed) }
        #expect(throws: StateKeyError.self) { try StateCipher(key: DataKey.random(), lineage: "lineage-1").open(sealed) }
        var box = [UInt8](Data(base64Encoded: String(sealed.dropFirst("aes-256-gcm:".count)))!)
        box[box.count / 2] ^= 0x01
        #expect(throws: StateKeyError.self) { try cipher.open("aes-256-gcm:" + Data(box).base64EncodedString()) }
    }

    @Test func savedPlansAreEncryptedPrivateAndBoundToTheirState() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        variable "token" {
          type      = string
          sensitive = true
        }
        resource "fake_thing" "a" {
          name   = "a"
          secret = var.token
        }
        """)
        let session = try await harness.session()
        defer { session.close() }
        var options = PlanOptions(directory: harness.directory, mode: .normal, variables: [.assignment("token=plan-file-s3cret")])
        options.refresh = true
        let result = await session.plan(options)
        let plan = try #require(result.plan)
        let cipher = try #require(session.store.cipher)
        let path = harness.directory + "/saved.tfplan"
        try PlanFile(plan: plan, sources: result.sources).write(to: path, cipher: cipher)

        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.range(of: Data("plan-file-s3cret".utf8)) == nil, "neither the variable nor the planned attribute is in clear")
        #expect(bytes.range(of: Data("fake_thing".utf8)) == nil, "the plan's content is encrypted, not only its secrets")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try PlanFile.lineage(of: path) == cipher.lineage)

        let saved = try PlanFile.read(from: path, cipher: cipher)
        #expect(saved.variables["token"]?.unmarkedDeep() == .string("plan-file-s3cret"))
        #expect(saved.variables["token"]?.isSensitive == true)
        #expect(saved.actions == ["fake_thing.a create"])

        #expect(throws: PlanFileError.self, "another state's key") { try PlanFile.read(from: path, cipher: StateCipher(key: DataKey.random(), lineage: "other")) }
        #expect(throws: PlanFileError.self, "the same lineage with another key") { try PlanFile.read(from: path, cipher: StateCipher(key: DataKey.random(), lineage: cipher.lineage)) }
        var text = String(decoding: bytes, as: UTF8.self)
        let sealedStart = try #require(text.range(of: "\"sealed\": \""))
        let index = text.index(sealedStart.upperBound, offsetBy: 40)
        text.replaceSubrange(index...index, with: text[index] == "A" ? "B" : "A")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PlanFileError.self, "altered") { try PlanFile.read(from: path, cipher: cipher) }
    }

    @Test func theRedactorHidesSensitiveTextWhereverItIsQuoted() {
        var redactor = SecretRedactor()
        redactor.collect(.object([
            "name": .string("public-name"),
            "password": .string("pa\"ss-word").markedSensitive(),
            "nested": Value.object(["token": .string("tok-123456"), "port": .number(5432)]).markedSensitive(),
            "short": .string("ab").markedSensitive(),
        ]))
        #expect(redactor.redact("name public-name") == "name public-name", "what is not sensitive stays")
        #expect(redactor.redact("bad pa\"ss-word") == "bad (sensitive value)")
        #expect(redactor.redact(#"body {"Password":"pa\"ss-word"}"#) == #"body {"Password":"(sensitive value)"}"#, "as JSON quotes it")
        #expect(redactor.redact("got tok-123456 and 5432") == "got (sensitive value) and (sensitive value)")
        #expect(redactor.redact(#"{"port":5432,"token":"tok-123456"}"#) == "(sensitive value)", "a whole sensitive object hides whole")
        #expect(redactor.redact("ab cd") == "ab cd", "too short to hide without garbling messages")
        let diagnostics = redactor.redact(Diagnostics([.error("Creating failed for tok-123456", "AWS said: pa\"ss-word is invalid")]))
        #expect(diagnostics.items.first?.summary == "Creating failed for (sensitive value)")
        #expect(diagnostics.items.first?.detail == "AWS said: (sensitive value) is invalid")
    }
}
