import Foundation
import Provisioner
import ResourceGraph
import Testing
import TestSupport

@testable import Providers

/// The S3 side of remote state on the emulator with signatures checked: moto 5.2.1 honours
/// `If-None-Match: *` and `If-Match` on PutObject and `If-Match` on DeleteObject, answering
/// 412 when they do not hold, which the storage turns into `RemotePreconditionFailed`.
@Suite struct S3StateStorageTests {
    let server: MotoServer
    let bucket = "prov-state-storage-" + UUID().uuidString.prefix(8).lowercased()

    init() async throws {
        server = try await onOwnThread { try MotoServer.shared(enforceSignatures: true) }
        let server = server, bucket = bucket
        let created = try await onOwnThread {
            try server.oracle(.init("s3", "create_bucket", ["Bucket": bucket, "CreateBucketConfiguration": ["LocationConstraint": "eu-west-1"]]))
        }
        #expect(created.response != nil)
    }

    func storage(_ encryption: S3StateStorage.Encryption? = nil) -> S3StateStorage {
        var configuration = AWSClientConfiguration(
            region: "eu-west-1",
            credentials: StaticCredentialsProvider(accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey),
            environment: ["AWS_ENDPOINT_URL": server.endpoint])
        configuration.maxRetries = 2
        return S3StateStorage(client: AWSClient(configuration: configuration), bucket: bucket, forcePathStyle: false, encryption: encryption)
    }

    func head(_ key: String) async throws -> [String: Any]? {
        let server = server, bucket = bucket
        return try await onOwnThread { try server.oracle(.init("s3", "head_object", ["Bucket": bucket, "Key": key])) }.response
    }

    @Test func conditionalWritesAndDeletesHoldOnlyForTheVersionRead() async throws {
        let storage = storage()
        let key = "team/prov.state"
        #expect(try await storage.read(key) == nil)
        await #expect(throws: RemotePreconditionFailed.self) {
            _ = try await storage.write(key, data: Data("x".utf8), if: .matches("\"0123\""), writeID: "w0", contentType: "application/vnd.sqlite3")
        }
        let first = try await storage.write(key, data: Data("one".utf8), if: .absent, writeID: "w1", contentType: "application/vnd.sqlite3")
        await #expect(throws: RemotePreconditionFailed.self) {
            _ = try await storage.write(key, data: Data("again".utf8), if: .absent, writeID: "w2", contentType: "application/vnd.sqlite3")
        }
        let second = try await storage.write(key, data: Data("two".utf8), if: .matches(first), writeID: "w3", contentType: "application/vnd.sqlite3")
        #expect(second != first)
        await #expect(throws: RemotePreconditionFailed.self) {
            _ = try await storage.write(key, data: Data("stale".utf8), if: .matches(first), writeID: "w4", contentType: "application/vnd.sqlite3")
        }
        let current = try #require(try await storage.read(key))
        #expect(current.data == Data("two".utf8))
        #expect(current.etag == second)
        #expect(current.writeID == "w3")

        await #expect(throws: RemotePreconditionFailed.self) { try await storage.delete(key, ifMatch: first) }
        try await storage.delete(key, ifMatch: second)
        #expect(try await storage.read(key) == nil)
        try await storage.delete(key, ifMatch: nil)
    }

    @Test func encryptionIsAskedForOnEveryWrite() async throws {
        _ = try await storage(.s3Managed).write("managed", data: Data("x".utf8), if: .absent, writeID: "w", contentType: "application/vnd.sqlite3")
        #expect(try await head("managed")?["ServerSideEncryption"] as? String == "AES256")
        let keyID = "arn:aws:kms:eu-west-1:123456789012:key/state"
        _ = try await storage(.kms(keyID: keyID)).write("kms", data: Data("x".utf8), if: .absent, writeID: "w", contentType: "application/vnd.sqlite3")
        let kms = try #require(try await head("kms"))
        #expect(kms["ServerSideEncryption"] as? String == "aws:kms")
        #expect(kms["SSEKMSKeyId"] as? String == keyID)
        _ = try await storage().write("plain", data: Data("x".utf8), if: .absent, writeID: "w", contentType: "application/vnd.sqlite3")
        #expect(try await head("plain")?["ServerSideEncryption"] == nil)
    }

    /// Prefixes here are plain words: the emulator rejects correctly signed listings whose
    /// prefix has characters that are percent-encoded (`/`, `:`), as boto3's do.
    @Test func keysAreListedByPrefix() async throws {
        let storage = storage()
        for key in ["stacks-a", "stacks-b", "other"] {
            _ = try await storage.write(key, data: Data(), if: .absent, writeID: key, contentType: "application/json")
        }
        #expect(try await storage.keys(withPrefix: "stacks") == ["stacks-a", "stacks-b"])
        #expect(try await storage.keys(withPrefix: "").count == 3)
    }
}
