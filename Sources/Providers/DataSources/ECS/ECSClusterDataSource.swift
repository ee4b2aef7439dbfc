import Provisioner
import ResourceGraph

/// `data "aws_ecs_cluster"`: an active ECS cluster, by name or ARN.
struct ECSClusterDataSource: AWSDataSourceType {
    static let typeName = "aws_ecs_cluster"

    static let serviceConnectDefaultsType = ValueType.object(["namespace": .string])
    static let settingType = ValueType.object(["name": .string, "value": .string])

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "cluster_name": AttributeSchema(.string, .required),
        "arn": AttributeSchema(.string, .computed),
        "pending_tasks_count": AttributeSchema(.number, .computed),
        "registered_container_instances_count": AttributeSchema(.number, .computed),
        "running_tasks_count": AttributeSchema(.number, .computed),
        "service_connect_defaults": AttributeSchema(.list(Self.serviceConnectDefaultsType), .computed),
        "setting": AttributeSchema(.set(Self.settingType), .computed),
        "status": AttributeSchema(.string, .computed),
        "tags": AttributeSchema(.map(.string), .optionalComputed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        guard let name = configuration.string("cluster_name"), !name.isEmpty else {
            throw ProviderError("Reading ECS Cluster", detail: "cluster_name is not known.")
        }
        let cluster: Value
        do {
            guard let found = try await ECS.describeCluster(name, include: ["TAGS", "SETTINGS"], in: context) else {
                throw ProviderError("Reading ECS Cluster (\(name))", detail: "couldn't find resource: no active ECS cluster \(name) exists in \(context.region).")
            }
            cluster = found
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECS Cluster (\(name))")
        }
        let arn = cluster.string("clusterArn") ?? ""
        let defaults = cluster[attribute: "serviceConnectDefaults"].flatMap { $0.isNull ? nil : $0 }
        let tags = ECS.tagLists.map(cluster[attribute: "tags"]).filter { !$0.key.hasPrefix("aws:") && !context.settings.ignoresTag($0.key) }
        return .object([
            "id": .string(arn),
            "cluster_name": .string(name),
            "arn": .string(arn),
            "pending_tasks_count": .number(cluster.int("pendingTasksCount") ?? 0),
            "registered_container_instances_count": .number(cluster.int("registeredContainerInstancesCount") ?? 0),
            "running_tasks_count": .number(cluster.int("runningTasksCount") ?? 0),
            "service_connect_defaults": .list(defaults.map { [.object(["namespace": .string($0.string("namespace") ?? "")])] } ?? [], of: Self.serviceConnectDefaultsType),
            "setting": .set(cluster.objects("settings").map {
                .object(["name": .string($0.string("name") ?? ""), "value": .string($0.string("value") ?? "")])
            }, of: Self.settingType),
            "status": .string(cluster.string("status") ?? ""),
            "tags": .stringMap(tags),
        ])
    }
}
