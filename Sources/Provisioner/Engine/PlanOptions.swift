import ResourceGraph

/// What a plan is asked to do, as the command line gives it.
public struct PlanOptions: Sendable {
    public var directory: String
    public var mode: Plan.Mode
    public var refresh: Bool
    public var variables: [CommandLineVariable]
    public var environment: [String: String]
    /// At most how many provider operations run at once (`-parallelism`); nil for the default.
    /// Either way the limit starts at Terraform's 10 and adapts to how the cloud answers.
    public var parallelism: Int?
    public var workspace: String
    /// Variable values already resolved (from a saved plan): used instead of collecting them.
    public var resolvedVariables: [String: Value]?
    /// `-target`, `-exclude` and `-replace`.
    public var targeting = Targeting()
    /// The configuration in `directory`, when the command has loaded it already; nil to have
    /// the plan load it.
    public var configuration: LoadedConfiguration?

    public init(
        directory: String, mode: Plan.Mode = .normal, refresh: Bool = true, variables: [CommandLineVariable] = [],
        environment: [String: String] = [:], parallelism: Int? = nil, workspace: String = "default"
    ) {
        self.directory = directory
        self.mode = mode
        self.refresh = refresh
        self.variables = variables
        self.environment = environment
        self.parallelism = parallelism
        self.workspace = workspace
    }
}
