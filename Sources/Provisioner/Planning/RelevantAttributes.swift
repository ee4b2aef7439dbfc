import ResourceGraph

/// The attributes of resources that may have contributed to a plan's changes, as Terraform
/// (1.2+) works them out to decide which changes made outside to show beside a plan: the
/// attributes that changing resources and outputs refer to and, through locals, variables,
/// modules and the arguments those attributes were configured from, what those refer to in
/// turn. A target group whose `load_balancer_arns` grew when its listener was created is then
/// not reported as changed outside when an auto scaling group that only uses its `arn` changes.
public struct RelevantAttributes: Sendable, Equatable {
    /// Which attributes of one resource matter.
    public enum Selection: Sendable, Equatable {
        /// The resource is referred to as a whole (`aws_subnet.public[*].id` is a splat over
        /// whole instances), so every attribute may matter.
        case whole
        /// Only these top-level attributes.
        case attributes(Set<String>)

        func adding(_ other: Selection) -> Selection {
            switch (self, other) {
            case (.attributes(let mine), .attributes(let theirs)): return .attributes(mine.union(theirs))
            default: return .whole
            }
        }

        func contains(_ attribute: String) -> Bool {
            switch self {
            case .whole: return true
            case .attributes(let names): return names.contains(attribute)
            }
        }
    }

    /// By resource, with module paths stripped of instance keys: every instance of a resource
    /// is configured by the same expressions.
    public private(set) var resources: [ResourceAddress: Selection] = [:]

    public init(_ resources: [ResourceAddress: Selection] = [:]) {
        for (address, selection) in resources { add(selection, for: address) }
    }

    /// Records that `selection` of the resource at `address` matters.
    public mutating func add(_ selection: Selection, for address: ResourceAddress) {
        let key = Self.key(address)
        resources[key] = resources[key].map { $0.adding(selection) } ?? selection
    }

    public func selection(for address: ResourceAddress) -> Selection? {
        resources[Self.key(address)]
    }

    /// The part of a change made outside that matters: attributes that do not keep their prior
    /// values, so they show as unchanged. Nil when the resource does not matter, or none of its
    /// relevant attributes changed.
    public func relevantPart(of drift: ResourceChange) -> ResourceChange? {
        guard let selection = selection(for: drift.address.resource) else { return nil }
        guard case .attributes(let names) = selection,
              let before = drift.before?.attributes, let after = drift.after?.attributes else { return drift }
        var kept = before
        for name in names where after[name] != nil { kept[name] = after[name] }
        guard kept.contains(where: { name, value in before[name].map { $0.equals(value) != true || $0.type != value.type } ?? true }) else { return nil }
        var relevant = drift
        relevant.after = .object(kept)
        return relevant
    }

    static func key(_ address: ResourceAddress) -> ResourceAddress {
        var key = address
        key.module = ModulePath(address.module.steps.map { ModulePath.Step(name: $0.name) })
        return key
    }
}
