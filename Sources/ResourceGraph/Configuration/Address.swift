/// Whether a resource block is a managed `resource` or a `data` source.
public enum ResourceMode: String, Sendable, Hashable, Codable {
    case managed
    case data
}

/// Which instance of a resource with `count` or `for_each`: none, a number or a string key.
public enum InstanceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    case none
    case index(Int)
    case key(String)

    /// `[0]`, `["web"]`, or empty.
    public var description: String {
        switch self {
        case .none: return ""
        case .index(let i): return "[\(i)]"
        case .key(let k): return "[\(Value.quoted(k))]"
        }
    }

    /// The value of `count.index` or `each.key`.
    public var value: Value {
        switch self {
        case .none: return .null
        case .index(let i): return .number(i)
        case .key(let k): return .string(k)
        }
    }

    public static func < (a: InstanceKey, b: InstanceKey) -> Bool {
        switch (a, b) {
        case (.none, .none): return false
        case (.none, _): return true
        case (_, .none): return false
        case (.index(let x), .index(let y)): return x < y
        case (.key(let x), .key(let y)): return x < y
        case (.index, .key): return true
        case (.key, .index): return false
        }
    }
}

/// The path of module calls from the root to a module: empty for the root,
/// `module.network` or `module.network["a"].module.subnets` for nested calls.
public struct ModulePath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public struct Step: Hashable, Sendable {
        public var name: String
        public var key: InstanceKey

        public init(name: String, key: InstanceKey = .none) {
            self.name = name
            self.key = key
        }
    }

    public var steps: [Step]

    public init(_ steps: [Step] = []) { self.steps = steps }

    public static let root = ModulePath()
    public var isRoot: Bool { steps.isEmpty }

    public func child(_ name: String, key: InstanceKey = .none) -> ModulePath {
        ModulePath(steps + [Step(name: name, key: key)])
    }

    public var description: String {
        steps.map { "module.\($0.name)\($0.key)" }.joined(separator: ".")
    }

    public static func < (a: ModulePath, b: ModulePath) -> Bool { a.description < b.description }
}

/// A resource block's address: `aws_vpc.main`, `data.aws_ami.ubuntu`, `module.net.aws_subnet.a`.
public struct ResourceAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var module: ModulePath
    public var mode: ResourceMode
    public var type: String
    public var name: String

    public init(module: ModulePath = .root, mode: ResourceMode = .managed, type: String, name: String) {
        self.module = module
        self.mode = mode
        self.type = type
        self.name = name
    }

    public func instance(_ key: InstanceKey) -> InstanceAddress { InstanceAddress(resource: self, key: key) }

    public var description: String {
        let local = (mode == .data ? "data." : "") + "\(type).\(name)"
        return module.isRoot ? local : "\(module).\(local)"
    }

    /// Orders as the addresses' text would sort (data resources under "data"), without
    /// building that text: plans sort tens of thousands of addresses.
    public static func < (a: ResourceAddress, b: ResourceAddress) -> Bool {
        if a.module != b.module { return a.module < b.module }
        if a.mode != b.mode { return a.mode == .data ? "data" <= b.type : a.type < "data" }
        return a.type != b.type ? a.type < b.type : a.name < b.name
    }
}

/// One instance of a resource: `aws_subnet.public[1]`.
public struct InstanceAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var resource: ResourceAddress
    public var key: InstanceKey

    public init(resource: ResourceAddress, key: InstanceKey = .none) {
        self.resource = resource
        self.key = key
    }

    public var description: String { resource.description + key.description }

    public static func < (a: InstanceAddress, b: InstanceAddress) -> Bool {
        a.resource == b.resource ? a.key < b.key : a.resource < b.resource
    }

    /// Parses `aws_subnet.public[0]`, `data.x.y["k"]`, `module.m.aws_vpc.v`. Returns nil for
    /// anything that is not an instance address.
    public static func parse(_ text: String) -> InstanceAddress? {
        var parser = AddressParser(text)
        return parser.parseInstance()
    }
}

/// A small parser for the address syntax users type on the command line (`-target`, `state rm`).
struct AddressParser {
    private var rest: Substring

    init(_ text: String) { rest = Substring(text) }

