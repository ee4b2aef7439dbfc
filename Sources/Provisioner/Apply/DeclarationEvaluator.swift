import ResourceGraph

/// Re-evaluates variables, locals, module calls and outputs during apply, one at a time (they
/// are cheap), with the real values of resources applied so far.
actor DeclarationEvaluator {
    private let planner: Planner

    init(configuration: Configuration, graph: Graph<ConfigNode>, providers: ProviderSet, evaluation: EvaluationState, plan: Plan, prior: StateSnapshot, observer: EngineObserver, limiter: ConcurrencyLimiter) {
        planner = Planner(
            configuration: configuration, graph: graph, providers: providers, evaluation: evaluation, prior: prior,
            rootVariables: plan.variables, purpose: .plan(plan.mode), refresh: false, observer: observer,
            limiter: limiter, applying: true)
    }

    /// Evaluates a declaration node; returns what went wrong.
    func visit(_ node: ConfigNode) async -> Diagnostics {
        await planner.visit(node)
        let found = planner.diagnostics
        planner.diagnostics = Diagnostics()
        return found
    }

    /// Checks a resource's postconditions against the object just applied.
    func checkPostconditions(_ rules: [CheckRule], module: Module, instance: ModulePath, count: Int?, each: (key: Value, value: Value)?, selfValue: Value) -> Diagnostics {
        for rule in rules {
            planner.checkCondition(rule, kind: "postcondition", in: instance, module: module, count: count, each: each, selfValue: selfValue)
        }
        let found = planner.diagnostics
        planner.diagnostics = Diagnostics()
        return found
    }

    /// A resource's `count` or `for_each` evaluated again with the values applied so far.
    func expansion(of declaration: ResourceDeclaration, module: Module, instance: ModulePath) -> (Expansion, Diagnostics) {
        let expansion = planner.expand(count: declaration.count, forEach: declaration.forEach, in: instance, module: module, what: declaration.localName)
        let found = planner.diagnostics
        planner.diagnostics = Diagnostics()
        return (expansion, found)
    }

    func directory(of module: Module) -> String { planner.directory(of: module) }
}
