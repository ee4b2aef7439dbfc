import Foundation
import Provisioner
import ResourceGraph

/// `aws_s3_bucket_policy`: a bucket's resource policy. The document is compared by meaning, so
/// formatting and key order never show as a change. Import id: the bucket name.
struct S3BucketPolicyResource: AWSResourceType {
    static let displayName = "S3 Bucket Policy"
    static let typeName = "aws_s3_bucket_policy"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "bucket": AttributeSchema(.string, .required, forceNew: true),
        "policy": AttributeSchema(.string, .required),
    ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        PlannedChange(planned: PlanSuppression.keepPriorString("policy", in: proposed, prior: prior, equivalent: PolicyDocuments.equivalent))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = planned.string("bucket") else { throw ProviderError("Creating S3 Bucket Policy", detail: "the bucket is not known.") }
        let partial = planned.setting(["id": .string(bucket)])
        do {
            try await put(planned.string("policy") ?? "", bucket: bucket, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating S3 Bucket Policy (\(bucket))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let bucket = current.string("id") ?? current.string("bucket") else { return nil }
        do {
            let remote: String
            do {
                let answer = try await S3.call("GetBucketPolicy", "GET", bucket: bucket, subresource: "policy", in: context)
                remote = String(decoding: answer.body, as: UTF8.self)
            } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "NoSuchBucketPolicy") {
                return nil
            }
            // The configuration's text stays while it means what AWS has; otherwise AWS's text,
            // re-encoded compactly as the provider stores it.
            let prior = current.string("policy")
            let policy = PolicyDocuments.equivalent(prior, remote) ? prior ?? remote : SecretDataSource.normalizedPolicy(remote)
            return .object(["id": .string(bucket), "bucket": .string(bucket), "policy": .string(policy)])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading S3 Bucket Policy (\(bucket))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = prior.string("id") else { throw ProviderError("Updating S3 Bucket Policy", detail: "the bucket is not known.") }
        do {
            try await put(planned.string("policy") ?? "", bucket: bucket, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating S3 Bucket Policy (\(bucket))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let bucket = current.string("id") else { return }
        do {
            try await S3.call("DeleteBucketPolicy", "DELETE", bucket: bucket, subresource: "policy", in: context)
        } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "NoSuchBucketPolicy") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting S3 Bucket Policy (\(bucket))")
        }
    }

    /// PutBucketPolicy, tried again for a while when S3 does not know the bucket yet or does
    /// not yet see an IAM principal made a moment ago ("Invalid principal in policy"), as the
    /// provider does.
    private func put(_ policy: String, bucket: String, in context: AWSContext) async throws {
        let body = RESTBody.bytes(Data(policy.utf8), contentType: "application/json")
        try await S3.retrying(timeout: .seconds(120), in: context, when: { error in
            error.code == "NoSuchBucket" || (error.code == "MalformedPolicy" && error.message.contains("Invalid principal"))
        }) {
            try await S3.call("PutBucketPolicy", "PUT", bucket: bucket, subresource: "policy", body: body, in: context)
        }
    }
}
