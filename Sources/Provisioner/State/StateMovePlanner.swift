import ResourceGraph

/// What `state mv SOURCE DESTINATION` will do: the lines it reports (a module, a resource or an
/// instance each) and the instance moves that carry them out.
public struct StateMovePlan: Sendable {
    public struct Step: Sendable, Equatable {
        public var from: String
        public var to: String
    }

    public var steps: [Step] = []
    public var moves: [InstanceAddress: InstanceAddress] = [:]
}

/// Works out a `state mv` from the state, following Terraform's rules: a module moves with
/// everything in and under it; a resource with all its instances, keeping their keys; an
/// instance alone (a resource without count or for_each counts as its single instance). The
/// destination must be the same kind of address, the same mode and type, and not exist yet.
public enum StateMovePlanner {
    public static func plan(from source: StateTarget, to destination: StateTarget, in snapshot: StateSnapshot) throws(Diagnostic) -> StateMovePlan {
        let all = snapshot.instanceAddresses
        switch source {
        case .module(let path):
            return try moveModule(path, to: destination, all: all)
        case .resource(let resource):
            let instances = all.filter { $0.resource == resource }
            guard !instances.isEmpty else { throw invalidSource(source) }
            if instances.contains(resource.instance(.none)) {
                return try moveInstance(resource.instance(.none), to: destination, all: all)
            }
            guard case .resource(let target) = destination else {
                throw .error("Invalid target address", "Cannot move \(resource) to \(destination): the source is a whole resource (not a resource instance) so the target must also be a whole resource.")
            }
            try validate(resource, target)
            guard !all.contains(where: { $0.resource == target }) else {
                throw .error("Invalid target address", "Cannot move to \(target): there is already a resource at that address in the current state.")
            }
            var plan = StateMovePlan(steps: [.init(from: resource.description, to: target.description)])
            for instance in instances { plan.moves[instance] = target.instance(instance.key) }
            return plan
        case .instance(let instance):
            guard all.contains(instance) else { throw invalidSource(source) }
            return try moveInstance(instance, to: destination, all: all)
        }
    }

    private static func moveInstance(_ instance: InstanceAddress, to destination: StateTarget, all: [InstanceAddress]) throws(Diagnostic) -> StateMovePlan {
        let target: InstanceAddress
        switch destination {
        case .instance(let address): target = address
        case .resource(let resource): target = resource.instance(.none)
        case .module:
            throw .error("Invalid target address", "Cannot move \(instance) to \(destination): the target must also be a resource instance.")
        }
        try validate(instance.resource, target.resource)
        guard !all.contains(target) else {
            throw .error("Invalid target address", "Cannot move to \(target): there is already a resource instance at that address in the current state.")
        }
        return StateMovePlan(steps: [.init(from: instance.description, to: target.description)], moves: [instance: target])
    }

    private static func moveModule(_ path: ModulePath, to destination: StateTarget, all: [InstanceAddress]) throws(Diagnostic) -> StateMovePlan {
        let modules = Set(all.map(\.resource.module)).filter { $0.steps.starts(with: path.steps) }.sorted(by: StateAddressOrder.precedes)
        guard !modules.isEmpty else { throw invalidSource(.module(path)) }
        guard case .module(let target) = destination else {
            throw .error("Invalid target address", "Cannot move \(path) to \(destination): the target must also be a module.")
        }
        guard !target.steps.starts(with: path.steps) || target == path else {
            throw .error("Invalid target address", "Cannot move \(path) to \(target): a module cannot be moved into itself.")
        }
        let occupied = Set(all.map(\.resource.module))
        var plan = StateMovePlan()
        for module in modules {
            let moved = ModulePath(target.steps + module.steps.dropFirst(path.steps.count))
            guard !occupied.contains(moved) else {
                throw .error("Invalid target address", "Cannot move \(module) to \(moved): the destination module already exists in the current state.")
            }
            plan.steps.append(.init(from: module.description, to: moved.description))
            for instance in all where instance.resource.module == module {
                var resource = instance.resource
                resource.module = moved
                plan.moves[instance] = resource.instance(instance.key)
            }
        }
        return plan
    }

    private static func validate(_ from: ResourceAddress, _ to: ResourceAddress) throws(Diagnostic) {
        if from.mode != to.mode {
            let kind = from.mode == .managed ? "a managed resource can be moved only to another managed resource address" : "a data resource can be moved only to another data resource address"
            throw .error("Invalid state move request", "Cannot move \(from) to \(to): \(kind).")
        }
        if from.type != to.type {
            throw .error("Invalid state move request", "Cannot move \(from) to \(to): resource types don't match.")
        }
    }

    private static func invalidSource(_ source: StateTarget) -> Diagnostic {
        .error("Invalid source address", "Cannot move \(source): does not match anything in the current state.")
    }
}