    mutating func parseTarget() -> TargetAddress? {
        var module = ModulePath.root
        while rest.hasPrefix("module.") {
            rest = rest.dropFirst("module.".count)
            guard let name = identifier(), let key = instanceKey() else { return nil }
            module = module.child(name, key: key)
            if rest.isEmpty { return .module(module) }
            guard rest.hasPrefix(".") else { return nil }
            rest = rest.dropFirst()
        }
        var mode = ResourceMode.managed
        if rest.hasPrefix("data.") {
            mode = .data
            rest = rest.dropFirst("data.".count)
        }
        guard let type = identifier(), rest.hasPrefix(".") else { return nil }
        rest = rest.dropFirst()
        guard let name = identifier() else { return nil }
        let resource = ResourceAddress(module: module, mode: mode, type: type, name: name)
        if rest.isEmpty { return .resource(resource) }
        guard rest.hasPrefix("["), let key = instanceKey(), rest.isEmpty else { return nil }
        return .instance(resource.instance(key))
    }

    mutating func parseInstance() -> InstanceAddress? {
        var module = ModulePath.root
        var mode = ResourceMode.managed
        while rest.hasPrefix("module.") {
            rest = rest.dropFirst("module.".count)
            guard let name = identifier() else { return nil }
            guard let key = instanceKey() else { return nil }
            module = module.child(name, key: key)
            guard rest.hasPrefix(".") else { return nil }
            rest = rest.dropFirst()
        }
        if rest.hasPrefix("data.") {
            mode = .data
            rest = rest.dropFirst("data.".count)
        }
        guard let type = identifier(), rest.hasPrefix(".") else { return nil }
        rest = rest.dropFirst()
        guard let name = identifier(), let key = instanceKey(), rest.isEmpty else { return nil }
        return InstanceAddress(resource: ResourceAddress(module: module, mode: mode, type: type, name: name), key: key)
    }

    private mutating func identifier() -> String? {
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        guard let first = name.first, first.isLetter || first == "_" else { return nil }
        rest = rest.dropFirst(name.count)
        return String(name)
    }

    private mutating func instanceKey() -> InstanceKey? {
        guard rest.hasPrefix("[") else { return InstanceKey.none }
        guard let close = rest.firstIndex(of: "]") else { return nil }
        let inner = rest[rest.index(after: rest.startIndex)..<close]
        rest = rest[rest.index(after: close)...]
        if let index = Int(inner), index >= 0 { return .index(index) }
        if inner.count >= 2, inner.hasPrefix("\""), inner.hasSuffix("\"") {
            return .key(String(inner.dropFirst().dropLast()))
        }
        return nil
    }
}

/// What `-target`, `-exclude` and `moved` blocks name: a module (instance), a whole resource, or
/// one resource instance.
public enum TargetAddress: Hashable, Sendable, CustomStringConvertible {
    case module(ModulePath)
    case resource(ResourceAddress)
    case instance(InstanceAddress)

    /// Parses `module.net`, `module.net["a"]`, `aws_vpc.main`, `aws_subnet.public[0]`,
    /// `module.net.data.aws_ami.x`. Nil for anything else.
    public static func parse(_ text: String) -> TargetAddress? {
        var parser = AddressParser(text)
        return parser.parseTarget()
    }

    public var description: String {
        switch self {
        case .module(let path): return path.description
        case .resource(let resource): return resource.description
        case .instance(let instance): return instance.description
        }
    }

    /// Whether this target names (or contains) the given resource instance.
    public func contains(_ address: InstanceAddress) -> Bool {
        switch self {
        case .instance(let instance): return instance == address
        case .resource(let resource): return resource == address.resource
        case .module(let path): return TargetAddress.path(address.resource.module, isWithin: path)
        }
    }

    /// Whether this target names (or contains) instances of a resource block, with its module
    /// given as static call names (before expansion).
    public func touches(module staticPath: [String], resource localName: String?) -> Bool {
        func staticNames(_ path: ModulePath) -> [String] { path.steps.map(\.name) }
        switch self {
        case .instance(let instance):
            return staticNames(instance.resource.module) == staticPath && localName == Self.localName(instance.resource)
        case .resource(let resource):
            return staticNames(resource.module) == staticPath && localName == Self.localName(resource)
        case .module(let path):
            return staticPath.starts(with: staticNames(path))
        }
    }

    /// Whether an instance module path lies within a (possibly unkeyed) module target: a step
    /// without a key matches every instance of that call.
    static func path(_ path: ModulePath, isWithin prefix: ModulePath) -> Bool {
        guard path.steps.count >= prefix.steps.count else { return false }
        return zip(path.steps, prefix.steps).allSatisfy { step, wanted in
            step.name == wanted.name && (wanted.key == .none || step.key == wanted.key)
        }
    }

    static func localName(_ resource: ResourceAddress) -> String {
        (resource.mode == .data ? "data." : "") + "\(resource.type).\(resource.name)"
    }
}
