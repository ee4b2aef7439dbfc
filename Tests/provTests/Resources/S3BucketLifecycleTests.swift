import Foundation
import Testing
import TestSupport

/// aws_s3_bucket through its whole life, on the emulator that checks every signature (S3 is
/// addressed path-style there: the endpoint is an IP address).
@Suite struct S3BucketLifecycleTests {
    static func configuration(name: String = "prov-stlc-bucket-a", owner: String = "a", extra: String = "") -> String {
        """
        resource "aws_s3_bucket" "main" {
          bucket        = "\(name)"
          force_destroy = true
          tags          = { Owner = "\(owner)" }
        \(extra)
        }
        resource "aws_s3_bucket" "prefixed" {
          bucket_prefix = "prov-stlc-pre-"
        }
        """
    }

    static func tags(_ lifecycle: ResourceLifecycle, _ bucket: String) throws -> [String: String] {
        let tagSet = try lifecycle.oracle("s3", "get_bucket_tagging", ["Bucket": bucket]).response?["TagSet"] as? [[String: String]] ?? []
        return UserTags.of(Dictionary(uniqueKeysWithValues: tagSet.map { ($0["Key"] ?? "", $0["Value"] ?? "") })) ?? [:]
    }

    static func exists(_ lifecycle: ResourceLifecycle, _ bucket: String) throws -> Bool {
        if case .ok = try lifecycle.oracle("s3", "head_bucket", ["Bucket": bucket]) { return true }
        return false
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let values = try #require(try lifecycle.values("aws_s3_bucket.main"))
        #expect(values["id"] as? String == "prov-stlc-bucket-a")
        #expect(values["arn"] as? String == "arn:aws:s3:::prov-stlc-bucket-a")
        #expect(values["bucket_domain_name"] as? String == "prov-stlc-bucket-a.s3.amazonaws.com")
        #expect(values["bucket_regional_domain_name"] as? String == "prov-stlc-bucket-a.s3.eu-west-1.amazonaws.com")
        #expect(values["hosted_zone_id"] as? String == "Z1BKCTXD74EZPE")
        #expect(values["region"] as? String == "eu-west-1")
        #expect(values["object_lock_enabled"] as? Bool == false)
        #expect(try Self.tags(lifecycle, "prov-stlc-bucket-a") == ["Owner": "a"])
        let location = try lifecycle.oracle("s3", "get_bucket_location", ["Bucket": "prov-stlc-bucket-a"]).response
        #expect(location?["LocationConstraint"] as? String == "eu-west-1")

        let prefixed = try #require(try lifecycle.attribute("aws_s3_bucket.prefixed", "bucket") as? String)
        #expect(prefixed.hasPrefix("prov-stlc-pre-") && prefixed.count == "prov-stlc-pre-".count + 26)
        #expect(try lifecycle.attribute("aws_s3_bucket.prefixed", "bucket_prefix") as? String == "prov-stlc-pre-")
        #expect(try Self.exists(lifecycle, prefixed))

        // In place: tags.
        try lifecycle.apply(Self.configuration(owner: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_s3_bucket.main", "id") as? String == "prov-stlc-bucket-a")
        #expect(try Self.tags(lifecycle, "prov-stlc-bucket-a") == ["Owner": "b"])

        // Settings deprecated since provider v4 are refused by name, with the resource to use.
        try lifecycle.write(Self.configuration(owner: "b", extra: "  versioning {\n    enabled = true\n  }"))
        let refused = try lifecycle.plan()
        #expect(refused.status != 0)
        #expect(refused.output.contains("aws_s3_bucket_versioning"), "\(refused.output)")
        try lifecycle.write(Self.configuration(owner: "b"))

        try lifecycle.reimport("aws_s3_bucket.main", id: "prov-stlc-bucket-a", configurationOnly: ["force_destroy"])
        try lifecycle.reimport("aws_s3_bucket.prefixed", id: prefixed)

        // A new name replaces the bucket; force_destroy empties the old one first.
        for key in ["one.txt", "dir/two words.txt"] {
            _ = try lifecycle.oracle("s3", "put_object", ["Bucket": "prov-stlc-bucket-a", "Key": key, "Body": "x"])
        }
        try lifecycle.apply(Self.configuration(name: "prov-stlc-bucket-b", owner: "b"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_s3_bucket.main", "id") as? String == "prov-stlc-bucket-b")
        #expect(try !Self.exists(lifecycle, "prov-stlc-bucket-a"))

        try lifecycle.destroy()
        #expect(try !Self.exists(lifecycle, "prov-stlc-bucket-b"))
        #expect(try !Self.exists(lifecycle, prefixed))
    }
}
