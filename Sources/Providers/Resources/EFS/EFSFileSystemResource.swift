import Foundation
import Provisioner
import ResourceGraph

/// `aws_efs_file_system`: an EFS file system. Its id is the file system id (`fs-…`). Import
/// id: the file system id.
///
/// Its throughput, lifecycle policies, replication protection and tags change in place; the
/// rest (creation token, encryption, performance mode, One Zone placement) replaces it.
struct EFSFileSystemResource: AWSResourceType {
    static let displayName = "EFS File System"
    static let typeName = "aws_efs_file_system"

    /// How long the provider waits for a file system to become available or go away.
    static let stateTimeout = Duration.seconds(10 * 60)

    /// Lifecycle policy arguments and the `LifecyclePolicy` members they set.
    static let transitions: [(attribute: String, member: String)] = [
        ("transition_to_archive", "TransitionToArchive"),
        ("transition_to_ia", "TransitionToIA"),
        ("transition_to_primary_storage_class", "TransitionToPrimaryStorageClass"),
    ]

    static let lifecyclePolicySchema = BlockSchema(attributes: Dictionary(uniqueKeysWithValues: transitions.map {
        ($0.attribute, AttributeSchema(.string, .optional))
    }))
    static let protectionSchema = BlockSchema(attributes: ["replication_overwrite": AttributeSchema(.string, .optionalComputed)])
    static let sizeType = ValueType.object(["value": .number, "value_in_ia": .number, "value_in_standard": .number])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "availability_zone_id": AttributeSchema(.string, .computed),
            "availability_zone_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "creation_token": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "dns_name": AttributeSchema(.string, .computed),
            "encrypted": AttributeSchema(.bool, .optionalComputed, forceNew: true),
            "kms_key_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name": AttributeSchema(.string, .computed),
            "number_of_mount_targets": AttributeSchema(.number, .computed),
            "owner_id": AttributeSchema(.string, .computed),
            "performance_mode": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "provisioned_throughput_in_mibps": AttributeSchema(.number, .optional),
            "size_in_bytes": AttributeSchema(.list(Self.sizeType), .computed),
            "throughput_mode": AttributeSchema(.string, .optional, default: .string("bursting")),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "lifecycle_policy": NestedBlockSchema(.list, Self.lifecyclePolicySchema, maxItems: 3),
            "protection": NestedBlockSchema(.list, Self.protectionSchema, maxItems: 1),
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("kms_key_id") != nil, configuration.bool("encrypted") != true {
            throw ProviderError("Invalid encryption settings", detail: "encrypted must be set to true when kms_key_id is specified")
        }
        // `protection` is Optional+Computed: without the block, what AWS reports stays.
        let planned = PlanSuppression.keepPriorBlockWhenUnconfigured("protection", in: AWSTags.planTagsAll(proposed, settings: settings), prior: prior, configuration: configuration)
        return PlannedChange(planned: planned)
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let configuredToken = planned.string("creation_token").flatMap { $0.isEmpty ? nil : $0 }
        // A generated token comes from the operation's token, so a create run again after an
        // interruption asks for the same file system.
        let token = configuredToken ?? GeneratedNames.make(prefix: nil, token: context.idempotencyToken)
        let throughputMode = planned.string("throughput_mode") ?? "bursting"
        var body: [String: Value] = ["CreationToken": .string(token), "ThroughputMode": .string(throughputMode)]
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["Tags"] = EFS.tagLists.list(tags) }
        if let zone = planned.string("availability_zone_name"), !zone.isEmpty { body["AvailabilityZoneName"] = .string(zone) }
        if let mode = planned.string("performance_mode"), !mode.isEmpty { body["PerformanceMode"] = .string(mode) }
        if throughputMode == "provisioned" { body["ProvisionedThroughputInMibps"] = planned[attribute: "provisioned_throughput_in_mibps"] ?? .number(0) }
        if planned.bool("encrypted") == true { body["Encrypted"] = .true }
        if let key = planned.string("kms_key_id"), !key.isEmpty { body["KmsKeyId"] = .string(key) }

        let id: String
        do {
            id = try await createFileSystem(body, token: token, tokenIsGenerated: configuredToken == nil, in: context)
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EFS File System")
        }
        let partial = planned.setting(["id": .string(id), "creation_token": .string(token)])
        do {
            try await EFS.waitForFileSystemAvailable(id, timeout: Self.stateTimeout, in: context)
            let policies = planned.objects("lifecycle_policy")
            if !policies.isEmpty { try await putLifecyclePolicies(policies, id: id, in: context) }
            if let protection = planned.objects("protection").first { try await putProtection(protection, id: id, in: context) }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EFS File System (\(id))", partialObject: partial)
        }
    }

    /// CreateFileSystem; the creation token makes it idempotent. A refusal because the token is
    /// taken adopts that file system when it was asked for by this operation (a generated
    /// token, or an earlier attempt of this request), and is reported for import otherwise.
    private func createFileSystem(_ body: [String: Value], token: String, tokenIsGenerated: Bool, in context: AWSContext) async throws -> String {
        do {
            let created = try await EFS.call("CreateFileSystem", "POST", "/file-systems", body: body, idempotent: true, in: context)
            guard let id = created.string("FileSystemId") else {
                throw ProviderError("Creating EFS File System", detail: "CreateFileSystem answered without a file system id.")
            }
            return id
        } catch let error as AWSError where error.code == "FileSystemAlreadyExists" && (tokenIsGenerated || error.attempts > 1) {
            let existing = try await EFS.call("DescribeFileSystems", "GET", "/file-systems", query: [("CreationToken", token)], in: context)
            guard let id = existing.objects("FileSystems").first?.string("FileSystemId") else { throw error }
            return id
        } catch let error as AWSError where error.code == "FileSystemAlreadyExists" {
            throw ProviderError("Creating EFS File System", detail: "\(error)\n\nA file system with creation token \(token) exists in this account already; adopt it with prov import.", isAlreadyExists: true)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let fileSystem = try await EFS.fileSystem(id, in: context) else { return nil }
            let lifecycle = try await EFS.call("DescribeLifecycleConfiguration", "GET", "/file-systems/\(EFS.encoded(id))/lifecycle-configuration", in: context)
            let size = fileSystem[attribute: "SizeInBytes"].flatMap { $0.isNull ? nil : $0 }
            let protection = fileSystem[attribute: "FileSystemProtection"].flatMap { $0.isNull ? nil : $0 }
            var attributes: [String: Value] = [
                "id": .string(id),
                "arn": .string(fileSystem.string("FileSystemArn")),
                "availability_zone_id": .string(fileSystem.string("AvailabilityZoneId") ?? ""),
                "availability_zone_name": .string(fileSystem.string("AvailabilityZoneName") ?? ""),
                "creation_token": .string(fileSystem.string("CreationToken")),
                "dns_name": .string(EFS.regionalHostname("\(id).efs", in: context)),
                "encrypted": .bool(fileSystem.bool("Encrypted") ?? false),
                "kms_key_id": .string(fileSystem.string("KmsKeyId") ?? ""),
                "name": .string(fileSystem.string("Name") ?? ""),
                "number_of_mount_targets": .number(fileSystem.int("NumberOfMountTargets") ?? 0),
                "owner_id": .string(fileSystem.string("OwnerId")),
                "performance_mode": .string(fileSystem.string("PerformanceMode")),
                "provisioned_throughput_in_mibps": fileSystem[attribute: "ProvisionedThroughputInMibps"].flatMap { $0.isNull ? nil : $0 } ?? .null(.number),
                "throughput_mode": .string(fileSystem.string("ThroughputMode")),
                "size_in_bytes": .list(size.map { size in [.object([
                    "value": .number(size.int("Value") ?? 0),
                    "value_in_ia": .number(size.int("ValueInIA") ?? 0),
                    "value_in_standard": .number(size.int("ValueInStandard") ?? 0),
                ])] } ?? [], of: Self.sizeType),
                "protection": .list(protection.map { [.object(["replication_overwrite": .string($0.string("ReplicationOverwriteProtection") ?? "")])] } ?? [], of: Self.protectionSchema.valueType),
                "lifecycle_policy": .list(lifecycle.objects("LifecyclePolicies").map { policy in
                    .object(Dictionary(uniqueKeysWithValues: Self.transitions.map { ($0.attribute, Value.string(policy.string($0.member) ?? "")) }))
                }, of: Self.lifecyclePolicySchema.valueType),
            ]
            attributes.merge(AWSTags.attributes(remote: EFS.tagLists.map(fileSystem[attribute: "Tags"]), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EFS File System (\(id))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EFS File System", detail: "the file system has no id in state.") }
        do {
            if PlanSuppression.changed("throughput_mode", prior, planned) || PlanSuppression.changed("provisioned_throughput_in_mibps", prior, planned) {
                let mode = planned.string("throughput_mode") ?? "bursting"
                var body: [String: Value] = ["ThroughputMode": .string(mode)]
                if mode == "provisioned" { body["ProvisionedThroughputInMibps"] = planned[attribute: "provisioned_throughput_in_mibps"] ?? .number(0) }
                try await EFS.call("UpdateFileSystem", "PUT", "/file-systems/\(EFS.encoded(id))", body: body, in: context)
                try await EFS.waitForFileSystemAvailable(id, timeout: Self.stateTimeout, in: context)
            }
            if PlanSuppression.changed("lifecycle_policy", prior, planned) {
                try await putLifecyclePolicies(planned.objects("lifecycle_policy"), id: id, in: context)
            }
            if PlanSuppression.changed("protection", prior, planned), let protection = planned.objects("protection").first {
                try await putProtection(protection, id: id, in: context)
            }
            try await EFS.updateTags(id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EFS File System (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// PutLifecycleConfiguration replaces all policies; none left clears them.
    private func putLifecyclePolicies(_ policies: [Value], id: String, in context: AWSContext) async throws {
        let list = policies.map { policy -> Value in
            var entry: [String: Value] = [:]
            for (attribute, member) in Self.transitions {
                if let rule = policy.string(attribute), !rule.isEmpty { entry[member] = .string(rule) }
            }
            return .object(entry)
        }
        try await EFS.call("PutLifecycleConfiguration", "PUT", "/file-systems/\(EFS.encoded(id))/lifecycle-configuration", body: ["LifecyclePolicies": .tuple(list)], in: context)
    }

    private func putProtection(_ protection: Value, id: String, in context: AWSContext) async throws {
        var body: [String: Value] = [:]
        if let overwrite = protection.string("replication_overwrite"), !overwrite.isEmpty { body["ReplicationOverwriteProtection"] = .string(overwrite) }
        try await EFS.call("UpdateFileSystemProtection", "PUT", "/file-systems/\(EFS.encoded(id))/protection", body: body, in: context)
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let clock = context.client.configuration.clock
        do {
            // Mount targets deleted a moment ago can still count against the file system.
            try await deleteRetryingWhileInUse(id, until: clock.now().addingTimeInterval(120), in: context)
        } catch where EFS.hasCode(error, "FileSystemNotFound") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EFS File System (\(id))")
        }
        do {
            let waiter = AWSWaiter(timeout: Self.stateTimeout, minDelay: .seconds(2), maxDelay: .seconds(10), clock: clock)
            try await waiter.wait(for: "EFS File System \(id) to be deleted", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                guard let state = try await EFS.fileSystem(id, in: context)?.string("LifeCycleState") else { return .done(()) }
                return .pending(state)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for EFS File System (\(id)) delete")
        }
    }

    private func deleteRetryingWhileInUse(_ id: String, until deadline: Date, in context: AWSContext) async throws {
        let clock = context.client.configuration.clock
        while true {
            do {
                try await EFS.call("DeleteFileSystem", "DELETE", "/file-systems/\(EFS.encoded(id))", in: context)
                return
            } catch let error as AWSError where error.code == "FileSystemInUse" && clock.now() < deadline {
                context.progress("waiting for its mount targets to go (\(error.message))")
                try await clock.sleep(.seconds(5))
            }
        }
    }
}
