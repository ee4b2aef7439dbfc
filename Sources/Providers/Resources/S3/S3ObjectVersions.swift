import Foundation
import Provisioner
import ResourceGraph

/// Deleting objects for good: every version and delete marker, as `force_destroy` on a bucket
/// and the deletion of an `aws_s3_object` (all versions of its key) do in the provider.
enum S3ObjectVersions {
    struct Version: Sendable, Equatable {
        var key: String
        /// `null` for objects written while versioning was never enabled, as S3 lists them.
        var versionID: String
    }

    /// Deletes every version and delete marker of `key`, or of every key in the bucket when
    /// `key` is nil, a page of the listing at a time. With `force`, object lock governance
    /// retention is bypassed and legal holds are lifted, as the provider's force_destroy does.
    /// Returns how many versions were deleted.
    @discardableResult
    static func deleteAll(bucket: String, key: String?, force: Bool, in context: AWSContext) async throws -> Int {
        var deleted = 0
        var marker: (key: String, versionID: String?)? = nil
        while true {
            var query: [(name: String, value: String)] = []
            if let key { query.append(("prefix", key)) }
            if let marker {
                query.append(("key-marker", marker.key))
                if let versionID = marker.versionID { query.append(("version-id-marker", versionID)) }
            }
            let page = try await S3.call("ListObjectVersions", "GET", bucket: bucket, subresource: "versions", query: query, in: context).xml()
            let versions = (page.children("Version") + page.children("DeleteMarker")).compactMap { entry -> Version? in
                guard let entryKey = entry.string("Key"), key == nil || entryKey == key else { return nil }
                return Version(key: entryKey, versionID: entry.string("VersionId") ?? "null")
            }
            // DeleteObjects takes at most 1000 keys.
            for start in stride(from: 0, to: versions.count, by: 1000) {
                let chunk = Array(versions[start..<min(start + 1000, versions.count)])
                context.progress("deleting \(chunk.count) object versions from S3 Bucket \(bucket)")
                try await delete(chunk, bucket: bucket, force: force, in: context)
                deleted += chunk.count
            }
            guard page.path("IsTruncated")?.boolValue == true, let nextKey = page.string("NextKeyMarker") else { return deleted }
            let next = (key: nextKey, versionID: page.string("NextVersionIdMarker"))
            if let marker, marker.key == next.key, marker.versionID == next.versionID { return deleted }
            marker = next
        }
    }

    /// One DeleteObjects call; versions it could not delete are deleted one by one after their
    /// legal hold is lifted (with `force`), or reported.
    private static func delete(_ versions: [Version], bucket: String, force: Bool, in context: AWSContext) async throws {
        let body = S3.document("Delete", [.leaf("Quiet", "true")] + versions.map { version in
            .element("Object", [.leaf("Key", version.key), .leaf("VersionId", version.versionID)])
        })
        var headers: HTTPHeaders = [:]
        if force { headers.add("x-amz-bypass-governance-retention", "true") }
        // Deleting the same versions twice leaves the same result, so a retry is safe.
        let result = try await S3.call("DeleteObjects", "POST", bucket: bucket, subresource: "delete", headers: headers, body: body, idempotent: true, in: context).xml()
        var failures: [String] = []
        for refusal in result.children("Error") {
            let version = Version(key: refusal.string("Key") ?? "", versionID: refusal.string("VersionId") ?? "null")
            if force, refusal.string("Code") == "AccessDenied" {
                do {
                    try await deleteHeldVersion(version, bucket: bucket, in: context)
                    continue
                } catch {
                    failures.append("\(version.key) (version \(version.versionID)): \(error)")
                    continue
                }
            }
            failures.append("\(version.key) (version \(version.versionID)): \(refusal.string("Code") ?? "") \(refusal.string("Message") ?? "")")
        }
        if !failures.isEmpty {
            throw ProviderError("Deleting objects from S3 Bucket (\(bucket))", detail: "S3 refused to delete \(failures.count) object version(s): " + failures.prefix(5).joined(separator: "; "))
        }
    }

    /// A version under a legal hold: the hold is lifted, then the version deleted.
    private static func deleteHeldVersion(_ version: Version, bucket: String, in context: AWSContext) async throws {
        try await S3.call(
            "PutObjectLegalHold", "PUT", bucket: bucket, key: version.key, subresource: "legal-hold",
            query: [("versionId", version.versionID)], body: S3.document("LegalHold", [.leaf("Status", "OFF")]), in: context)
        try await S3.call(
            "DeleteObject", "DELETE", bucket: bucket, key: version.key, query: [("versionId", version.versionID)],
            headers: ["x-amz-bypass-governance-retention": "true"], in: context)
    }
}
