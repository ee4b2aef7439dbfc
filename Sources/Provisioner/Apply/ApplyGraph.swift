import ResourceGraph

/// A step of an apply: a configuration node (re-evaluating a declaration, or creating and
/// updating a resource's instances) or the deletions of one resource's objects.
enum ApplyNode: Hashable, Sendable, CustomStringConvertible {
    case configuration(ConfigNode)
    case destroy(ResourceAddress)

    var description: String {
        switch self {
        case .configuration(let node): return node.description
        case .destroy(let address): return "\(address) (destroy)"
        }
    }
}

enum ApplyGraphBuilder {
    /// Orders the plan's changes. Deletions follow the dependencies recorded in the plan and in
    /// state, reversed: whatever depends on an object goes (or is updated away from it) first.
    /// A delete-then-create deletes before creating; a create-then-delete creates before
    /// deleting the old object.
    static func build(plan: Plan, configurationGraph: Graph<ConfigNode>, includeConfiguration: Bool) -> Graph<ApplyNode> {
        var graph = Graph<ApplyNode>()
        if includeConfiguration {
            for node in configurationGraph.nodes {
                graph.add(.configuration(node))
                for dependency in configurationGraph.dependencies(of: node) {
                    graph.addDependency(.configuration(node), on: .configuration(dependency))
                }
            }
        }
        let deleting = plan.changes.filter { $0.action == .delete || $0.action.isReplace }
        let deletedResources = Set(deleting.map(\.address.resource))
        for resource in deletedResources.sorted() { graph.add(.destroy(resource)) }

        // Who depends on whom, from every change and every object in state.
        var dependents: [ResourceAddress: Set<ResourceAddress>] = [:]
        for change in plan.changes {
            for dependency in change.dependencies { dependents[dependency, default: []].insert(change.address.resource) }
        }
        for object in plan.currentObjects.values {
            for dependency in object.dependencies { dependents[dependency, default: []].insert(object.address.resource) }
        }
        let actions = Dictionary(grouping: plan.changes, by: \.address.resource).mapValues { Set($0.map(\.action)) }

        for resource in deletedResources {
            let destroyNode = ApplyNode.destroy(resource)
            // A dependent updated in place moves away from an object before it goes, unless the
            // object is deleted and then created again: then the update needs the new object,
            // which comes after the deletion (as in Terraform, where the old object goes first).
            let recreatedAfterDeletion = actions[resource]?.contains(.deleteThenCreate) == true
            for dependent in dependents[resource] ?? [] where dependent != resource {
                if deletedResources.contains(dependent) {
                    graph.addDependency(destroyNode, on: .destroy(dependent))
                }
                if includeConfiguration, !recreatedAfterDeletion, actions[dependent]?.contains(.update) == true,
                   let node = configurationNode(for: dependent, in: configurationGraph) {
                    graph.addDependency(destroyNode, on: .configuration(node))
                }
            }
            guard includeConfiguration, let node = configurationNode(for: resource, in: configurationGraph) else { continue }
            let resourceActions = actions[resource] ?? []
            if resourceActions.contains(.deleteThenCreate) {
                graph.addDependency(.configuration(node), on: destroyNode)
            }
            if resourceActions.contains(.createThenDelete) {
                graph.addDependency(destroyNode, on: .configuration(node))
            }
        }
        return graph
    }

    /// The configuration node that creates and updates a resource, if it is still declared.
    static func configurationNode(for resource: ResourceAddress, in graph: Graph<ConfigNode>) -> ConfigNode? {
        let node = ConfigNode(module: resource.module.steps.map(\.name), .resource((resource.mode == .data ? "data." : "") + "\(resource.type).\(resource.name)"))
        return graph.contains(node) ? node : nil
    }
}
