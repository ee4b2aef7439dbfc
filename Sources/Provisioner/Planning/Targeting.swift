import ResourceGraph

/// `-target`, `-exclude` and `-replace`: which parts of the configuration a plan covers, and
/// which instances it must replace.
public struct Targeting: Sendable, Equatable {
    public var targets: [TargetAddress]
    public var excludes: [TargetAddress]
    public var replace: Set<InstanceAddress>

    public init(targets: [TargetAddress] = [], excludes: [TargetAddress] = [], replace: Set<InstanceAddress> = []) {
        self.targets = targets
        self.excludes = excludes
        self.replace = replace
    }

    public var isActive: Bool { !targets.isEmpty || !excludes.isEmpty }

    /// Parses the command line's strings; returns the errors for any that are not addresses.
    public static func parse(targets: [String], excludes: [String], replace: [String]) -> (Targeting, Diagnostics) {
        var diagnostics = Diagnostics()
        func addresses(_ texts: [String], option: String) -> [TargetAddress] {
            texts.compactMap { text in
                guard let address = TargetAddress.parse(text) else {
                    diagnostics.error("Invalid \(option) address", "\(Value.quoted(text)) is not a resource address. Use a form such as aws_instance.web, aws_subnet.public[0] or module.network.")
                    return nil
                }
                return address
            }
        }
        let targetAddresses = addresses(targets, option: "-target")
        let excludeAddresses = addresses(excludes, option: "-exclude")
        let replaced = replace.compactMap { text -> InstanceAddress? in
            guard let address = InstanceAddress.parse(text), address.resource.mode == .managed else {
                diagnostics.error("Invalid -replace address", "\(Value.quoted(text)) is not a managed resource instance address, such as aws_instance.web or aws_subnet.public[0].")
                return nil
            }
            return address
        }
        let targeting = Targeting(targets: targetAddresses, excludes: excludeAddresses, replace: Set(replaced))
        return (targeting, diagnostics)
    }

    /// The configuration nodes a normal plan visits: with targets, the targeted resources and
    /// everything they depend on; with excludes, everything but the excluded resources and
    /// what depends on them; and then every declaration whose inputs are all visited, so
    /// outputs and locals that can be computed still are. Nil when nothing is restricted.
    func selectedNodes(in graph: Graph<ConfigNode>) -> Set<ConfigNode>? {
        guard isActive else { return nil }
        var selected: Set<ConfigNode>
        if targets.isEmpty {
            selected = Set(graph.nodes)
        } else {
            selected = []
            var pending = graph.nodes.filter { node in targets.contains { Self.matches($0, node) } }
            while let node = pending.popLast() {
                guard selected.insert(node).inserted else { continue }
                pending += graph.dependencies(of: node)
            }
        }
        var pending = graph.nodes.filter { node in excludes.contains { exclude in Self.matches(exclude, node) && !Self.namesInstance(exclude) } }
        var removed: Set<ConfigNode> = []
        while let node = pending.popLast() {
            guard removed.insert(node).inserted else { continue }
            pending += graph.dependents(of: node)
        }
        selected.subtract(removed)
        for node in graph.topologicalOrder() ?? [] where !node.isResource && !selected.contains(node) {
            let dependencies = graph.dependencies(of: node)
            if !dependencies.isEmpty, dependencies.allSatisfy(selected.contains) { selected.insert(node) }
        }
        return selected
    }

    /// Resource nodes a target or exclude names directly (not as a dependency).
    func directlyTargets(_ node: ConfigNode) -> Bool {
        targets.contains { Self.matches($0, node) }
    }

    /// Whether an instance of a directly targeted resource is itself targeted (a target may
    /// name one instance, or one module instance), and not excluded.
    func covers(_ address: InstanceAddress, directlyTargeted: Bool) -> Bool {
        if excludes.contains(where: { $0.contains(address) }) { return false }
        guard directlyTargeted else { return true }
        return targets.contains { $0.contains(address) }
    }

    /// Whether an object in state outside the configuration may be deleted by this plan.
    func allowsDeleting(_ address: InstanceAddress) -> Bool {
        if excludes.contains(where: { $0.contains(address) }) { return false }
        return targets.isEmpty || targets.contains { $0.contains(address) }
    }

    private static func matches(_ target: TargetAddress, _ node: ConfigNode) -> Bool {
        guard case .resource(let localName) = node.kind else {
            if case .module(let path) = target { return node.module.starts(with: path.steps.map(\.name)) && !node.isProvider }
            return false
        }
        return target.touches(module: node.module, resource: localName)
    }

    /// An exclude that names one instance excludes only that instance, not the whole block.
    private static func namesInstance(_ target: TargetAddress) -> Bool {
        if case .instance = target { return true }
        return false
    }
}
