import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// Where the state's key comes from, and what happens when it is wrong or missing: a clear
/// error, and nothing changed.
@Suite struct StateKeyProviderTests {
    static let configuration = """
    resource "fake_thing" "a" {
      name   = "a"
      secret = "s3cret-in-config"
    }
    resource "fake_credential" "key" {
      name = "k"
    }
    """

    /// Few iterations: these tests are about the protocol, not the cost of guessing.
    static func passphrase(_ text: String) -> StateKeyring {
        StateKeyring(preferred: PassphraseKeyProvider(passphrase: text, iterations: 1_000))
    }

    static func applied(keyring: StateKeyring? = nil) async throws -> EngineHarness {
        let harness = try EngineHarness()
        if let keyring { harness.keyring = keyring }
        try harness.write(configuration)
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return harness
    }

    static func openError(_ harness: EngineHarness) async -> StateKeyError? {
        do {
            let session = try await harness.session()
            session.close()
            return nil
        } catch {
            return error as? StateKeyError
        }
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func theDefaultKeyLivesInAPrivateFileOutsideTheWorkingDirectory() async throws {
        let harness = try await Self.applied()
        let lineage = try StateStore.open(at: harness.statePath).metadata().lineage
        let keyFile = harness.keyDirectory + "/" + lineage
        #expect(try Self.mode(keyFile) == 0o600)
        #expect(try Self.mode(harness.keyDirectory) == 0o700)
        #expect(try Self.mode(harness.statePath) == 0o600)
        #expect(try StateStore.open(at: harness.statePath).keyRecord()?.record == StateKeyRecord(kind: "local_key_file"))
        #expect(LocalKeyFileProvider.defaultDirectory(environment: ["XDG_CONFIG_HOME": "/x/config", "HOME": "/home/u"]) == "/x/config/prov/keys")
        #expect(LocalKeyFileProvider.defaultDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.config/prov/keys")

        // The first session said where the key went; later ones have nothing to say.
        let harness2 = try EngineHarness()
        try harness2.write(Self.configuration)
        let first = try await harness2.session()
        let lineage2 = try first.store.metadata().lineage
        #expect(first.keyNotices.count == 1)
        #expect(first.keyNotices.first?.contains(harness2.keyDirectory + "/" + lineage2) == true)
        first.close()
        let second = try await harness2.session()
        #expect(second.keyNotices.isEmpty)
        second.close()
    }

    @Test func aKeyFileAlreadyThereForTheStateIsAdoptedNotReplaced() async throws {
        // As when two runs without the state lock create a state's key at the same moment:
        // the second must end up with the first one's key, not overwrite it.
        let harness = try EngineHarness()
        try harness.write(Self.configuration)
        let lineage = try StateStore.open(at: harness.statePath).metadata().lineage
        let first = DataKey.random()
        let keyFile = LocalKeyFileProvider(directory: harness.keyDirectory)
        try FileManager.default.createDirectory(atPath: harness.keyDirectory, withIntermediateDirectories: true)
        try (Data(first.bytes).base64EncodedString() + "\n").write(toFile: keyFile.path(forLineage: lineage), atomically: true, encoding: .utf8)

        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(try keyFile.readKey(StateKeyContext(lineage: lineage, statePath: harness.statePath)).bytes == first.bytes)
        #expect(try StateStore.open(at: harness.statePath).keyRecord()?.check == first.checkValue)
    }

    @Test func aMissingKeyFileIsAClearErrorThatChangesNothing() async throws {
        let harness = try await Self.applied()
        let lineage = try StateStore.open(at: harness.statePath).metadata().lineage
        let before = FileManager.default.contents(atPath: harness.statePath)
        try FileManager.default.removeItem(atPath: harness.keyDirectory + "/" + lineage)

        let error = try #require(await Self.openError(harness))
        #expect(error.summary == "State key not found")
        #expect(error.description.contains(harness.keyDirectory + "/" + lineage))
        #expect(FileManager.default.contents(atPath: harness.statePath) == before)
        #expect(try StateStore.open(at: harness.statePath).currentLock() == nil, "the lock was released")
    }

    @Test func aKeyFileHoldingAnotherKeyIsRefused() async throws {
        let harness = try await Self.applied()
        let lineage = try StateStore.open(at: harness.statePath).metadata().lineage
        try (Data(DataKey.random().bytes).base64EncodedString() + "\n").write(toFile: harness.keyDirectory + "/" + lineage, atomically: true, encoding: .utf8)
        let error = try #require(await Self.openError(harness))
        #expect(error.summary == "Wrong state key")
    }

    @Test func aPassphraseProtectsTheKeyAndAWrongOneChangesNothing() async throws {
        let harness = try await Self.applied(keyring: Self.passphrase("right passphrase"))
        let store = try StateStore.open(at: harness.statePath)
        let record = try #require(try store.keyRecord()?.record)
        #expect(record.kind == "passphrase")
        #expect(Set(record.fields.keys) == ["kdf", "salt", "iterations", "wrapped_key"])
        #expect(!FileManager.default.fileExists(atPath: harness.keyDirectory), "no key file with a passphrase")
        let serial = try store.metadata().serial
        let before = FileManager.default.contents(atPath: harness.statePath)

        harness.keyring = Self.passphrase("wrong passphrase")
        let error = try #require(await Self.openError(harness))
        #expect(error.summary == "Wrong passphrase")
        #expect(!error.description.contains("right passphrase") && !error.description.contains("wrong passphrase"))
        #expect(FileManager.default.contents(atPath: harness.statePath) == before)
        #expect(try store.metadata().serial == serial)

        harness.keyring = Self.passphrase("right passphrase")
        let session = try await harness.session()
        defer { session.close() }
        let key = try #require(try session.store.snapshot().resources[InstanceAddress.parse("fake_credential.key")!])
        #expect(key.value[attribute: "secret"]?.stringValue?.hasPrefix("generated-") == true)
    }

    @Test func withoutThePassphraseTheStateSaysWhatItNeeds() async throws {
        let harness = try await Self.applied(keyring: Self.passphrase("right passphrase"))
        harness.keyring = StateKeyring(preferred: LocalKeyFileProvider(directory: harness.keyDirectory))
        let error = try #require(await Self.openError(harness))
        #expect(error.summary == "State key provider not configured")
        #expect(error.description.contains("PROV_STATE_PASSPHRASE"))
    }

    @Test func theKeyMovesToThePreferredProviderAndTheOldFileGoes() async throws {
        let harness = try await Self.applied()
        let lineage = try StateStore.open(at: harness.statePath).metadata().lineage
        let keyFile = LocalKeyFileProvider(directory: harness.keyDirectory)
        harness.keyring = StateKeyring(preferred: PassphraseKeyProvider(passphrase: "moved here", iterations: 1_000), others: [keyFile])

        let session = try await harness.session()
        #expect(session.keyNotices.contains { $0.contains("now kept by the passphrase") })
        session.close()
        #expect(!FileManager.default.fileExists(atPath: keyFile.path(forLineage: lineage)), "the key file no longer needed is removed")
        #expect(try StateStore.open(at: harness.statePath).keyRecord()?.record.kind == "passphrase")

        // The same key, so everything encrypted before still opens, and nothing needs applying.
        harness.keyring = Self.passphrase("moved here")
        let (plan, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.hasChanges == false)
    }

    @Test func readingWithoutTheKeyLeavesSecretsSealedAndWritesThemBackUnchanged() async throws {
        let harness = try await Self.applied()
        let store = try StateStore.open(at: harness.statePath)
        let locked = try store.snapshot()
        let key = try #require(locked.resources[InstanceAddress.parse("fake_credential.key")!])
        #expect(key.value[attribute: "secret"]?.isNull == true)
        #expect(key.sealed[["secret"]]?.hasPrefix("aes-256-gcm:") == true)
        // An edit made without the key (as `state mv` or `taint` would) keeps the ciphertext.
        try store.put(key)
        #expect(try harness.state().resources[key.address]?.value[attribute: "secret"]?.stringValue?.hasPrefix("generated-") == true)
        // But a new secret cannot be written without the key.
        var changed = key
        changed.value = key.value.replacing(at: ["secret"], with: Value.string("new").markedSensitive())
        changed.sealed = [:]
        #expect(throws: StateKeyError.self) { try store.put(changed) }
    }
}
