import Foundation
import Provisioner
import ResourceGraph

/// `aws_s3_object`: one object in a bucket. Its id is `bucket/key`. Import id: `bucket/key` or
/// `s3://bucket/key`.
///
/// A change of the content or of a setting S3 keeps with the content (content type, storage
/// class, encryption, metadata, ...) uploads the object again; the ACL, object lock settings
/// and tags change in place.
struct S3ObjectResource: AWSResourceType {
    static let displayName = "S3 Object"
    static let typeName = "aws_s3_object"
    /// An object may carry only ten tags, all of them the user's; an unrecorded upload is
    /// simply made again (a PUT of the same key replaces it), and emptying its bucket removes it.
    static let receivesSystemTags = false
    static let createIsRepeatable = true

    static let defaultTagsSchema = BlockSchema(attributes: ["tags": AttributeSchema(.map(.string), .optional)])
    static let overrideProviderSchema = BlockSchema(blocks: ["default_tags": NestedBlockSchema(.list, defaultTagsSchema, maxItems: 1)])

    static let checksumAttributes = ["checksum_crc32", "checksum_crc32c", "checksum_crc64nvme", "checksum_sha1", "checksum_sha256"]

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "bucket": AttributeSchema(.string, .required, forceNew: true),
            "key": AttributeSchema(.string, .required, forceNew: true),
            "acl": AttributeSchema(.string, .optionalComputed),
            "bucket_key_enabled": AttributeSchema(.bool, .optionalComputed),
            "cache_control": AttributeSchema(.string, .optional),
            "checksum_algorithm": AttributeSchema(.string, .optional, unsupported: "prov does not compute S3's additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) for uploads yet"),
            "content": AttributeSchema(.string, .optional),
            "content_base64": AttributeSchema(.string, .optional),
            "content_disposition": AttributeSchema(.string, .optional),
            "content_encoding": AttributeSchema(.string, .optional),
            "content_language": AttributeSchema(.string, .optional),
            "content_type": AttributeSchema(.string, .optionalComputed),
            "etag": AttributeSchema(.string, .optionalComputed),
            "force_destroy": AttributeSchema(.bool, .optional, default: .false),
            "kms_key_id": AttributeSchema(.string, .optionalComputed),
            "metadata": AttributeSchema(.map(.string), .optional),
            "object_lock_legal_hold_status": AttributeSchema(.string, .optional),
            "object_lock_mode": AttributeSchema(.string, .optional),
            "object_lock_retain_until_date": AttributeSchema(.string, .optional),
            "server_side_encryption": AttributeSchema(.string, .optionalComputed),
            "source": AttributeSchema(.string, .optional),
            "source_hash": AttributeSchema(.string, .optional),
            "storage_class": AttributeSchema(.string, .optionalComputed),
            "version_id": AttributeSchema(.string, .computed),
            "website_redirect": AttributeSchema(.string, .optional),
        ]
        .merging(AWSTags.schemaAttributes) { a, _ in a }
        .merging(Self.checksumAttributes.map { ($0, AttributeSchema(.string, .computed)) }) { a, _ in a },
        blocks: ["override_provider": NestedBlockSchema(.list, Self.overrideProviderSchema, maxItems: 1)]))

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try Self.validate(configuration)
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        if Self.ignoresDefaultTags(configuration), let tags = planned[attribute: "tags"] {
            planned = planned.setting(["tags_all": tags.isNull ? .stringMap([:]) : tags])
        }
        guard let prior else { return PlannedChange(planned: planned) }
        // A new upload makes a new version and, unless the configuration pins it, a new ETag.
        let contentChanged = S3ObjectUpload.contentAttributes.contains { PlanSuppression.changed($0, prior, planned) }
        if contentChanged {
            var unknown: [String: Value] = ["version_id": .unknown(.string)]
            if configuration.string("etag") == nil { unknown["etag"] = .unknown(.string) }
            planned = planned.setting(unknown)
        }
        return PlannedChange(planned: planned)
    }

    /// The provider's ConflictsWith and validation rules.
    static func validate(_ configuration: Value) throws {
        let sources = ["source", "content", "content_base64"].filter { configuration[attribute: $0].map { !$0.isNull } ?? false }
        if sources.count > 1 {
            throw ProviderError("Conflicting configuration arguments", detail: "\"\(sources[0])\": conflicts with \(sources[1]). Set only one of source, content and content_base64.")
        }
        if configuration.string("etag") != nil, configuration.string("kms_key_id") != nil {
            throw ProviderError("Conflicting configuration arguments", detail: "\"etag\": conflicts with kms_key_id: the ETag of an object encrypted with a KMS key is not the MD5 of its content.")
        }
        if let metadata = configuration.stringMap("metadata"), let key = metadata.keys.sorted().first(where: { $0 != $0.lowercased() }) {
            throw ProviderError("Invalid metadata", detail: "Metadata must be lowercase only. Offending key: \"\(key)\"")
        }
        if let overrides = configuration.objects("override_provider").first?.objects("default_tags").first,
           let tags = overrides.stringMap("tags"), !tags.isEmpty {
            throw ProviderError("Invalid override_provider", detail: "override_provider { default_tags { tags } } must be empty: it only turns the provider's default tags off for this object.")
        }
    }

    /// `override_provider { default_tags { tags = {} } }`: the provider's default tags do not
    /// apply to this object.
    static func ignoresDefaultTags(_ object: Value) -> Bool {
        object.objects("override_provider").first.map { !$0.objects("default_tags").isEmpty } ?? false
    }

    // MARK: Create, read, update, delete

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let bucket = planned.string("bucket"), let key = planned.string("key") else {
            throw ProviderError("Creating S3 Object", detail: "the bucket or key is not known.")
        }
        let location = S3ObjectLocation(bucket: bucket, key: key)
        do {
            try await upload(planned, to: location, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "uploading S3 Object (\(location.key)) to Bucket (\(bucket))")
        }
        return try await readBack(planned.setting(["id": .string(location.id)]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let location = Self.location(of: current) else { return nil }
        do {
            let head: RESTResponse
            do {
                head = try await S3.call("HeadObject", "HEAD", bucket: location.bucket, key: location.requestKey, in: context)
            } catch let error as AWSError where error.status == 404 {
                return nil
            }
            let tags = try await objectTags(location, in: context)
            var attributes = S3ObjectHead(head).attributes(current: current)
            attributes.merge([
                "id": .string(location.id),
                "arn": .string(location.arn(partition: context.partition)),
                "bucket": .string(location.bucket),
                "key": .string(location.key),
            ]) { _, new in new }
            attributes.merge(Self.configurationOnly(current)) { _, kept in kept }
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            // No tags where none were configured (or after an import) reads as unset.
            if attributes["tags"]?.attributes?.isEmpty == true, current.stringMap("tags") == nil {
                attributes["tags"] = .null(.map(.string))
            }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading S3 Object (\(location.id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let location = Self.location(of: prior) else { throw ProviderError("Updating S3 Object", detail: "the object has no bucket and key in state.") }
        do {
            if S3ObjectUpload.contentAttributes.contains(where: { PlanSuppression.changed($0, prior, planned) }) {
                try await upload(planned, to: location, in: context)
            } else {
                try await updateInPlace(prior: prior, planned: planned, location: location, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating S3 Object (\(location.id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let location = Self.location(of: current) else { return }
        do {
            if let version = current.string("version_id"), !version.isEmpty {
                // A versioned bucket: every version of the key goes, as in the provider.
                try await S3ObjectVersions.deleteAll(bucket: location.bucket, key: location.requestKey, force: current.bool("force_destroy") == true, in: context)
            } else {
                try await S3.call("DeleteObject", "DELETE", bucket: location.bucket, key: location.requestKey, in: context)
            }
        } catch where S3.isNoSuchBucket(error) || S3.hasCode(error, "NoSuchKey") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting S3 Bucket (\(location.bucket)) Object (\(location.key))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let location = S3ObjectLocation(id: id) else {
            throw ProviderError("Invalid import id", detail: "id \"\(id)\" should be in the format <bucket>/<key> or s3://<bucket>/<key>")
        }
        let seed: Value = .object(["id": .string(location.id), "bucket": .string(location.bucket), "key": .string(location.key)])
        guard let object = try await read(seed, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No S3 Object \(location.key) exists in bucket \(location.bucket).")
        }
        return object
    }

    // MARK: Helpers

    static func location(of object: Value) -> S3ObjectLocation? {
        if let bucket = object.string("bucket"), let key = object.string("key") { return S3ObjectLocation(bucket: bucket, key: key) }
        return object.string("id").flatMap { S3ObjectLocation(id: $0) }
    }

    /// Arguments S3 does not report back: what the state had (nothing after an import).
    static func configurationOnly(_ current: Value) -> [String: Value] {
        var kept: [String: Value] = [:]
        let types: [String: ValueType] = [
            "acl": .string, "checksum_algorithm": .string, "content": .string, "content_base64": .string,
            "force_destroy": .bool, "source": .string, "source_hash": .string,
        ]
        for (name, type) in types {
            let value = current[attribute: name].flatMap { $0.isKnown ? $0 : nil }
            kept[name] = value ?? (name == "force_destroy" ? .false : .null(type))
        }
        kept["override_provider"] = current[attribute: "override_provider"].flatMap { $0.isKnown ? $0 : nil }
            ?? .list([], of: overrideProviderSchema.valueType)
        return kept
    }

    private func upload(_ planned: Value, to location: S3ObjectLocation, in context: AWSContext) async throws {
        var tags = planned.stringMap("tags_all") ?? [:]
        tags = tags.filter { !$0.key.hasPrefix("aws:") }
        let request = try S3ObjectUpload(planned, tags: tags)
        context.progress("uploading \(request.body.count) bytes")
        try await S3.retryingNewBucket(in: context) {
            try await S3.call(
                "PutObject", "PUT", bucket: location.bucket, key: location.requestKey, headers: request.headers,
                body: .bytes(request.body, contentType: nil), in: context)
        }
    }

    /// What changes without a new upload: ACL, legal hold, retention and tags.
    private func updateInPlace(prior: Value, planned: Value, location: S3ObjectLocation, in context: AWSContext) async throws {
        let bucket = location.bucket, key = location.requestKey
        if PlanSuppression.changed("acl", prior, planned), let acl = planned.string("acl"), !acl.isEmpty {
            try await S3.call("PutObjectAcl", "PUT", bucket: bucket, key: key, subresource: "acl", headers: ["x-amz-acl": acl], in: context)
        }
        if PlanSuppression.changed("object_lock_legal_hold_status", prior, planned) {
            let status = planned.string("object_lock_legal_hold_status") ?? ""
            try await S3.call(
                "PutObjectLegalHold", "PUT", bucket: bucket, key: key, subresource: "legal-hold",
                body: S3.document("LegalHold", [S3.leaf("Status", status)]), in: context)
        }
        if PlanSuppression.changed("object_lock_mode", prior, planned) || PlanSuppression.changed("object_lock_retain_until_date", prior, planned) {
            let mode = planned.string("object_lock_mode").flatMap { $0.isEmpty ? nil : $0 }
            let until = planned.string("object_lock_retain_until_date").flatMap { $0.isEmpty ? nil : $0 }
            var headers: HTTPHeaders = [:]
            // Shortening or clearing a retention period needs the governance bypass.
            let before = S3ObjectHead.date(prior.string("object_lock_retain_until_date"))
            let after = S3ObjectHead.date(until)
            if after == nil || (before != nil && after! < before!) { headers.add("x-amz-bypass-governance-retention", "true") }
            try await S3.call(
                "PutObjectRetention", "PUT", bucket: bucket, key: key, subresource: "retention", headers: headers,
                body: S3.document("Retention", [S3.leaf("Mode", mode), S3.leaf("RetainUntilDate", until)]), in: context)
        }
        if PlanSuppression.changed("tags_all", prior, planned) {
            try await updateTags(location, to: planned.stringMap("tags_all") ?? [:], in: context)
        }
    }

    private func objectTags(_ location: S3ObjectLocation, in context: AWSContext) async throws -> [String: String] {
        let answer = try await S3.call("GetObjectTagging", "GET", bucket: location.bucket, key: location.requestKey, subresource: "tagging", in: context)
        return S3.tags(from: try answer.xml())
    }

    /// PutObjectTagging replaces the whole set: tags S3 or the provider settings keep stay.
    private func updateTags(_ location: S3ObjectLocation, to wanted: [String: String], in context: AWSContext) async throws {
        let kept = S3.preservedTags(try await objectTags(location, in: context), settings: context.settings)
        let all = kept.merging(wanted) { _, new in new }
        if all.isEmpty {
            try await S3.call("DeleteObjectTagging", "DELETE", bucket: location.bucket, key: location.requestKey, subresource: "tagging", in: context)
        } else {
            try await S3.call("PutObjectTagging", "PUT", bucket: location.bucket, key: location.requestKey, subresource: "tagging", body: S3.tagging(all), in: context)
        }
    }
}
