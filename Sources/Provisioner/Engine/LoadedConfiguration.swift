import ResourceGraph

/// A configuration directory read and checked: its modules, their dependency graph and what
/// was wrong with them. A command loads it once and hands it to each step that needs it (the
/// backend block, the `encryption` settings, the plan), rather than each step reading and
/// parsing every file again.
public struct LoadedConfiguration: Sendable {
    public let configuration: Configuration
    public let graph: Graph<ConfigNode>
    public let diagnostics: Diagnostics

    /// Loads and checks a configuration directory without touching state or providers.
    public static func load(directory: String) -> LoadedConfiguration {
        let started = ContinuousClock.now
        let (configuration, loadDiagnostics) = ConfigurationLoader.load(directory: directory)
        var diagnostics = loadDiagnostics
        if configuration.sources.isEmpty, !loadDiagnostics.hasErrors {
            diagnostics.error("No configuration files", "The directory \(directory) contains no .tf files. Run prov in a directory holding your configuration, or use -chdir=DIR.")
        }
        diagnostics.append(contentsOf: checkRequiredVersions(configuration))
        let (graph, graphDiagnostics) = DependencyGraphBuilder.build(configuration)
        diagnostics.append(contentsOf: graphDiagnostics)
        DebugLog.shared.write(.info, "engine", "loaded \(configuration.sources.count) configuration files, \(graph.nodes.count) graph nodes, in \(DebugLog.milliseconds(since: started))")
        return LoadedConfiguration(configuration: configuration, graph: graph, diagnostics: diagnostics)
    }

    /// `required_version` in any module must allow the Terraform language version prov
    /// implements.
    static func checkRequiredVersions(_ configuration: Configuration) -> Diagnostics {
        var diagnostics = Diagnostics()
        let settings = configuration.module.terraform
        if let text = settings.requiredVersion {
            if let constraint = VersionConstraint(text) {
                if !constraint.allows(LanguageVersion.terraform) {
                    diagnostics.error("Unsupported Terraform Core version", "This configuration requires Terraform \(text), but prov implements the language of Terraform \(LanguageVersion.terraform). If the configuration works with that version, widen the required_version constraint.", at: settings.requiredVersionRange)
                }
            } else {
                diagnostics.error("Invalid required_version constraint", "\(Value.quoted(text)) is not a version constraint; use a form such as \">= 1.5.0\" or \"~> 1.6\".", at: settings.requiredVersionRange)
            }
        }
        for child in configuration.children.values { diagnostics.append(contentsOf: checkRequiredVersions(child)) }
        return diagnostics
    }
}
