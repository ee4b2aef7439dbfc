import Foundation
import Provisioner
import Testing
import TestSupport

@testable import Providers

/// The `aws_kms` key provider against the emulator (signatures checked): GenerateDataKey for
/// a new state's key, Encrypt for a key moving to KMS, Decrypt to get it back, each bound to
/// the state's lineage.
@Suite struct KMSStateKeyProviderTests {
    let server: MotoServer

    init() async throws {
        server = try await onOwnThread { try MotoServer.shared(enforceSignatures: true) }
    }

    func newKey() async throws -> String {
        let server = server
        let created = try await onOwnThread { try server.oracle(.init("kms", "create_key", ["Description": "prov state key test"])) }
        return try #require((created.response?["KeyMetadata"] as? [String: Any])?["KeyId"] as? String)
    }

    func provider(keyID: String?) -> KMSStateKeyProvider {
        KMSStateKeyProvider(keyID: keyID, region: keyID == nil ? nil : "eu-west-1", environment: server.environment)
    }

    static func context(_ lineage: String) -> StateKeyContext {
        StateKeyContext(lineage: lineage, statePath: "prov.state.db")
    }

    @Test func aNewKeyComesFromGenerateDataKeyAndBackFromDecrypt() async throws {
        let keyID = try await newKey()
        let (key, record, notice) = try await provider(keyID: keyID).createKey(Self.context("lineage-a"))
        #expect(notice == nil)
        #expect(record.kind == "aws_kms")
        #expect(record.fields["kms_key_id"] == keyID)
        #expect(record.fields["region"] == "eu-west-1")
        #expect(record.fields["ciphertext"] != nil)
        #expect(record.fields.values.allSatisfy { !$0.contains(Data(key.bytes).base64EncodedString()) }, "the record never holds the key")

        // Another run, with nothing configured, gets it back from the record alone.
        let back = try await provider(keyID: nil).unwrap(record, Self.context("lineage-a"))
        #expect(back.bytes == key.bytes)
        #expect(provider(keyID: keyID).keeps(record))
        #expect(!provider(keyID: "another-key").keeps(record))
    }

    @Test func anExistingKeyMovesInWithEncrypt() async throws {
        let keyID = try await newKey()
        let key = DataKey.random()
        let (record, _) = try await provider(keyID: keyID).wrap(key, Self.context("lineage-b"))
        let back = try await provider(keyID: nil).unwrap(record, Self.context("lineage-b"))
        #expect(back.bytes == key.bytes)
    }

    @Test func aKeyRecordCopiedToAnotherStateDoesNotDecrypt() async throws {
        let keyID = try await newKey()
        let (_, record, _) = try await provider(keyID: keyID).createKey(Self.context("lineage-c"))
        await #expect(throws: StateKeyError.self) { try await provider(keyID: nil).unwrap(record, Self.context("lineage-other")) }
    }

    @Test func anUnknownKeyIsAClearError() async throws {
        do {
            _ = try await provider(keyID: "alias/no-such-key").createKey(Self.context("lineage-d"))
            Issue.record("GenerateDataKey with an unknown key succeeded")
        } catch let error as StateKeyError {
            #expect(error.summary == "AWS KMS refused the state key operation")
            #expect(error.description.contains("GenerateDataKey"))
        }
    }
}
