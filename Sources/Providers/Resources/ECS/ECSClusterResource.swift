import Foundation
import Provisioner
import ResourceGraph

/// `aws_ecs_cluster`: an ECS cluster. Its id is its ARN. Import id: the cluster name.
struct ECSClusterResource: AWSResourceType {
    static let displayName = "ECS Cluster"
    static let typeName = "aws_ecs_cluster"

    static let settingSchema = BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required),
        "value": AttributeSchema(.string, .required),
    ])
    static let logConfigurationSchema = BlockSchema(attributes: [
        "cloud_watch_encryption_enabled": AttributeSchema(.bool, .optional),
        "cloud_watch_log_group_name": AttributeSchema(.string, .optional),
        "s3_bucket_encryption_enabled": AttributeSchema(.bool, .optional),
        "s3_bucket_name": AttributeSchema(.string, .optional),
        "s3_key_prefix": AttributeSchema(.string, .optional),
    ])
    static let executeCommandSchema = BlockSchema(
        attributes: [
            "kms_key_id": AttributeSchema(.string, .optional),
            "logging": AttributeSchema(.string, .optional, default: .string("DEFAULT")),
        ],
        blocks: ["log_configuration": NestedBlockSchema(.list, logConfigurationSchema, maxItems: 1)])
    static let managedStorageSchema = BlockSchema(attributes: [
        "fargate_ephemeral_storage_kms_key_id": AttributeSchema(.string, .optional),
        "kms_key_id": AttributeSchema(.string, .optional),
    ])
    static let configurationSchema = BlockSchema(blocks: [
        "execute_command_configuration": NestedBlockSchema(.list, executeCommandSchema, maxItems: 1),
        "managed_storage_configuration": NestedBlockSchema(.list, managedStorageSchema, maxItems: 1),
    ])
    static let serviceConnectDefaultsSchema = BlockSchema(attributes: ["namespace": AttributeSchema(.string, .required)])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .required, forceNew: true),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "setting": NestedBlockSchema(.set, settingSchema),
            "configuration": NestedBlockSchema(.list, configurationSchema, maxItems: 1),
            "service_connect_defaults": NestedBlockSchema(.list, serviceConnectDefaultsSchema, maxItems: 1),
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        // `setting` is Optional+Computed: without setting blocks, what AWS reports stays.
        let planned = PlanSuppression.keepPriorBlockWhenUnconfigured("setting", in: AWSTags.planTagsAll(proposed, settings: settings), prior: prior, configuration: configuration)
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = planned.string("name") else { throw ProviderError("Creating ECS Cluster", detail: "name is not known.") }
        var body = Self.clusterSettings(planned)
        body["clusterName"] = .string(name)
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["tags"] = ECS.tagLists.list(tags) }
        let response: Value
        do {
            // The first cluster of an account creates ECS's service-linked role, which takes a
            // moment to be usable. Creating a cluster whose name exists returns that cluster.
            let request = body
            response = try await ECS.retrying("creating ECS Cluster \(name)", timeout: .seconds(120), in: context, when: { error in
                error.code == "InvalidParameterException" && error.message.contains("Unable to assume the service linked role")
            }) {
                try await ECS.call("CreateCluster", request, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Cluster (\(name))")
        }
        guard let arn = response[attribute: "cluster"]?.string("clusterArn") else {
            throw ProviderError("Creating ECS Cluster (\(name))", detail: "CreateCluster answered without a cluster ARN.")
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn)])
        do {
            try await ECS.waitForClusterActive(arn, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Cluster (\(name))", partialObject: partial)
        }
    }

    /// `settings`, `configuration` and `serviceConnectDefaults` as CreateCluster and
    /// UpdateCluster take them.
    static func clusterSettings(_ planned: Value) -> [String: Value] {
        var body: [String: Value] = [:]
        let settings = planned.objects("setting")
        if !settings.isEmpty {
            body["settings"] = .tuple(settings.map { .object(["name": .string($0.string("name")), "value": .string($0.string("value"))]) })
        }
        if let configuration = planned.objects("configuration").first {
            body["configuration"] = clusterConfiguration(configuration)
        }
        if let defaults = planned.objects("service_connect_defaults").first, let namespace = defaults.string("namespace"), !namespace.isEmpty {
            body["serviceConnectDefaults"] = .object(["namespace": .string(namespace)])
        }
        return body
    }

    private static func clusterConfiguration(_ configuration: Value) -> Value {
        var result: [String: Value] = [:]
        if let command = configuration.objects("execute_command_configuration").first {
            var entry: [String: Value] = [:]
            if let key = command.string("kms_key_id"), !key.isEmpty { entry["kmsKeyId"] = .string(key) }
            if let logging = command.string("logging"), !logging.isEmpty { entry["logging"] = .string(logging) }
            if let log = command.objects("log_configuration").first {
                var logEntry: [String: Value] = [
                    "cloudWatchEncryptionEnabled": .bool(log.bool("cloud_watch_encryption_enabled") ?? false),
                    "s3EncryptionEnabled": .bool(log.bool("s3_bucket_encryption_enabled") ?? false),
                ]
                for (attribute, member) in [("cloud_watch_log_group_name", "cloudWatchLogGroupName"), ("s3_bucket_name", "s3BucketName"), ("s3_key_prefix", "s3KeyPrefix")] {
                    if let text = log.string(attribute), !text.isEmpty { logEntry[member] = .string(text) }
                }
                entry["logConfiguration"] = .object(logEntry)
            }
            result["executeCommandConfiguration"] = .object(entry)
        }
        if let storage = configuration.objects("managed_storage_configuration").first {
            var entry: [String: Value] = [:]
            if let key = storage.string("fargate_ephemeral_storage_kms_key_id"), !key.isEmpty { entry["fargateEphemeralStorageKmsKeyId"] = .string(key) }
            if let key = storage.string("kms_key_id"), !key.isEmpty { entry["kmsKeyId"] = .string(key) }
            result["managedStorageConfiguration"] = .object(entry)
        }
        return .object(result)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") ?? current.string("name") else { return nil }
        do {
            guard let cluster = try await ECS.describeCluster(id, include: ["TAGS", "CONFIGURATIONS", "SETTINGS"], in: context),
                  let arn = cluster.string("clusterArn") else { return nil }
            var attributes: [String: Value] = [
                "id": .string(arn),
                "arn": .string(arn),
                "name": .string(cluster.string("clusterName")),
                "setting": .set(cluster.objects("settings").map {
                    .object(["name": .string($0.string("name")), "value": .string($0.string("value"))])
                }, of: Self.settingSchema.valueType),
                // Terraform leaves the configuration as it was when AWS reports none.
                "configuration": Self.configurationBlocks(cluster[attribute: "configuration"]) ?? current[attribute: "configuration"] ?? .list([], of: Self.configurationSchema.valueType),
                "service_connect_defaults": .list(cluster[attribute: "serviceConnectDefaults"].flatMap { $0.isNull ? nil : $0 }.map {
                    [.object(["namespace": .string($0.string("namespace"))])]
                } ?? [], of: Self.serviceConnectDefaultsSchema.valueType),
            ]
            attributes.merge(AWSTags.attributes(remote: ECS.tagLists.map(cluster[attribute: "tags"]), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECS Cluster (\(id))")
        }
    }

    private static func configurationBlocks(_ configuration: Value?) -> Value? {
        guard let configuration, !configuration.isNull else { return nil }
        let command = configuration[attribute: "executeCommandConfiguration"].flatMap { $0.isNull ? nil : $0 }
        let storage = configuration[attribute: "managedStorageConfiguration"].flatMap { $0.isNull ? nil : $0 }
        let commandBlocks: [Value] = command.map { command in
            let log = command[attribute: "logConfiguration"].flatMap { $0.isNull ? nil : $0 }
            return [.object([
                "kms_key_id": .string(command.string("kmsKeyId")),
                "logging": .string(command.string("logging") ?? ""),
                "log_configuration": .list(log.map { log in [.object([
                    "cloud_watch_encryption_enabled": .bool(log.bool("cloudWatchEncryptionEnabled") ?? false),
                    "cloud_watch_log_group_name": .string(log.string("cloudWatchLogGroupName")),
                    "s3_bucket_encryption_enabled": .bool(log.bool("s3EncryptionEnabled") ?? false),
                    "s3_bucket_name": .string(log.string("s3BucketName")),
                    "s3_key_prefix": .string(log.string("s3KeyPrefix")),
                ])] } ?? [], of: logConfigurationSchema.valueType),
            ])]
        } ?? []
        let storageBlocks: [Value] = storage.map { storage in [.object([
            "fargate_ephemeral_storage_kms_key_id": .string(storage.string("fargateEphemeralStorageKmsKeyId")),
            "kms_key_id": .string(storage.string("kmsKeyId")),
        ])] } ?? []
        return .list([.object([
            "execute_command_configuration": .list(commandBlocks, of: executeCommandSchema.valueType),
            "managed_storage_configuration": .list(storageBlocks, of: managedStorageSchema.valueType),
        ])], of: configurationSchema.valueType)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating ECS Cluster", detail: "the cluster has no ARN in state.") }
        do {
            if ["configuration", "service_connect_defaults", "setting"].contains(where: { PlanSuppression.changed($0, prior, planned) }) {
                var body = Self.clusterSettings(planned)
                body["cluster"] = .string(arn)
                _ = try await ECS.call("UpdateCluster", body, in: context)
                try await ECS.waitForClusterActive(arn, in: context)
            }
            try await ECS.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating ECS Cluster (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") else { return }
        do {
            // Services and container instances take a while to drain after they are deleted.
            _ = try await ECS.retrying("deleting ECS Cluster \(arn)", timeout: .seconds(600), in: context, when: { error in
                ["ClusterContainsContainerInstancesException", "ClusterContainsServicesException", "ClusterContainsTasksException", "UpdateInProgressException"].contains(error.code ?? "")
            }) {
                try await ECS.call("DeleteCluster", ["cluster": .string(arn)], in: context)
            }
        } catch where ECS.hasCode(error, "ClusterNotFoundException") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting ECS Cluster (\(arn))")
        }
        do {
            let waiter = AWSWaiter(timeout: .seconds(600))
            try await waiter.wait(for: "ECS Cluster \(arn) to be deleted", progress: { context.progress("status: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                guard let status = try await ECS.describeCluster(arn, in: context)?.string("status") else { return .done(()) }
                return .pending(status)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for ECS Cluster (\(arn)) delete")
        }
    }
}

// MARK: Reconciliation

extension ECSClusterResource {
    /// The id is the ARN.
    func identity(fromARN arn: String) -> [String: Value] { ["id": .string(arn), "arn": .string(arn)] }

    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}
