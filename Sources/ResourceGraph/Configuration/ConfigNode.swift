/// A node of the configuration's dependency graph: one declaration in one module (before
/// `count` / `for_each` expansion).
public struct ConfigNode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case variable(String)
        case local(String)
        case output(String)
        /// `aws_vpc.main` or `data.aws_ami.x`.
        case resource(String)
        case moduleCall(String)
        /// `aws` or `aws.west`.
        case provider(String)
    }

    /// Module call names from the root to the module holding this node.
    public var module: [String]
    public var kind: Kind

    public init(module: [String] = [], _ kind: Kind) {
        self.module = module
        self.kind = kind
    }

    public var description: String {
        let prefix = module.map { "module.\($0)." }.joined()
        switch kind {
        case .variable(let n): return prefix + "var.\(n)"
        case .local(let n): return prefix + "local.\(n)"
        case .output(let n): return prefix + "output.\(n)"
        case .resource(let n): return prefix + n
        case .moduleCall(let n): return prefix + "module.\(n)"
        case .provider(let k): return prefix + "provider[\"\(k)\"]"
        }
    }

    public var isResource: Bool {
        if case .resource = kind { return true }
        return false
    }

    public var isProvider: Bool {
        if case .provider = kind { return true }
        return false
    }

    public static func < (a: ConfigNode, b: ConfigNode) -> Bool { a.description < b.description }
}
