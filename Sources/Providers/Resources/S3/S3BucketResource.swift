import Foundation
import Provisioner
import ResourceGraph

/// `aws_s3_bucket`: a general purpose bucket. Its id is its name. Import id: the bucket name.
///
/// The settings the provider deprecated in v4 (versioning, encryption, lifecycle rules, website,
/// ACL, policy, ...) are refused with the separate resource to use; see `S3BucketLegacySettings`.
struct S3BucketResource: AWSResourceType {
    static let displayName = "S3 Bucket"
    static let typeName = "aws_s3_bucket"

    static let timeoutsBlock = Timeouts.block(create: true, update: true, delete: true, read: true)

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "bucket": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "bucket_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "bucket_domain_name": AttributeSchema(.string, .computed),
            "bucket_regional_domain_name": AttributeSchema(.string, .computed),
            "force_destroy": AttributeSchema(.bool, .optional, default: .false),
            "hosted_zone_id": AttributeSchema(.string, .computed),
            "object_lock_enabled": AttributeSchema(.bool, .optionalComputed, forceNew: true),
            "region": AttributeSchema(.string, .computed),
            "website_domain": AttributeSchema(.string, .computed),
            "website_endpoint": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a }.merging(S3BucketLegacySettings.attributes) { a, _ in a },
        blocks: S3BucketLegacySettings.blocks.merging(["timeouts": Self.timeoutsBlock]) { a, _ in a }))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("bucket") != nil, configuration.string("bucket_prefix") != nil {
            throw ProviderError("Conflicting configuration arguments", detail: "\"bucket\": conflicts with bucket_prefix. Set one or the other.")
        }
        return PlannedChange(planned: AWSTags.planTagsAll(proposed, settings: settings))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let configuredName = planned.string("bucket")
        let bucket = configuredName ?? GeneratedNames.make(prefix: planned.string("bucket_prefix"), token: context.idempotencyToken)
        var headers: HTTPHeaders = [:]
        if planned.bool("object_lock_enabled") == true { headers.add("x-amz-bucket-object-lock-enabled", "true") }
        // us-east-1 is S3's default location and must not be named; elsewhere it must be.
        let body: RESTBody = context.region == "us-east-1"
            ? .none
            : S3.document("CreateBucketConfiguration", [.leaf("LocationConstraint", context.region)])
        do {
            try await S3.call("CreateBucket", "PUT", bucket: bucket, headers: headers, body: body, in: context)
        } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" && (configuredName == nil || error.attempts > 1) {
            // Made by an earlier attempt of this same create (a generated name comes from the
            // operation's token, so only this operation asks for it): the bucket is ours.
        } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" {
            throw ProviderError("Creating S3 Bucket (\(bucket))", detail: "\(error)\n\nThe bucket exists in this account already; adopt it with prov import.", isAlreadyExists: true)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating S3 Bucket (\(bucket))")
        }

        let partial = planned.setting(["id": .string(bucket), "bucket": .string(bucket)])
        do {
            try await S3.waitForBucket(bucket, exists: true, timeout: Timeouts.duration(planned, "create", default: .seconds(20 * 60)), in: context)
            let tags = planned.stringMap("tags_all") ?? [:]
            if !tags.isEmpty {
                try await S3.retryingNewBucket(in: context) { try await S3.updateBucketTags(bucket, to: tags, in: context) }
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating S3 Bucket (\(bucket))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let bucket = current.string("id") ?? current.string("bucket") else { return nil }
        do {
            let region: String
            do {
                region = try await S3.bucketRegion(bucket, in: context)
            } catch where S3.isNoSuchBucket(error) {
                return nil
            }
            async let tags = S3.bucketTags(bucket, in: context)
            async let objectLock = objectLockEnabled(bucket, in: context)
            async let website = S3.hasWebsite(bucket, in: context)
            let websiteNames = try await website ? S3BucketNames.websiteEndpoint(bucket, region: region) : nil
            var attributes: [String: Value] = [
                "id": .string(bucket),
                "bucket": .string(bucket),
                "bucket_prefix": current[attribute: "bucket_prefix"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil }
                    ?? .string(GeneratedNames.prefix(of: bucket)),
                "arn": .string(S3BucketNames.arn(bucket, partition: context.partition)),
                "bucket_domain_name": .string(S3BucketNames.domainName(bucket, region: context.region)),
                "bucket_regional_domain_name": .string(S3BucketNames.regionalDomainName(bucket, region: region)),
                "hosted_zone_id": .string(S3BucketNames.hostedZoneID(region: region)),
                "region": .string(region),
                "object_lock_enabled": .bool(try await objectLock),
                "website_endpoint": .string(websiteNames?.endpoint ?? ""),
                "website_domain": .string(websiteNames?.domain ?? ""),
                // Settings that live only in configuration: an import takes the default.
                "force_destroy": current[attribute: "force_destroy"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false,
                "timeouts": current[attribute: "timeouts"] ?? .null(Self.timeoutsBlock.valueType),
            ]
            attributes.merge(S3BucketLegacySettings.emptyValues) { _, legacy in legacy }
            attributes.merge(AWSTags.attributes(remote: try await tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading S3 Bucket (\(bucket))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = prior.string("id") else { throw ProviderError("Updating S3 Bucket", detail: "the bucket has no name in state.") }
        if PlanSuppression.changed("tags_all", prior, planned) {
            do {
                try await S3.updateBucketTags(bucket, to: planned.stringMap("tags_all") ?? [:], in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "updating S3 Bucket (\(bucket)) tags")
            }
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let bucket = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: .seconds(60 * 60))
        let force = current.bool("force_destroy") == true
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(timeout.timeInterval)
        do {
            while true {
                do {
                    try await S3.call("DeleteBucket", "DELETE", bucket: bucket, in: context)
                    break
                } catch where S3.isNoSuchBucket(error) {
                    return
                } catch let error as AWSError where error.code == "BucketNotEmpty" {
                    guard force else {
                        throw ProviderError("Deleting S3 Bucket (\(bucket))", detail: "\(error)\n\nThe bucket still holds objects (or object versions). Delete them first, or set force_destroy = true (and apply) so that destroying the bucket deletes them.")
                    }
                    // Objects can keep arriving while the bucket is emptied: empty it again.
                    guard clock.now() < deadline else { throw error }
                    let count = try await S3ObjectVersions.deleteAll(bucket: bucket, key: nil, force: true, in: context)
                    context.progress("deleted \(count) object versions from S3 Bucket \(bucket)")
                }
            }
            try await S3.waitForBucket(bucket, exists: false, timeout: .seconds(120), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting S3 Bucket (\(bucket))")
        }
    }

    // MARK: Reads

    private func objectLockEnabled(_ bucket: String, in context: AWSContext) async throws -> Bool {
        do {
            let configuration = try await S3.call("GetObjectLockConfiguration", "GET", bucket: bucket, subresource: "object-lock", in: context).xml()
            return configuration.string("ObjectLockEnabled") == "Enabled"
        } catch where S3.hasCode(error, "ObjectLockConfigurationNotFoundError", "MethodNotAllowed", "NotImplemented", "XNotImplemented") {
            return false
        }
    }
}
