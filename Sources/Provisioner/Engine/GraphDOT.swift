import ResourceGraph

/// Renders dependency graphs in Graphviz's DOT language, as `prov graph` prints them: one node
/// per declaration (labelled with its address) or per step of an apply, an edge from each node
/// to what it depends on, providers included, everything in a stable order so two runs over
/// the same configuration print the same text.
public enum GraphDOT {
    struct Node: Hashable {
        var label: String
        var shape: String
    }

    /// The configuration graph that planning walks. Resources whose provider has no block of
    /// its own still point at the provider configuration they use.
    static func render(configuration: Configuration, graph: Graph<ConfigNode>) -> String {
        var edges: Set<Edge> = []
        var nodes: Set<Node> = []
        for node in graph.nodes {
            nodes.insert(Self.node(node))
            for dependency in graph.dependencies(of: node) { edges.insert(Edge(from: label(node), to: label(dependency))) }
            if let provider = providerNode(for: node, configuration: configuration) {
                nodes.insert(Self.node(provider))
                edges.insert(Edge(from: label(node), to: label(provider)))
            }
        }
        return render(nodes: nodes, edges: edges)
    }

    /// The graph an apply walks. Each deletion also points at the provider that carries it out.
    static func render(applyGraph graph: Graph<ApplyNode>, plan: Plan, configuration: Configuration) -> String {
        var edges: Set<Edge> = []
        var nodes: Set<Node> = []
        let providerKeys = Dictionary(plan.changes.map { ($0.address.resource, $0.providerKey) }, uniquingKeysWith: { a, _ in a })
        func applyNode(_ node: ApplyNode) -> Node {
            switch node {
            case .configuration(let configurationNode): return Self.node(configurationNode)
            case .destroy(let address): return Node(label: "\(address) (destroy)", shape: "box")
            }
        }
        for node in graph.nodes {
            let from = applyNode(node)
            nodes.insert(from)
            for dependency in graph.dependencies(of: node) { edges.insert(Edge(from: from.label, to: applyNode(dependency).label)) }
            let provider: ConfigNode? = switch node {
            case .configuration(let configurationNode): providerNode(for: configurationNode, configuration: configuration)
            case .destroy(let address): providerKeys[address].flatMap(providerNode(forAddress:))
            }
            if let provider {
                nodes.insert(Self.node(provider))
                edges.insert(Edge(from: from.label, to: label(provider)))
            }
        }
        return render(nodes: nodes, edges: edges)
    }

    // MARK: Text

    struct Edge: Hashable, Comparable {
        var from: String
        var to: String
        static func < (a: Edge, b: Edge) -> Bool { (a.from, a.to) < (b.from, b.to) }
    }

    static func render(nodes: Set<Node>, edges: Set<Edge>) -> String {
        var out = "digraph {\n\tcompound = \"true\"\n\tnewrank = \"true\"\n\tsubgraph \"root\" {\n"
        for node in nodes.sorted(by: { $0.label < $1.label }) {
            out += "\t\t\(quoted(identifier(node.label))) [label = \(quoted(node.label)), shape = \(quoted(node.shape))]\n"
        }
        for edge in edges.sorted() {
            out += "\t\t\(quoted(identifier(edge.from))) -> \(quoted(identifier(edge.to)))\n"
        }
        return out + "\t}\n}\n"
    }

    /// Node ids carry the `[root] ` prefix Terraform's graphs use, so tools that post-process
    /// them find what they expect.
    private static func identifier(_ label: String) -> String { "[root] " + label }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: Nodes

    static func node(_ node: ConfigNode) -> Node {
        let shape: String
        switch node.kind {
        case .resource: shape = "box"
        case .provider: shape = "diamond"
        case .moduleCall: shape = "component"
        case .variable, .local, .output: shape = "note"
        }
        return Node(label: label(node), shape: shape)
    }

    /// The address a node is known by; providers by their full source address, as Terraform
    /// names them (`provider["registry.terraform.io/hashicorp/aws"].west`).
    static func label(_ node: ConfigNode) -> String {
        guard case .provider(let key) = node.kind else { return node.description }
        let prefix = node.module.map { "module.\($0)." }.joined()
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        let alias = parts.count > 1 ? "." + parts[1] : ""
        return prefix + "provider[\"registry.terraform.io/hashicorp/\(parts[0])\"]" + alias
    }

    /// The provider configuration a resource node uses, found as planning finds it.
    private static func providerNode(for node: ConfigNode, configuration: Configuration) -> ConfigNode? {
        guard case .resource(let localName) = node.kind,
              let declaration = configuration.descendant(ModulePath(node.module.map { .init(name: $0) }))?.module.resources[localName] else { return nil }
        return providerNode(forAddress: ProviderSet.address(for: declaration, modulePath: node.module, in: configuration))
    }

    /// Reads a provider configuration address (`module.a.provider["aws.west"]`) back into a node.
    static func providerNode(forAddress address: String) -> ConfigNode? {
        guard let open = address.range(of: "provider[\""), address.hasSuffix("\"]") else { return nil }
        let key = String(address[open.upperBound..<address.index(address.endIndex, offsetBy: -2)])
        let modules = address[..<open.lowerBound].split(separator: ".").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        return ConfigNode(module: modules, .provider(key))
    }
}
