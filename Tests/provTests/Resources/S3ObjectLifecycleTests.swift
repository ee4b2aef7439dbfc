import Foundation
import Testing
import TestSupport

/// aws_s3_object through its whole life: objects from `content`, `content_base64` and a
/// `source` file in a versioned bucket; tags and ACL changed in place; changed content uploaded
/// again (a new version, same id); a new key replacing an object (every version of the old key
/// deleted); import by `bucket/key`.
///
/// On the emulator that does not check signatures: the one that does rejects every signed
/// request with a `/` in a query value (boto3's too), and deleting an object lists the versions
/// of its key with the key as `prefix`, as the provider does.
@Suite struct S3ObjectLifecycleTests {
    static let bucket = "prov-stlc-objects"

    struct Settings {
        var text = "first text"
        var owner = "a"
        var acl = "private"
        var blobKey = "/data//blob.bin"
    }

    static func configuration(_ settings: Settings) -> String {
        """
        resource "aws_s3_bucket" "main" {
          bucket        = "\(bucket)"
          force_destroy = true
        }
        resource "aws_s3_bucket_versioning" "main" {
          bucket = aws_s3_bucket.main.id
          versioning_configuration {
            status = "Enabled"
          }
        }
        resource "aws_s3_object" "text" {
          bucket        = aws_s3_bucket_versioning.main.bucket
          key           = "docs/readme.txt"
          content       = "\(settings.text)"
          content_type  = "text/plain"
          cache_control = "max-age=60"
          acl           = "\(settings.acl)"
          metadata      = { origin = "prov-test" }
          tags          = { Owner = "\(settings.owner)" }
        }
        resource "aws_s3_object" "blob" {
          bucket         = aws_s3_bucket_versioning.main.bucket
          key            = "\(settings.blobKey)"
          content_base64 = base64encode("binary blob")
        }
        resource "aws_s3_object" "file" {
          bucket = aws_s3_bucket_versioning.main.bucket
          key    = "files/payload.txt"
          source = "payload.txt"
          etag   = filemd5("payload.txt")
        }
        """
    }

    static func md5(_ text: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import hashlib,sys;print(hashlib.md5(sys.argv[1].encode()).hexdigest())", text]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func head(_ lifecycle: ResourceLifecycle, _ key: String) throws -> [String: Any]? {
        try lifecycle.oracle("s3", "head_object", ["Bucket": bucket, "Key": key]).response
    }

    static func versions(_ lifecycle: ResourceLifecycle, _ prefix: String) throws -> Int {
        let listing = try lifecycle.oracle("s3", "list_object_versions", ["Bucket": bucket, "Prefix": prefix]).response
        return ((listing?["Versions"] as? [Any])?.count ?? 0) + ((listing?["DeleteMarkers"] as? [Any])?.count ?? 0)
    }

    @Test func createReadUpdateReuploadReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle(enforceSignatures: false)
        var settings = Settings()
        try lifecycle.write(Self.configuration(settings), files: ["payload.txt": "file payload one"])
        try lifecycle.apply()
        try lifecycle.expectNoChanges()

        let text = try #require(try lifecycle.values("aws_s3_object.text"))
        #expect(text["id"] as? String == "\(Self.bucket)/docs/readme.txt")
        #expect(text["arn"] as? String == "arn:aws:s3:::\(Self.bucket)/docs/readme.txt")
        #expect(text["etag"] as? String == (try Self.md5("first text")))
        #expect(text["storage_class"] as? String == "STANDARD")
        let firstVersion = try #require(text["version_id"] as? String)
        #expect(!firstVersion.isEmpty)
        let head = try #require(try Self.head(lifecycle, "docs/readme.txt"))
        #expect(head["ContentType"] as? String == "text/plain")
        #expect(head["CacheControl"] as? String == "max-age=60")
        #expect(head["Metadata"] as? [String: String] == ["origin": "prov-test"])
        #expect(head["VersionId"] as? String == firstVersion)
        let tagSet = try lifecycle.oracle("s3", "get_object_tagging", ["Bucket": Self.bucket, "Key": "docs/readme.txt"]).response?["TagSet"] as? [[String: String]]
        #expect(tagSet == [["Key": "Owner", "Value": "a"]])
        // The key is sent cleaned, as the provider does: no leading or doubled slashes.
        #expect(try Self.head(lifecycle, "data/blob.bin")?["ContentLength"] as? Int == "binary blob".utf8.count)
        #expect(try lifecycle.attribute("aws_s3_object.file", "etag") as? String == (try Self.md5("file payload one")))

        // In place: tags and ACL; the version stays.
        settings.owner = "b"
        settings.acl = "public-read"
        try lifecycle.apply(Self.configuration(settings))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_s3_object.text", "version_id") as? String == firstVersion)
        let retagged = try lifecycle.oracle("s3", "get_object_tagging", ["Bucket": Self.bucket, "Key": "docs/readme.txt"]).response?["TagSet"] as? [[String: String]]
        #expect(retagged == [["Key": "Owner", "Value": "b"]])
        let grants = try lifecycle.oracle("s3", "get_object_acl", ["Bucket": Self.bucket, "Key": "docs/readme.txt"]).response?["Grants"] as? [[String: Any]] ?? []
        #expect(grants.contains { ($0["Grantee"] as? [String: Any])?["URI"] as? String == "http://acs.amazonaws.com/groups/global/AllUsers" })

        // Changed content (and a changed source file) is uploaded again: a new version, same
        // id. A new key replaces the blob, and every version of the old key is deleted.
        settings.text = "second text"
        settings.blobKey = "data/blob-2.bin"
        try lifecycle.write(Self.configuration(settings), files: ["payload.txt": "file payload two"])
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_s3_object.text", "id") as? String == "\(Self.bucket)/docs/readme.txt")
        let secondVersion = try #require(try lifecycle.attribute("aws_s3_object.text", "version_id") as? String)
        #expect(secondVersion != firstVersion)
        #expect(try lifecycle.attribute("aws_s3_object.text", "etag") as? String == (try Self.md5("second text")))
        #expect(try Self.versions(lifecycle, "docs/readme.txt") == 2)
        #expect(try Self.head(lifecycle, "files/payload.txt")?["ETag"] as? String == "\"\(try Self.md5("file payload two"))\"")
        #expect(try lifecycle.attribute("aws_s3_object.blob", "id") as? String == "\(Self.bucket)/data/blob-2.bin")
        #expect(try Self.versions(lifecycle, "data/blob.bin") == 0)

        // An import cannot know the content: it is uploaded again, as in Terraform.
        try lifecycle.reimport("aws_s3_object.text", id: "\(Self.bucket)/docs/readme.txt", configurationOnly: ["content", "etag", "version_id", "force_destroy", "acl"])
        try lifecycle.reimport("aws_s3_object.blob", id: "s3://\(Self.bucket)/data/blob-2.bin", configurationOnly: ["content_base64", "etag", "version_id", "force_destroy"])

        try lifecycle.destroy()
        if case .ok = try lifecycle.oracle("s3", "head_bucket", ["Bucket": Self.bucket]) {
            Issue.record("bucket \(Self.bucket) still exists")
        }
    }
}
