/// `terraform { … }` settings.
public struct TerraformSettings: Sendable {
    public struct RequiredProvider: Sendable {
        public var source: String?
        public var version: String?
    }

    public struct Backend: Sendable {
        public var type: String
        public var body: Body
        public var range: SourceRange
    }

    public var requiredVersion: String?
    public var requiredVersionRange: SourceRange?
    public var requiredProviders: [String: RequiredProvider] = [:]
    public var backend: Backend?
    /// Where the key protecting the state's secrets is kept, when configured.
    public var encryption: EncryptionSettings?

    public init() {}
}

/// `provider "aws" { … }`, possibly with an `alias`.
public struct ProviderConfiguration: Sendable {
    public var name: String
    public var alias: String?
    public var body: Body
    public var range: SourceRange

    /// `aws` or `aws.west`, as resources refer to it.
    public var key: String { alias.map { "\(name).\($0)" } ?? name }
}

public struct VariableDeclaration: Sendable {
    public struct Validation: Sendable {
        public var condition: Expression
        public var errorMessage: Expression
        public var range: SourceRange
    }

    public var name: String
    public var type: TypeConstraint
    public var defaultValue: Value?
    public var description: String?
    public var isSensitive: Bool
    public var isNullable: Bool
    public var validations: [Validation]
    public var range: SourceRange
}

public struct LocalValue: Sendable {
    public var name: String
    public var expression: Expression
    public var range: SourceRange
}

/// A `precondition` or `postcondition` block.
public struct CheckRule: Sendable {
    public var condition: Expression
    public var errorMessage: Expression
    public var range: SourceRange
}

public struct OutputDeclaration: Sendable {
    public var name: String
    public var expression: Expression
    public var description: String?
    public var isSensitive: Bool
    public var dependsOn: [Traversal]
    public var preconditions: [CheckRule]
    public var range: SourceRange
}

public struct Lifecycle: Sendable {
    public enum IgnoreChanges: Sendable {
        case none
        case all
        /// Attribute paths, e.g. `tags["Name"]` as ["tags", "Name"].
        case paths([[String]])
    }

    public var createBeforeDestroy = false
    /// May refer to input variables and local values (Terraform allows only a constant), so
    /// protection can differ between environments.
    public var preventDestroy: Expression?
    public var ignoreChanges: IgnoreChanges = .none
    public var replaceTriggeredBy: [Expression] = []
    public var preconditions: [CheckRule] = []
    public var postconditions: [CheckRule] = []

    public init() {}
}

/// A `resource` or `data` block, its meta-arguments taken out of the body.
public struct ResourceDeclaration: Sendable {
    public var mode: ResourceMode
    public var type: String
    public var name: String
    /// The arguments and nested blocks for the provider.
    public var body: Body
    public var count: Expression?
    public var forEach: Expression?
    public var dependsOn: [Traversal]
    /// `provider = aws.west`: the provider configuration key.
    public var providerKey: String?
    public var providerKeyRange: SourceRange?
    public var lifecycle: Lifecycle
    /// The block header, `resource "aws_vpc" "main"`.
    public var range: SourceRange
    public var blockRange: SourceRange

    /// `aws_vpc.main` or `data.aws_ami.x`, within the module.
    public var localName: String { (mode == .data ? "data." : "") + "\(type).\(name)" }

    /// The provider name implied by the type: the part before the first underscore.
    public var impliedProvider: String { String(type.prefix { $0 != "_" }) }
}

public struct ModuleCall: Sendable {
    public var name: String
    public var source: String
    public var sourceRange: SourceRange
    /// Input variable assignments.
    public var inputs: [Attribute]
    public var count: Expression?
    public var forEach: Expression?
    public var dependsOn: [Traversal]
    /// `providers = { aws = aws.west }`: child provider key to parent provider key.
    public var providers: [String: String]
    public var range: SourceRange
}

/// `moved { from = … to = … }`: an object in state changes address without being recreated.
public struct MovedDeclaration: Sendable {
    public var from: TargetAddress
    public var to: TargetAddress
    public var range: SourceRange
}

/// `import { to = … id = … }`: an existing object is adopted into state by planning.
public struct ImportDeclaration: Sendable {
    public var to: InstanceAddress
    public var id: Expression
    /// `provider = aws.west`
    public var providerKey: String?
    public var range: SourceRange
}
