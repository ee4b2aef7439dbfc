/// The type of a value, as in Terraform's type system. `dynamic` is `any`: the type is not
/// known yet, or any type is accepted.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case dynamic
    case bool
    case number
    case string
    case list(ValueType)
    case set(ValueType)
    case map(ValueType)
    case tuple([ValueType])
    case object([String: ValueType])

    public static let emptyObject = ValueType.object([:])
    public static let emptyTuple = ValueType.tuple([])

    public var isPrimitive: Bool {
        switch self {
        case .bool, .number, .string: return true
        default: return false
        }
    }

    public var isCollection: Bool {
        switch self {
        case .list, .set, .map: return true
        default: return false
        }
    }

    /// The element type of a list, set or map.
    public var elementType: ValueType? {
        switch self {
        case .list(let e), .set(let e), .map(let e): return e
        default: return nil
        }
    }

    /// Whether this type contains `dynamic` anywhere.
    public var hasDynamic: Bool {
        switch self {
        case .dynamic: return true
        case .bool, .number, .string: return false
        case .list(let e), .set(let e), .map(let e): return e.hasDynamic
        case .tuple(let es): return es.contains { $0.hasDynamic }
        case .object(let attrs): return attrs.values.contains { $0.hasDynamic }
        }
    }

    /// Terraform's spelling of the type, as in error messages: `list(string)`,
    /// `object({name=string})`.
    public var description: String {
        switch self {
        case .dynamic: return "dynamic"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list(let e): return "list(\(e))"
        case .set(let e): return "set(\(e))"
        case .map(let e): return "map(\(e))"
        case .tuple(let es): return "tuple([\(es.map(\.description).joined(separator: ", "))])"
        case .object(let attrs):
            let parts = attrs.keys.sorted().map { "\($0)=\(attrs[$0]!)" }
            return "object({\(parts.joined(separator: ", "))})"
        }
    }

    /// A short name for messages about the kind of value: "string", "list", "object".
    public var friendlyName: String {
        switch self {
        case .dynamic: return "dynamic value"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .set: return "set"
        case .map: return "map"
        case .tuple: return "tuple"
        case .object: return "object"
        }
    }
}
