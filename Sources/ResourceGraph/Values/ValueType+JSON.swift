extension ValueType {
    /// Terraform's JSON spelling of a type, as in `terraform output -json`: `"string"`,
    /// `["list","string"]`, `["object",{"a":"number"}]`, `["tuple",["string","bool"]]`.
    public var jsonValue: Value {
        switch self {
        case .dynamic: return .string("dynamic")
        case .bool: return .string("bool")
        case .number: return .string("number")
        case .string: return .string("string")
        case .list(let e): return .tuple([.string("list"), e.jsonValue])
        case .set(let e): return .tuple([.string("set"), e.jsonValue])
        case .map(let e): return .tuple([.string("map"), e.jsonValue])
        case .tuple(let es): return .tuple([.string("tuple"), .tuple(es.map(\.jsonValue))])
        case .object(let attrs): return .tuple([.string("object"), .object(attrs.mapValues(\.jsonValue))])
        }
    }

    /// Reads the JSON spelling back; nil if it is not one.
    public init?(json: Value) {
        if let name = json.stringValue {
            switch name {
            case "dynamic": self = .dynamic
            case "bool": self = .bool
            case "number": self = .number
            case "string": self = .string
            default: return nil
            }
            return
        }
        guard let parts = json.elements, parts.count == 2, let kind = parts[0].stringValue else { return nil }
        switch kind {
        case "list", "set", "map":
            guard let element = ValueType(json: parts[1]) else { return nil }
            self = kind == "list" ? .list(element) : kind == "set" ? .set(element) : .map(element)
        case "tuple":
            guard let elements = parts[1].elements else { return nil }
            var types: [ValueType] = []
            for element in elements {
                guard let t = ValueType(json: element) else { return nil }
                types.append(t)
            }
            self = .tuple(types)
        case "object":
            guard let attributes = parts[1].attributes else { return nil }
            var types: [String: ValueType] = [:]
            for (name, element) in attributes {
                guard let t = ValueType(json: element) else { return nil }
                types[name] = t
            }
            self = .object(types)
        default:
            return nil
        }
    }
}
