import Foundation
import Provisioner
import ResourceGraph

/// `aws_s3_bucket_versioning`: whether a bucket keeps every version of its objects. Destroying
/// it suspends versioning (S3 cannot turn it off again). Import id: the bucket name, or
/// `bucket,expected_bucket_owner`.
struct S3BucketVersioningResource: AWSResourceType {
    static let displayName = "S3 Bucket Versioning"
    static let typeName = "aws_s3_bucket_versioning"

    /// The status the provider accepts for a bucket that never had versioning: nothing to put.
    static let disabled = "Disabled"

    static let configurationSchema = BlockSchema(attributes: [
        "status": AttributeSchema(.string, .required),
        "mfa_delete": AttributeSchema(.string, .optionalComputed),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: S3BucketSetting.schemaAttributes.merging([
            // The serial number and code of the MFA device, for buckets with MFA delete.
            "mfa": AttributeSchema(.string, .optional),
        ]) { a, _ in a },
        blocks: ["versioning_configuration": NestedBlockSchema(.list, Self.configurationSchema, minItems: 1, maxItems: 1)]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let setting = S3BucketSetting(planned) else { throw ProviderError("Creating S3 Bucket Versioning", detail: "the bucket is not known.") }
        let partial = planned.setting(["id": .string(setting.id)])
        do {
            let configuration = planned.objects("versioning_configuration").first ?? .emptyObject
            // "Disabled" only describes a bucket that never had versioning; S3 has no such status.
            if configuration.string("status") != Self.disabled {
                try await S3.retryingNewBucket(in: context) { try await put(configuration, setting: setting, mfa: planned.string("mfa"), in: context) }
                try await waitForStatus(configuration.string("status") ?? "", setting: setting, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating S3 Bucket Versioning (\(setting.bucket))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let setting = S3BucketSetting(current) else { return nil }
        do {
            guard let (status, mfaDelete) = try await versioning(setting, in: context) else { return nil }
            var configuration: [String: Value] = ["status": .string(status), "mfa_delete": .string(mfaDelete ?? "")]
            // MFA delete is reported only once it has been set; until then it is what was planned.
            if mfaDelete == nil, let planned = current.objects("versioning_configuration").first?[attribute: "mfa_delete"], planned.isKnown, !planned.isNull {
                configuration["mfa_delete"] = planned
            }
            var attributes = setting.attributes
            attributes["mfa"] = current[attribute: "mfa"] ?? .null(.string)
            attributes["versioning_configuration"] = .list([.object(configuration)], of: Self.configurationSchema.valueType)
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading S3 Bucket Versioning (\(setting.bucket))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let setting = S3BucketSetting(prior) else { throw ProviderError("Updating S3 Bucket Versioning", detail: "the bucket is not known.") }
        let configuration = planned.objects("versioning_configuration").first ?? .emptyObject
        guard configuration.string("status") != Self.disabled else {
            throw ProviderError("Updating S3 Bucket Versioning (\(setting.bucket))", detail: "versioning cannot be turned off once it has been enabled on a bucket; set status = \"Suspended\" instead.")
        }
        do {
            try await put(configuration, setting: setting, mfa: planned.string("mfa"), in: context)
            try await waitForStatus(configuration.string("status") ?? "", setting: setting, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating S3 Bucket Versioning (\(setting.bucket))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let setting = S3BucketSetting(current) else { return }
        let configuration = current.objects("versioning_configuration").first ?? .emptyObject
        if configuration.string("status") == Self.disabled { return }
        do {
            let suspended = configuration.setting(["status": .string("Suspended")])
            try await put(suspended, setting: setting, mfa: current.string("mfa"), in: context)
        } catch where S3.isNoSuchBucket(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting S3 Bucket Versioning (\(setting.bucket))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        try await S3BucketSetting.importObject(self, id: id, in: context)
    }

    // MARK: Calls

    private func put(_ configuration: Value, setting: S3BucketSetting, mfa: String?, in context: AWSContext) async throws {
        var headers = setting.headers
        if let mfa, !mfa.isEmpty { headers.add("x-amz-mfa", mfa) }
        let mfaDelete = configuration.string("mfa_delete").flatMap { $0.isEmpty ? nil : $0 }
        try await S3.call(
            "PutBucketVersioning", "PUT", bucket: setting.bucket, subresource: "versioning", headers: headers,
            body: S3.document("VersioningConfiguration", [S3.leaf("MfaDelete", mfaDelete), S3.leaf("Status", configuration.string("status"))]),
            in: context)
    }

    /// The bucket's versioning status ("Disabled" when it never had any) and MFA delete
    /// setting, or nil when the bucket is gone.
    private func versioning(_ setting: S3BucketSetting, in context: AWSContext) async throws -> (status: String, mfaDelete: String?)? {
        do {
            let answer = try await S3.call("GetBucketVersioning", "GET", bucket: setting.bucket, subresource: "versioning", headers: setting.headers, in: context).xml()
            let status = answer.string("Status").flatMap { $0.isEmpty ? nil : $0 } ?? Self.disabled
            return (status, answer.string("MfaDelete").flatMap { $0.isEmpty ? nil : $0 })
        } catch where S3.isNoSuchBucket(error) {
            return nil
        }
    }

    /// A change of versioning takes a moment to be reported everywhere.
    private func waitForStatus(_ wanted: String, setting: S3BucketSetting, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: .seconds(120), minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        try await waiter.wait(for: "versioning of S3 Bucket \(setting.bucket) to be \(wanted)", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            guard let status = try await versioning(setting, in: context)?.status else { return .failed("the bucket no longer exists") }
            return status == wanted ? .done(()) : .pending("status \(status)")
        }
    }
}
