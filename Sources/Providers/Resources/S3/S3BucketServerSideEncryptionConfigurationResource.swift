import Foundation
import Provisioner
import ResourceGraph

/// `aws_s3_bucket_server_side_encryption_configuration`: how a bucket encrypts new objects by
/// default. Destroying it leaves S3's own default (SSE-S3). Import id: the bucket name, or
/// `bucket,expected_bucket_owner`.
struct S3BucketServerSideEncryptionConfigurationResource: AWSResourceType {
    static let displayName = "S3 Bucket Server-side Encryption Configuration"
    static let typeName = "aws_s3_bucket_server_side_encryption_configuration"

    static let byDefaultSchema = BlockSchema(attributes: [
        "sse_algorithm": AttributeSchema(.string, .required),
        "kms_master_key_id": AttributeSchema(.string, .optional),
    ])
    static let ruleSchema = BlockSchema(
        attributes: ["bucket_key_enabled": AttributeSchema(.bool, .optional)],
        blocks: ["apply_server_side_encryption_by_default": NestedBlockSchema(.list, byDefaultSchema, maxItems: 1)])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: S3BucketSetting.schemaAttributes,
        blocks: ["rule": NestedBlockSchema(.set, Self.ruleSchema, minItems: 1)]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let setting = S3BucketSetting(planned) else { throw ProviderError("Creating \(Self.displayName)", detail: "the bucket is not known.") }
        let partial = planned.setting(["id": .string(setting.id)])
        do {
            try await S3.retryingNewBucket(in: context) { try await put(planned, setting: setting, in: context) }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating \(Self.displayName) (\(setting.bucket))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let setting = S3BucketSetting(current) else { return nil }
        do {
            let answer: XMLNode
            do {
                answer = try await S3.call("GetBucketEncryption", "GET", bucket: setting.bucket, subresource: "encryption", headers: setting.headers, in: context).xml()
            } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "ServerSideEncryptionConfigurationNotFoundError") {
                return nil
            }
            let rules = answer.children("Rule").map { rule -> Value in
                let byDefault = rule.child("ApplyServerSideEncryptionByDefault").map { element -> Value in
                    .object([
                        "sse_algorithm": .string(element.string("SSEAlgorithm") ?? ""),
                        "kms_master_key_id": .string(element.string("KMSMasterKeyID") ?? ""),
                    ])
                }
                return .object([
                    "bucket_key_enabled": .bool(rule.path("BucketKeyEnabled")?.boolValue ?? false),
                    "apply_server_side_encryption_by_default": .list(byDefault.map { [$0] } ?? [], of: Self.byDefaultSchema.valueType),
                ])
            }
            var attributes = setting.attributes
            attributes["rule"] = .set(rules, of: Self.ruleSchema.valueType)
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading \(Self.displayName) (\(setting.bucket))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let setting = S3BucketSetting(prior) else { throw ProviderError("Updating \(Self.displayName)", detail: "the bucket is not known.") }
        do {
            try await put(planned, setting: setting, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating \(Self.displayName) (\(setting.bucket))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let setting = S3BucketSetting(current) else { return }
        do {
            try await S3.call("DeleteBucketEncryption", "DELETE", bucket: setting.bucket, subresource: "encryption", headers: setting.headers, in: context)
        } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "ServerSideEncryptionConfigurationNotFoundError") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting \(Self.displayName) (\(setting.bucket))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        try await S3BucketSetting.importObject(self, id: id, in: context)
    }

    /// PutBucketEncryption, tried again while S3 is still busy with an earlier change of the
    /// bucket (OperationAborted), as the provider does.
    private func put(_ planned: Value, setting: S3BucketSetting, in context: AWSContext) async throws {
        let rules = planned.objects("rule").map { rule -> XMLNode in
            var children: [XMLNode] = []
            if let byDefault = rule.objects("apply_server_side_encryption_by_default").first {
                children.append(.element("ApplyServerSideEncryptionByDefault", [
                    S3.leaf("SSEAlgorithm", byDefault.string("sse_algorithm")),
                    S3.leaf("KMSMasterKeyID", byDefault.string("kms_master_key_id").flatMap { $0.isEmpty ? nil : $0 }),
                ].compactMap { $0 }))
            }
            if let bucketKey = rule.bool("bucket_key_enabled") {
                children.append(.leaf("BucketKeyEnabled", bucketKey ? "true" : "false"))
            }
            return .element("Rule", children)
        }
        let body = S3.document("ServerSideEncryptionConfiguration", rules)
        try await S3.retrying(timeout: .seconds(120), in: context, when: { $0.code == "OperationAborted" }) {
            try await S3.call("PutBucketEncryption", "PUT", bucket: setting.bucket, subresource: "encryption", headers: setting.headers, body: body, in: context)
        }
    }
}
