import Foundation
import Provisioner
import ResourceGraph

/// `aws_secretsmanager_secret`: a secret's metadata (its value is
/// `aws_secretsmanager_secret_version`). Import id: the secret's ARN.
struct SecretResource: AWSResourceType {
    static let displayName = "Secrets Manager Secret"
    static let typeName = "aws_secretsmanager_secret"

    static let replicaSchema = BlockSchema(attributes: [
        "region": AttributeSchema(.string, .required),
        "kms_key_id": AttributeSchema(.string, .optionalComputed),
        "last_accessed_date": AttributeSchema(.string, .computed),
        "status": AttributeSchema(.string, .computed),
        "status_message": AttributeSchema(.string, .computed),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "description": AttributeSchema(.string, .optional),
            "kms_key_id": AttributeSchema(.string, .optional),
            "policy": AttributeSchema(.string, .optionalComputed),
            "recovery_window_in_days": AttributeSchema(.number, .optional, default: .number(30)),
            "force_overwrite_replica_secret": AttributeSchema(.bool, .optional, default: .false),
            "type": AttributeSchema(.string, .optional, forceNew: true),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["replica": NestedBlockSchema(.set, replicaSchema)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        if configuration.string("name") == nil, prior == nil {
            // AWS needs a name: without one (or with a prefix) prov makes a unique one at create.
            planned = planned.setting(["name": .unknown(.string)])
        }
        if let prior, PolicyDocuments.equivalent(prior.string("policy"), planned.string("policy")) {
            planned = planned.setting(["policy": prior[attribute: "policy"] ?? .null(.string)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? UniqueName.make(prefix: planned.string("name_prefix") ?? "prov-")
        var body: [String: Value] = ["Name": .string(name)]
        if let description = planned.string("description") { body["Description"] = .string(description) }
        if let key = planned.string("kms_key_id") { body["KmsKeyId"] = .string(key) }
        if let type = planned.string("type") { body["Type"] = .string(type) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["Tags"] = SecretsManager.tagList(tags) }
        let replicas = planned.objects("replica")
        if !replicas.isEmpty {
            body["AddReplicaRegions"] = .tuple(replicas.map(Self.replicaRegion))
            body["ForceOverwriteReplicaSecret"] = .bool(planned.bool("force_overwrite_replica_secret") ?? false)
        }
        let response: Value
        do {
            response = try await SecretsManager.call("CreateSecret", body, in: context, idempotent: false)
        } catch let error as AWSError where error.code == "InvalidRequestException" && error.message.contains("scheduled for deletion") {
            throw ProviderError("Creating Secrets Manager Secret (\(name))", detail: "\(error.message) A secret deleted with a recovery window keeps its name until the window ends. Restore it (aws secretsmanager restore-secret --secret-id \(name)) and import it, choose another name, or set recovery_window_in_days = 0 so that destroying it frees the name at once.")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Secrets Manager Secret (\(name))")
        }
        guard let arn = response.string("ARN") else {
            throw ProviderError("Creating Secrets Manager Secret (\(name))", detail: "CreateSecret answered without an ARN.")
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn), "name": .string(name)])
        do {
            var policy: String? = nil
            if let document = planned.string("policy"), !document.isEmpty, !PolicyDocuments.equivalent(document, "{}") {
                _ = try await SecretsManager.call("PutResourcePolicy", ["SecretId": .string(arn), "ResourcePolicy": .string(document)], in: context)
                policy = document
            }
            // The policy is the one just put, or none on a new secret: not asked for again.
            guard let created = try await read(partial, remotePolicy: .some(policy), in: context) else {
                throw ProviderError("Creating \(Self.displayName)", detail: "the object cannot be found afterwards: it may have been deleted outside prov meanwhile.")
            }
            return created
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Secrets Manager Secret (\(name))", partialObject: partial)
        }
    }

    private static func replicaRegion(_ replica: Value) -> Value {
        var entry: [String: Value] = ["Region": .string(replica.string("region"))]
        if let key = replica.string("kms_key_id") { entry["KmsKeyId"] = .string(key) }
        return .object(entry)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        try await read(current, remotePolicy: nil, in: context)
    }

    /// `read`, with the secret's resource policy given when it is already known (`.some(nil)`
    /// for none) rather than asked for.
    private func read(_ current: Value, remotePolicy known: String??, in context: AWSContext) async throws -> Value? {
        guard let arn = current.string("id") ?? current.string("arn") else { return nil }
        do {
            let secret = try await SecretsManager.call("DescribeSecret", ["SecretId": .string(arn)], in: context)
            // A secret scheduled for deletion is gone as far as configuration is concerned.
            if let deleted = secret[attribute: "DeletedDate"], !deleted.isNull { return nil }
            let remotePolicy: String?
            if let known {
                remotePolicy = known
            } else {
                remotePolicy = try await SecretsManager.call("GetResourcePolicy", ["SecretId": .string(arn)], in: context).string("ResourcePolicy")
            }
            let priorPolicy = current.string("policy")
            let policy = PolicyDocuments.equivalent(priorPolicy, remotePolicy) ? priorPolicy : remotePolicy
            let name = secret.string("Name")
            var attributes: [String: Value] = [
                "id": .string(secret.string("ARN") ?? arn),
                "arn": .string(secret.string("ARN") ?? arn),
                "name": .string(name),
                "name_prefix": current[attribute: "name_prefix"].flatMap { $0.isKnown ? $0 : nil } ?? .null(.string),
                "description": .string(secret.string("Description")),
                "kms_key_id": .string(secret.string("KmsKeyId")),
                "policy": .string(policy ?? ""),
                "recovery_window_in_days": current[attribute: "recovery_window_in_days"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .number(30),
                "force_overwrite_replica_secret": current[attribute: "force_overwrite_replica_secret"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false,
                "type": current[attribute: "type"].flatMap { $0.isKnown ? $0 : nil } ?? .null(.string),
                "replica": .set(secret.objects("ReplicationStatus").map { status in
                    .object([
                        "region": .string(status.string("Region")),
                        "kms_key_id": .string(status.string("KmsKeyId")),
                        "last_accessed_date": .string(status[attribute: "LastAccessedDate"].flatMap { $0.numberValue?.description } ?? ""),
                        "status": .string(status.string("Status")),
                        "status_message": .string(status.string("StatusMessage") ?? ""),
                    ])
                }, of: Self.replicaSchema.valueType),
            ]
            attributes.merge(AWSTags.attributes(remote: SecretsManager.tags(from: secret[attribute: "Tags"]), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch where SecretsManager.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Secrets Manager Secret (\(arn))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("arn") else { throw ProviderError("Updating Secrets Manager Secret", detail: "the secret has no ARN in state.") }
        do {
            if planned.string("description") != prior.string("description") || planned.string("kms_key_id") != prior.string("kms_key_id") {
                // The SDKs always send a request token here (the API model marks it as an
                // idempotency token); without a value it names no version.
                var body: [String: Value] = [
                    "SecretId": .string(arn), "Description": .string(planned.string("description") ?? ""),
                    "ClientRequestToken": .string(UUID().uuidString.lowercased()),
                ]
                if let key = planned.string("kms_key_id") { body["KmsKeyId"] = .string(key) }
                _ = try await SecretsManager.call("UpdateSecret", body, in: context)
            }
            if !PolicyDocuments.equivalent(planned.string("policy"), prior.string("policy")), let policy = planned.string("policy"), !policy.isEmpty {
                if PolicyDocuments.equivalent(policy, "{}") {
                    _ = try await SecretsManager.call("DeleteResourcePolicy", ["SecretId": .string(arn)], in: context)
                } else {
                    _ = try await SecretsManager.call("PutResourcePolicy", ["SecretId": .string(arn), "ResourcePolicy": .string(policy)], in: context)
                }
            }
            try await updateReplicas(arn: arn, prior: prior, planned: planned, in: context)
            try await SecretsManager.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Secrets Manager Secret (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    private func updateReplicas(arn: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        let before = Set(prior.objects("replica").compactMap { $0.string("region") })
        let wanted = planned.objects("replica")
        let after = Set(wanted.compactMap { $0.string("region") })
        let removed = before.subtracting(after).sorted()
        if !removed.isEmpty {
            _ = try await SecretsManager.call("RemoveRegionsFromReplication", ["SecretId": .string(arn), "RemoveReplicaRegions": .tuple(removed.map(Value.string))], in: context)
        }
        let added = wanted.filter { !before.contains($0.string("region") ?? "") }
        if !added.isEmpty {
            _ = try await SecretsManager.call("ReplicateSecretToRegions", [
                "SecretId": .string(arn), "AddReplicaRegions": .tuple(added.map(Self.replicaRegion)),
                "ForceOverwriteReplicaSecret": .bool(planned.bool("force_overwrite_replica_secret") ?? false),
            ], in: context)
        }
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("arn") ?? current.string("id") else { return }
        do {
            let regions = current.objects("replica").compactMap { $0.string("region") }
            if !regions.isEmpty {
                _ = try await SecretsManager.call("RemoveRegionsFromReplication", ["SecretId": .string(arn), "RemoveReplicaRegions": .tuple(regions.map(Value.string))], in: context)
            }
            var body: [String: Value] = ["SecretId": .string(arn)]
            let window = current.int("recovery_window_in_days") ?? 30
            if window == 0 {
                body["ForceDeleteWithoutRecovery"] = .true
            } else {
                body["RecoveryWindowInDays"] = .number(window)
            }
            _ = try await SecretsManager.call("DeleteSecret", body, in: context)
        } catch where SecretsManager.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Secrets Manager Secret (\(arn))")
        }
    }

}

/// Names made unique the way Terraform makes them for `name_prefix`: the prefix, then a
/// timestamp and counter that sort in creation order.
enum UniqueName {
    static func make(prefix: String) -> String {
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 16)
        return prefix + String(stamp) + suffix
    }
}

// MARK: Reconciliation

extension SecretResource {
    /// The id is the ARN.
    func identity(fromARN arn: String) -> [String: Value] { ["id": .string(arn), "arn": .string(arn)] }

    /// Secret names are unique in a region; DescribeSecret takes the name as the id.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("name").map { ["id": .string($0)] }
    }
}
