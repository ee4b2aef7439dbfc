import Foundation
import Provisioner
import ResourceGraph

/// What the resources that manage one setting of a bucket (versioning, encryption, ...) share:
/// their id, which is the bucket name, or `bucket,expected-owner` when the configuration names
/// the account that must own the bucket, as the provider writes it; and the header that makes
/// S3 check that owner.
struct S3BucketSetting: Sendable, Equatable {
    var bucket: String
    var expectedOwner: String?

    init(bucket: String, expectedOwner: String?) {
        self.bucket = bucket
        self.expectedOwner = expectedOwner.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// From an import id or the id in state.
    init?(id: String) {
        let parts = id.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else { return nil }
        self.init(bucket: parts[0], expectedOwner: parts.count == 2 ? parts[1] : nil)
    }

    /// From a planned or current object: its id when there is one, else its arguments.
    init?(_ object: Value) {
        if let id = object.string("id"), !id.isEmpty {
            self.init(id: id)
        } else if let bucket = object.string("bucket") {
            self.init(bucket: bucket, expectedOwner: object.string("expected_bucket_owner"))
        } else {
            return nil
        }
    }

    var id: String { expectedOwner.map { "\(bucket),\($0)" } ?? bucket }

    var headers: HTTPHeaders {
        var headers: HTTPHeaders = [:]
        if let expectedOwner { headers.add("x-amz-expected-bucket-owner", expectedOwner) }
        return headers
    }

    /// The attributes every such resource has.
    var attributes: [String: Value] {
        ["id": .string(id), "bucket": .string(bucket), "expected_bucket_owner": .string(expectedOwner ?? "")]
    }

    static let schemaAttributes: [String: AttributeSchema] = [
        "id": AttributeSchema(.string, .computed),
        "bucket": AttributeSchema(.string, .required, forceNew: true),
        "expected_bucket_owner": AttributeSchema(.string, .optional, forceNew: true),
    ]

    /// Import by `bucket` or `bucket,expected-owner`.
    static func importObject<T: AWSResourceType>(_ type: T, id: String, in context: AWSContext) async throws -> Value {
        guard let setting = S3BucketSetting(id: id) else {
            throw ProviderError("Invalid import id", detail: "\(T.typeName) is imported by the bucket name, or by bucket,expected_bucket_owner; \"\(id)\" is neither.")
        }
        guard let object = try await type.read(.object(setting.attributes), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No \(T.displayName) exists for bucket \(setting.bucket) in \(context.region).")
        }
        return object
    }
}
