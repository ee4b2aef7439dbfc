/// One module's declarations, read from the `.tf` files of one directory.
public struct Module: Sendable {
    public var directory: String
    public var terraform = TerraformSettings()
    public var providers: [String: ProviderConfiguration] = [:]
    public var variables: [String: VariableDeclaration] = [:]
    public var locals: [String: LocalValue] = [:]
    public var outputs: [String: OutputDeclaration] = [:]
    /// Keyed by `aws_vpc.main` / `data.aws_ami.x`.
    public var resources: [String: ResourceDeclaration] = [:]
    public var moduleCalls: [String: ModuleCall] = [:]
    public var moved: [MovedDeclaration] = []
    public var imports: [ImportDeclaration] = []

    public init(directory: String) { self.directory = directory }

    public func resource(_ mode: ResourceMode, _ type: String, _ name: String) -> ResourceDeclaration? {
        resources[(mode == .data ? "data." : "") + "\(type).\(name)"]
    }
}

/// A configuration: the root module and, for each module call, the child's configuration.
public struct Configuration: Sendable {
    public var module: Module
    public var children: [String: Configuration]
    /// Every source file read, by file name, so diagnostics can show the lines they point at.
    public var sources: [String: SourceFile]

    public init(module: Module, children: [String: Configuration] = [:], sources: [String: SourceFile] = [:]) {
        self.module = module
        self.children = children
        self.sources = sources
    }

    /// The configuration of the module at a path of call names (instance keys do not matter:
    /// every instance of a call has the same configuration).
    public func descendant(_ path: ModulePath) -> Configuration? {
        var current = self
        for step in path.steps {
            guard let child = current.children[step.name] else { return nil }
            current = child
        }
        return current
    }
}
