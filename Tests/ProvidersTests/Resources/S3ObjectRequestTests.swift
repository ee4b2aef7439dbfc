import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// aws_s3_object's requests and plans where the emulator cannot show them: the headers an
/// upload carries, object lock changes made in place (the emulator's buckets in the lifecycle
/// test have no object lock), and what a plan marks as changing.
struct S3ObjectRequestTests {
    static let planned = Value.object([
        "bucket": .string("bucket-1"), "key": .string("dir/file.txt"),
        "content_base64": .string(Data("hello".utf8).base64EncodedString()),
        "content_type": .string("text/plain"), "kms_key_id": .string("arn:aws:kms:eu-west-1:123456789012:key/k1"),
        "metadata": .stringMap(["origin": "test"]), "storage_class": .string(""),
        "object_lock_mode": .string("GOVERNANCE"), "object_lock_retain_until_date": .string("2030-01-02T03:04:05Z"),
    ])

    @Test func anUploadCarriesTheSettingsAsHeaders() throws {
        let upload = try S3ObjectUpload(Self.planned, tags: ["Team": "a b", "Env": "x&y"])
        #expect(upload.body == Data("hello".utf8))
        #expect(upload.headers["Content-Type"] == "text/plain")
        #expect(upload.headers["x-amz-server-side-encryption"] == "aws:kms")
        #expect(upload.headers["x-amz-server-side-encryption-aws-kms-key-id"] == "arn:aws:kms:eu-west-1:123456789012:key/k1")
        #expect(upload.headers["x-amz-meta-origin"] == "test")
        #expect(upload.headers["x-amz-object-lock-mode"] == "GOVERNANCE")
        #expect(upload.headers["x-amz-object-lock-retain-until-date"] == "2030-01-02T03:04:05Z")
        #expect(upload.headers["x-amz-tagging"] == "Env=x%26y&Team=a%20b")
        #expect(upload.headers["x-amz-storage-class"] == nil, "empty settings are left to S3's defaults")
    }

    @Test func keysAreCleanedAndIdsParsedAsTheProviderDoes() {
        #expect(S3ObjectLocation(bucket: "b", key: ".///a//b/c").requestKey == "a/b/c")
        #expect(S3ObjectLocation(id: "s3://bucket/dir/file") == S3ObjectLocation(bucket: "bucket", key: "dir/file"))
        #expect(S3ObjectLocation(id: "bucket-only") == nil)
    }

    @Test func shorteningRetentionAndLiftingALegalHoldChangeTheObjectInPlace() async throws {
        let head: HTTPHeaders = [
            "ETag": "\"5d41402abc4b2a76b9719d911017c592\"", "Content-Type": "text/plain", "x-amz-version-id": "v1",
            "x-amz-object-lock-mode": "GOVERNANCE", "x-amz-object-lock-retain-until-date": "2029-01-01T00:00:00.000Z",
            "x-amz-object-lock-legal-hold": "OFF", "x-amz-meta-origin": "test",
        ]
        let transport = RecordingTransport([
            .answer(200, ""), .answer(200, ""), .answer(200, "", headers: head),
            .answer(200, "<Tagging><TagSet/></Tagging>"),
        ])
        let context = AWSContext(client: AWSClient.forTesting(transport: transport), settings: try AWSProviderBlock(.null), operation: nil)
        let prior = Self.planned.setting([
            "id": .string("bucket-1/dir/file.txt"), "version_id": .string("v1"), "etag": .string("5d41402abc4b2a76b9719d911017c592"),
            "object_lock_legal_hold_status": .string("ON"),
        ])
        let planned = prior.setting(["object_lock_legal_hold_status": .string("OFF"), "object_lock_retain_until_date": .string("2029-01-01T00:00:00Z")])

        let updated = try await S3ObjectResource().update(prior: prior, planned: planned, in: context)

        let requests = transport.requests
        #expect(requests.map(\.method) == ["PUT", "PUT", "HEAD", "GET"], "no new upload")
        #expect(requests[0].query.first?.name == "legal-hold")
        #expect(requests[0].bodyText.contains("<Status>OFF</Status>"))
        #expect(requests[1].query.first?.name == "retention")
        #expect(requests[1].headers["x-amz-bypass-governance-retention"] == "true", "an earlier date needs the governance bypass")
        #expect(requests[1].bodyText.contains("<RetainUntilDate>2029-01-01T00:00:00Z</RetainUntilDate>"))
        #expect(updated.string("object_lock_retain_until_date") == "2029-01-01T00:00:00Z")
        #expect(updated.string("version_id") == "v1")
        #expect(updated.stringMap("metadata") == ["origin": "test"])
    }

    @Test func changedContentPlansANewVersionAndETagButTagsDoNot() throws {
        let settings = try AWSProviderBlock(.null)
        let prior = Self.planned.setting([
            "id": .string("bucket-1/dir/file.txt"), "version_id": .string("v1"), "etag": .string("e1"),
            "tags": .stringMap(["a": "1"]), "tags_all": .stringMap(["a": "1"]),
        ])
        let configuration = Self.planned.setting(["etag": .null(.string), "kms_key_id": .null(.string)])

        let retagged = prior.setting(["tags": .stringMap(["a": "2"])])
        let tagPlan = try S3ObjectResource().plan(prior: prior, proposed: retagged, configuration: configuration, settings: settings).planned
        #expect(tagPlan.string("version_id") == "v1" && tagPlan.string("etag") == "e1")

        let rewritten = prior.setting(["content_base64": .string(Data("bye".utf8).base64EncodedString())])
        let contentPlan = try S3ObjectResource().plan(prior: prior, proposed: rewritten, configuration: configuration, settings: settings).planned
        #expect(contentPlan[attribute: "version_id"]?.isKnown == false)
        #expect(contentPlan[attribute: "etag"]?.isKnown == false)

        let conflicting = configuration.setting(["content": .string("text")])
        #expect(throws: ProviderError.self) {
            _ = try S3ObjectResource().plan(prior: nil, proposed: conflicting, configuration: conflicting, settings: settings)
        }
    }
}
