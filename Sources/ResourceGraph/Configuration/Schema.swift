/// The shape of a block's body, as a provider declares it for a resource type: which arguments
/// and nested blocks it takes, of what types, which are required, computed, sensitive, and which
/// force a replacement when they change.
public struct BlockSchema: Sendable {
    public var attributes: [String: AttributeSchema] { didSet { deriveShape() } }
    public var blocks: [String: NestedBlockSchema] { didSet { deriveShape() } }

    /// The object type of a decoded body: every attribute, and nested blocks as lists, sets or
    /// maps of objects (or a single object). Derived once per change of the schema, as the
    /// planner asks for it for every resource instance.
    public private(set) var valueType: ValueType = .object([:])
    private var sensitiveAttributePaths: [[String]] = []

    public init(attributes: [String: AttributeSchema] = [:], blocks: [String: NestedBlockSchema] = [:]) {
        self.attributes = attributes
        self.blocks = blocks
        deriveShape()
    }

    private mutating func deriveShape() {
        var types = attributes.mapValues(\.type)
        for (name, block) in blocks { types[name] = block.valueType }
        valueType = .object(types)
        var paths = attributes.filter(\.value.isSensitive).map { [$0.key] }
        for (name, block) in blocks { paths += block.block.sensitivePaths().map { [name] + $0 } }
        sensitiveAttributePaths = paths
    }

    /// Names of attributes that are sensitive, at any depth of nested blocks, as paths.
    public func sensitivePaths(prefix: [String] = []) -> [[String]] {
        prefix.isEmpty ? sensitiveAttributePaths : sensitiveAttributePaths.map { prefix + $0 }
    }
}

public struct AttributeSchema: Sendable {
    public enum Presence: Sendable {
        /// The user must set it.
        case required
        /// The user may set it; when not set it is null (or the default).
        case optional
        /// The user may set it; when not set the provider decides (known after apply).
        case optionalComputed
        /// Only the provider sets it.
        case computed
    }

    public var type: ValueType
    public var presence: Presence
    /// A change of this attribute cannot be made in place: the resource is replaced.
    public var forceNew: Bool
    public var isSensitive: Bool
    /// The value used when the user does not set an optional attribute.
    public var defaultValue: Value?
    /// The attribute exists in the schema (for compatibility) but is not supported yet: setting
    /// it is an error naming it, instead of silently ignoring it.
    public var unsupportedReason: String?

    public init(
        _ type: ValueType, _ presence: Presence, forceNew: Bool = false, sensitive: Bool = false,
        default defaultValue: Value? = nil, unsupported unsupportedReason: String? = nil
    ) {
        self.type = type
        self.presence = presence
        self.forceNew = forceNew
        self.isSensitive = sensitive
        self.defaultValue = defaultValue
        self.unsupportedReason = unsupportedReason
    }

    public var isComputed: Bool { presence == .computed || presence == .optionalComputed }
    public var isSettable: Bool { presence != .computed }
}

public struct NestedBlockSchema: Sendable {
    public enum Nesting: Sendable {
        /// At most one block; its value is an object (or null).
        case single
        /// Blocks in order; a list of objects.
        case list
        /// Blocks without order; a set of objects.
        case set
    }

    public var nesting: Nesting
    public var block: BlockSchema
    public var minItems: Int
    public var maxItems: Int?
    public var forceNew: Bool
    /// Terraform's "attributes as blocks" mode: besides blocks, the configuration may assign
    /// the whole collection as an argument (`route = []` removes every route). In this mode a
    /// body with neither decodes to null, so a provider can tell "not managed here" from "none".
    public var acceptsAttributeSyntax: Bool
    /// The block type exists in the schema (so state and references keep its shape) but is not
    /// supported yet: writing such a block is an error naming it, instead of silently ignoring it.
    public var unsupportedReason: String?

    public init(
        _ nesting: Nesting, _ block: BlockSchema, minItems: Int = 0, maxItems: Int? = nil, forceNew: Bool = false,
        acceptsAttributeSyntax: Bool = false, unsupported unsupportedReason: String? = nil
    ) {
        self.nesting = nesting
        self.block = block
        self.minItems = minItems
        self.maxItems = maxItems
        self.forceNew = forceNew
        self.acceptsAttributeSyntax = acceptsAttributeSyntax
        self.unsupportedReason = unsupportedReason
    }

    public var valueType: ValueType {
        switch nesting {
        case .single: return block.valueType
        case .list: return .list(block.valueType)
        case .set: return .set(block.valueType)
        }
    }
}
