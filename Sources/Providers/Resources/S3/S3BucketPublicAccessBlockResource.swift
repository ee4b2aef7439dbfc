import Foundation
import Provisioner
import ResourceGraph

/// `aws_s3_bucket_public_access_block`: the four switches that keep a bucket from being made
/// public. Import id: the bucket name.
struct S3BucketPublicAccessBlockResource: AWSResourceType {
    static let displayName = "S3 Bucket Public Access Block"
    static let typeName = "aws_s3_bucket_public_access_block"

    /// Argument name and the element of `PublicAccessBlockConfiguration` it sets.
    static let switches: [(attribute: String, element: String)] = [
        ("block_public_acls", "BlockPublicAcls"),
        ("ignore_public_acls", "IgnorePublicAcls"),
        ("block_public_policy", "BlockPublicPolicy"),
        ("restrict_public_buckets", "RestrictPublicBuckets"),
    ]

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "bucket": AttributeSchema(.string, .required, forceNew: true),
        "block_public_acls": AttributeSchema(.bool, .optional, default: .false),
        "block_public_policy": AttributeSchema(.bool, .optional, default: .false),
        "ignore_public_acls": AttributeSchema(.bool, .optional, default: .false),
        "restrict_public_buckets": AttributeSchema(.bool, .optional, default: .false),
        // Leaves the block in place when the resource is destroyed.
        "skip_destroy": AttributeSchema(.bool, .optional),
    ]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = planned.string("bucket") else { throw ProviderError("Creating S3 Bucket Public Access Block", detail: "the bucket is not known.") }
        let partial = planned.setting(["id": .string(bucket)])
        do {
            try await S3.retryingNewBucket(in: context) { try await put(planned, bucket: bucket, in: context) }
            try await waitUntilReported(planned, bucket: bucket, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating S3 Bucket Public Access Block (\(bucket))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let bucket = current.string("id") ?? current.string("bucket") else { return nil }
        do {
            guard let configuration = try await configuration(bucket, in: context) else { return nil }
            var attributes: [String: Value] = [
                "id": .string(bucket), "bucket": .string(bucket),
                // Only in configuration: an import leaves it unset.
                "skip_destroy": current[attribute: "skip_destroy"] ?? .null(.bool),
            ]
            for (attribute, element) in Self.switches {
                attributes[attribute] = .bool(configuration.path(element)?.boolValue ?? false)
            }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading S3 Bucket Public Access Block (\(bucket))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = prior.string("id") else { throw ProviderError("Updating S3 Bucket Public Access Block", detail: "the bucket is not known.") }
        do {
            try await put(planned, bucket: bucket, in: context)
            try await waitUntilReported(planned, bucket: bucket, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating S3 Bucket Public Access Block (\(bucket))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let bucket = current.string("id"), current.bool("skip_destroy") != true else { return }
        do {
            try await S3.call("DeletePublicAccessBlock", "DELETE", bucket: bucket, subresource: "publicAccessBlock", in: context)
        } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "NoSuchPublicAccessBlockConfiguration") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting S3 Bucket Public Access Block (\(bucket))")
        }
        do {
            // S3 takes a moment to stop reporting a deleted configuration.
            let waiter = AWSWaiter(timeout: .seconds(120), minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
            try await waiter.wait(for: "the public access block of S3 Bucket \(bucket) to be deleted", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
                try await configuration(bucket, in: context) == nil ? .done(()) : .pending("still reported")
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for S3 Bucket Public Access Block (\(bucket)) delete")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let object = try await read(.object(["id": .string(id)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "Bucket \(id) has no public access block in \(context.region).")
        }
        return object
    }

    // MARK: Calls

    private func put(_ planned: Value, bucket: String, in context: AWSContext) async throws {
        let elements = Self.switches.map { XMLNode.leaf($0.element, planned.bool($0.attribute) == true ? "true" : "false") }
        try await S3.call(
            "PutPublicAccessBlock", "PUT", bucket: bucket, subresource: "publicAccessBlock",
            body: S3.document("PublicAccessBlockConfiguration", elements), in: context)
    }

    /// The configuration, or nil when the bucket or its public access block is gone.
    private func configuration(_ bucket: String, in context: AWSContext) async throws -> XMLNode? {
        do {
            return try await S3.call("GetPublicAccessBlock", "GET", bucket: bucket, subresource: "publicAccessBlock", in: context).xml()
        } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "NoSuchPublicAccessBlockConfiguration") {
            return nil
        }
    }

    /// S3 takes a moment to report a new configuration everywhere.
    private func waitUntilReported(_ planned: Value, bucket: String, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: .seconds(120), minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        try await waiter.wait(for: "the public access block of S3 Bucket \(bucket) to be in effect", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            guard let configuration = try await configuration(bucket, in: context) else { return .pending("not reported yet") }
            let matches = Self.switches.allSatisfy { (configuration.path($0.element)?.boolValue ?? false) == (planned.bool($0.attribute) == true) }
            return matches ? .done(()) : .pending("not reported yet")
        }
    }
}
