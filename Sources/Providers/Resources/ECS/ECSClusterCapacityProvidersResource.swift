import Foundation
import Provisioner
import ResourceGraph

/// `aws_ecs_cluster_capacity_providers`: the capacity providers of a cluster and its default
/// strategy. Deleting it leaves the cluster with none. Import id: the cluster name.
struct ECSClusterCapacityProvidersResource: AWSResourceType {
    static let displayName = "ECS Cluster Capacity Providers"
    static let typeName = "aws_ecs_cluster_capacity_providers"

    static let strategySchema = BlockSchema(attributes: [
        "capacity_provider": AttributeSchema(.string, .required),
        "weight": AttributeSchema(.number, .optional, default: .number(0)),
        "base": AttributeSchema(.number, .optional, default: .number(0)),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "cluster_name": AttributeSchema(.string, .required, forceNew: true),
            "capacity_providers": AttributeSchema(.set(.string), .optional),
        ],
        blocks: ["default_capacity_provider_strategy": NestedBlockSchema(.set, strategySchema)]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let cluster = planned.string("cluster_name") else {
            throw ProviderError("Creating ECS Cluster Capacity Providers", detail: "cluster_name is not known.")
        }
        do {
            try await put(cluster, providers: planned.stringList("capacity_providers") ?? [], strategy: planned.objects("default_capacity_provider_strategy"), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating ECS Cluster Capacity Providers (\(cluster))")
        }
        return try await readBack(planned.setting(["id": .string(cluster)]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let cluster = current.string("id") ?? current.string("cluster_name") else { return nil }
        do {
            guard let found = try await ECS.describeCluster(cluster, in: context) else { return nil }
            return .object([
                "id": .string(cluster),
                "cluster_name": .string(found.string("clusterName") ?? cluster),
                "capacity_providers": .stringSet(found.stringList("capacityProviders") ?? []),
                "default_capacity_provider_strategy": ECS.capacityProviderStrategyBlocks(found.objects("defaultCapacityProviderStrategy")),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading ECS Cluster Capacity Providers (\(cluster))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let cluster = prior.string("id") else { throw ProviderError("Updating ECS Cluster Capacity Providers", detail: "there is no cluster name in state.") }
        do {
            try await put(cluster, providers: planned.stringList("capacity_providers") ?? [], strategy: planned.objects("default_capacity_provider_strategy"), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating ECS Cluster Capacity Providers (\(cluster))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let cluster = current.string("id") else { return }
        do {
            try await put(cluster, providers: [], strategy: [], in: context)
        } catch where ECS.hasCode(error, "ClusterNotFoundException") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting ECS Cluster Capacity Providers (\(cluster))")
        }
    }

    /// PutClusterCapacityProviders replaces the whole list; it is refused while the cluster is
    /// busy (not ACTIVE, an update in progress, providers in use), which passes.
    private func put(_ cluster: String, providers: [String], strategy: [Value], in context: AWSContext) async throws {
        let body: [String: Value] = [
            "cluster": .string(cluster),
            "capacityProviders": .tuple(providers.map(Value.string)),
            "defaultCapacityProviderStrategy": ECS.capacityProviderStrategy(strategy),
        ]
        _ = try await ECS.retrying("putting capacity providers of ECS Cluster \(cluster)", timeout: .seconds(600), in: context, when: { error in
            (error.code == "ClientException" && error.message.contains("Cluster was not ACTIVE"))
                || error.code == "ResourceInUseException" || error.code == "UpdateInProgressException"
        }) {
            try await ECS.call("PutClusterCapacityProviders", body, in: context)
        }
        try await ECS.waitForClusterActive(cluster, in: context)
    }
}

// MARK: Reconciliation

extension ECSClusterCapacityProvidersResource {
    /// One set of capacity providers per cluster.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "cluster_name") }
}
