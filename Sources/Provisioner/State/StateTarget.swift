import ResourceGraph

/// What a state command's address argument names: a whole module instance (`module.net`,
/// `module.net["a"]`), a whole resource (`aws_subnet.a`, all its instances) or one instance
/// (`aws_subnet.a[0]`).
public enum StateTarget: Hashable, Sendable, CustomStringConvertible {
    case module(ModulePath)
    case resource(ResourceAddress)
    case instance(InstanceAddress)

    /// Parses a command-line address; nil when it is not one.
    public static func parse(_ text: String) -> StateTarget? {
        if let address = InstanceAddress.parse(text) {
            // Without a key the user named the resource, not its keyless instance.
            return text.hasSuffix("]") ? .instance(address) : .resource(address.resource)
        }
        // The address parser reads module paths only in front of a resource; a placeholder
        // resource after a bare module path lets it read that path with the same rules.
        if text.hasPrefix("module."), let placeholder = InstanceAddress.parse(text + ".placeholder_type.placeholder") {
            return .module(placeholder.resource.module)
        }
        return nil
    }

    public var description: String {
        switch self {
        case .module(let path): return path.description
        case .resource(let address): return address.description
        case .instance(let address): return address.description
        }
    }

    /// Whether this target covers the instance: a module covers everything in it and its
    /// descendants (a module step without a key covers every key), a resource all its instances.
    public func contains(_ address: InstanceAddress) -> Bool {
        switch self {
        case .module(let path): return Self.module(path, contains: address.resource.module)
        case .resource(let resource): return address.resource == resource
        case .instance(let instance): return address == instance
        }
    }

    static func module(_ path: ModulePath, contains other: ModulePath) -> Bool {
        guard other.steps.count >= path.steps.count else { return false }
        return zip(path.steps, other.steps).allSatisfy { step, candidate in
            step.name == candidate.name && (step.key == .none || step.key == candidate.key)
        }
    }

    /// The instances in the state this target covers, in Terraform's order.
    public func matches(in snapshot: StateSnapshot) -> [InstanceAddress] {
        snapshot.instanceAddresses.filter(contains)
    }
}

extension StateSnapshot {
    /// Every instance with a current or a deposed object, in Terraform's order.
    public var instanceAddresses: [InstanceAddress] {
        Set(resources.keys).union(deposed.keys).sorted(by: StateAddressOrder.precedes)
    }
}
