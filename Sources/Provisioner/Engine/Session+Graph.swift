import ResourceGraph

/// `prov graph`: the dependency graphs the engine walks, as DOT text.
extension Session {
    /// The configuration graph planning walks (in every planning mode), without state or
    /// providers. Nil with error diagnostics when the configuration cannot be loaded.
    public static func configurationGraphDOT(directory: String) -> (dot: String?, diagnostics: Diagnostics, sources: [String: SourceFile]) {
        let loaded = LoadedConfiguration.load(directory: directory)
        guard !loaded.diagnostics.hasErrors else { return (nil, loaded.diagnostics, loaded.configuration.sources) }
        return (GraphDOT.render(configuration: loaded.configuration, graph: loaded.graph), loaded.diagnostics, loaded.configuration.sources)
    }

    /// The graph an apply of a fresh plan in `options.mode` would walk. Nil when planning
    /// failed; the plan result carries its diagnostics.
    public func applyGraphDOT(_ options: PlanOptions) async -> (dot: String?, result: PlanResult) {
        let result = await plan(options)
        guard let plan = result.plan, let context = result.context else { return (nil, result) }
        // The same graph Applier builds: destroy plans do not re-evaluate the configuration.
        let graph = ApplyGraphBuilder.build(plan: plan, configurationGraph: context.graph, includeConfiguration: plan.mode == .normal)
        return (GraphDOT.render(applyGraph: graph, plan: plan, configuration: context.configuration), result)
    }
}
