extension FunctionLibrary {
    /// Functions over maps and objects.
    static let mappingFunctions: [String: Function] = [
        "keys": Function(parameters: [.init("inputMap", .dynamic, allowUnknown: true)], returnType: { types in
            if case .object(let attributes) = types[0] { return .tuple(attributes.keys.map { _ in .string }) }
            return .list(.string)
        }) { args in
            // An object's attribute names are part of its type, so they are known even when the
            // object or its attribute values are not.
            if case .object(let attributes) = args[0].type {
                return .tuple(attributes.keys.sorted(by: String.goOrder).map(Value.string))
            }
            guard case .map = args[0].type else {
                if args[0].type == .dynamic { return .unknown() }
                throw FunctionError("must have map or object type", argument: 0)
            }
            guard let entries = args[0].attributes else { return .unknown(.list(.string)) }
            return .list(entries.keys.sorted(by: String.goOrder).map(Value.string), of: .string)
        },
        "values": Function(parameters: [.init("mapping", .dynamic)], returnType: { types in
            switch types[0] {
            case .map(let element): return .list(element)
            case .object(let attributes): return .tuple(attributes.keys.sorted(by: String.goOrder).map { attributes[$0]! })
            default: return .dynamic
            }
        }) { args in
            guard let entries = args[0].attributes else { throw FunctionError("values() requires a map as the first argument", argument: 0) }
            let ordered = entries.keys.sorted(by: String.goOrder).map { entries[$0]! }
            if case .map(_, let element) = args[0].kind { return .list(ordered, of: element) }
            return .tuple(ordered)
        }.passingNestedUnknowns(),
        "lookup": Function(
            parameters: [.init("inputMap", .dynamic, allowUnknown: true), .init("key", .string, allowUnknown: true)],
            variadic: .init("default", .dynamic, allowNull: true, allowUnknown: true),
            returnType: { types in types[0].mapElement ?? .dynamic }, lookup),
        "merge": Function(
            parameters: [], variadic: .init("maps", .dynamic, allowNull: true, allowUnknown: true),
            returns: .dynamic, merge),
        "zipmap": Function(parameters: [.init("keyslist", .list(.string)), .init("valueslist", .dynamic)], returns: .dynamic) { args in
            let keys = args[0].elements!
            guard args[1].type.listElement != nil || args[1].type.tupleElements != nil, let values = args[1].elements else {
                throw FunctionError("values argument must be a list or tuple value", argument: 1)
            }
            guard keys.count == values.count else {
                throw FunctionError("number of keys (\(keys.count)) does not match number of values (\(values.count))", argument: 1)
            }
            var entries: [String: Value] = [:]
            for (index, (key, value)) in zip(keys, values).enumerated() {
                guard let name = key.stringValue else { throw FunctionError("keys list has null value at index \(index)", argument: 0) }
                entries[name] = value
            }
            if case .list(_, let element) = args[1].kind { return .map(entries, of: element) }
            return .object(entries)
        },
        "transpose": Function(parameters: [.init("values", .map(.list(.string)))], returns: .map(.list(.string))) { args in
            var transposed: [String: [String]] = [:]
            for (key, list) in args[0].attributes! {
                for element in list.elements! {
                    guard let value = element.stringValue else { throw FunctionError("input must be a map of lists of strings", argument: 0) }
                    transposed[value, default: []].append(key)
                }
            }
            return .map(transposed.mapValues { .list($0.sorted(by: String.goOrder).map(Value.string), of: .string) }, of: .list(.string))
        },
    ]

    private static func lookup(_ args: [Value]) throws -> Value {
        guard args.count <= 3 else { throw FunctionError("lookup() takes two or three arguments, got \(args.count)") }
        let collection = args[0], key = args[1], fallback = args.count == 3 ? args[2] : nil
        switch collection.type {
        case .object(let attributeTypes):
            guard let name = key.stringValue else { return .unknown() }
            if let attributeType = attributeTypes[name] { return collection.attributes?[name] ?? .unknown(attributeType) }
            if let fallback { return fallback }
            throw FunctionError("the given object has no attribute \(Value.quoted(name))", argument: 0)
        case .map(let element):
            if let fallback, (try? fallback.converted(to: element)) == nil {
                throw FunctionError("the default value must have the same type as the map elements", argument: 2)
            }
            guard let name = key.stringValue, let entries = collection.attributes else { return .unknown(element) }
            if let found = entries[name] { return found }
            if let fallback { return try fallback.converted(to: element) }
            throw FunctionError("lookup failed to find key \(Value.quoted(name))", argument: 1)
        case .dynamic:
            return .unknown()
        default:
            throw FunctionError("lookup() requires a map as the first argument", argument: 0)
        }
    }

    /// Later arguments win; nulls are skipped. Arguments all of one type give that type (maps
    /// stay maps); a mixture gives an object.
    private static func merge(_ args: [Value]) throws -> Value {
        let present = args.enumerated().filter { !$0.element.isNull }
        for (index, argument) in present where !argument.isMapping && argument.type.mapElement == nil && argument.type.objectAttributes == nil {
            if argument.type == .dynamic { continue }
            throw FunctionError("arguments must be maps or objects, got \(Value.quoted(argument.type.ctyFriendlyName))", argument: index)
        }
        guard let firstType = present.first?.element.type else { return .emptyObject }
        let resultType: ValueType
        if present.allSatisfy({ $0.element.type == firstType }) {
            resultType = firstType
        } else {
            var attributes: [String: ValueType] = [:]
            for (_, argument) in present {
                switch argument.type {
                case .object(let types): attributes.merge(types) { _, new in new }
                case .map(let element):
                    guard let entries = argument.attributes else { return .unknown() }
                    for key in entries.keys { attributes[key] = element }
                default: return .unknown()
                }
            }
            resultType = .object(attributes)
        }
        var merged: [String: Value] = [:]
        for (_, argument) in present {
            guard let entries = argument.attributes else { return .unknown(resultType) }
            merged.merge(entries) { _, new in new }
        }
        if case .map(let element) = resultType { return .map(merged, of: element) }
        return .object(merged)
    }
}
