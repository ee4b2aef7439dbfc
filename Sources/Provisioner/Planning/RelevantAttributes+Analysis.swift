import ResourceGraph

extension RelevantAttributes {
    /// What matters for a plan's changes: starting from the configuration of every resource
    /// that changes and every root output that changes, the attributes they refer to, following
    /// each reference back through what produced it (a local's expression, a variable's module
    /// argument, a module's output, the argument a resource attribute was configured from).
    public static func analyze(_ configuration: Configuration, changes: [ResourceChange], outputChanges: [OutputChange]) -> RelevantAttributes {
        var walk = ReferenceWalk(configuration: configuration)
        for change in changes where change.action != .noOp {
            let resource = change.address.resource
            let module = resource.module.steps.map(\.name)
            guard let declaration = walk.module(module)?.resource(resource.mode, resource.type, resource.name) else { continue }
            walk.enqueue(ReferenceExtractor.traversals(in: declaration.body), in: module)
        }
        for output in outputChanges where output.isChange {
            guard let declaration = configuration.module.outputs[output.name] else { continue }
            walk.enqueue(ReferenceExtractor.traversals(in: declaration.expression), in: [])
        }
        walk.run()
        return walk.result
    }
}

/// A breadth of references still to follow, each with the module (by call names) it is
/// written in, and what has been followed already, so cycles through locals end.
private struct ReferenceWalk {
    let configuration: Configuration
    var result = RelevantAttributes()
    private var pending: [(module: [String], traversal: Traversal)] = []
    private var followed: Set<String> = []

    init(configuration: Configuration) { self.configuration = configuration }

    func module(_ path: [String]) -> Module? {
        configuration.descendant(ModulePath(path.map { ModulePath.Step(name: $0) }))?.module
    }

    mutating func enqueue(_ traversals: [Traversal], in module: [String]) {
        pending += traversals.map { (module, $0) }
    }

    mutating func run() {
        while let (module, traversal) = pending.popLast() {
            guard case .success(let reference) = ReferenceExtractor.reference(from: traversal) else { continue }
            follow(reference, in: module)
        }
    }

    /// The first attribute named after the subject, past any instance keys (`[0]`, `["a"]`).
    private static func attribute(after steps: [TraversalStep]) -> String? {
        for step in steps {
            switch step {
            case .index: continue
            case .attribute(let name, _): return name
            }
        }
        return nil
    }

    private mutating func follow(_ reference: Reference, in path: [String]) {
        let attribute = Self.attribute(after: reference.remainingSteps)
        guard followed.insert("\(path)|\(reference.subject)|\(attribute ?? "*")").inserted, let module = module(path) else { return }
        switch reference.subject {
        case .resource(let mode, let type, let name):
            let address = ResourceAddress(module: ModulePath(path.map { ModulePath.Step(name: $0) }), mode: mode, type: type, name: name)
            result.add(attribute.map { .attributes([$0]) } ?? .whole, for: address)
            guard let declaration = module.resource(mode, type, name) else { return }
            guard let attribute else {
                enqueue(ReferenceExtractor.traversals(in: declaration.body), in: path)
                return
            }
            // What the attribute was configured from: its argument, or its blocks (static or
            // dynamic). A computed attribute has neither and leads no further.
            var body = Body(range: declaration.body.range)
            body.attributes = declaration.body.attribute(attribute).map { [$0] } ?? []
            body.blocks = declaration.body.blocks.filter { $0.type == attribute || ($0.type == "dynamic" && $0.labels.first == attribute) }
            enqueue(ReferenceExtractor.traversals(in: body), in: path)
        case .localValue(let name):
            if let local = module.locals[name] { enqueue(ReferenceExtractor.traversals(in: local.expression), in: path) }
        case .inputVariable(let name):
            // A root variable is an input of the run; a module's is its caller's argument.
            guard let call = path.last, let parent = self.module(Array(path.dropLast())),
                  let argument = parent.moduleCalls[call]?.inputs.first(where: { $0.name == name }) else { return }
            enqueue(ReferenceExtractor.traversals(in: argument.expression), in: Array(path.dropLast()))
        case .moduleCall(let name):
            guard let child = self.module(path + [name]) else { return }
            let outputs = attribute.map { child.outputs[$0].map { [$0] } ?? [] } ?? Array(child.outputs.values)
            for output in outputs { enqueue(ReferenceExtractor.traversals(in: output.expression), in: path + [name]) }
        default:
            return
        }
    }
}
