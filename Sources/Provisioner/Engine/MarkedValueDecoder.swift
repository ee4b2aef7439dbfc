import ResourceGraph

/// Rebuilds a value from its JSON form, its type and its mark trees: the inverse of
/// `omittingUnknowns`, `unknownTree` and `sensitiveTree`.
enum MarkedValueDecoder {
    static func decode(json: Value?, type: ValueType, unknown: Value?, sensitive: Value?) -> Value {
        let value = decodeUnmarked(json: json, type: type, unknown: unknown, sensitive: sensitive)
        return sensitive?.boolValue == true ? value.markedSensitive() : value
    }

    private static func decodeUnmarked(json: Value?, type: ValueType, unknown: Value?, sensitive: Value?) -> Value {
        if unknown?.boolValue == true { return .unknown(type) }
        guard let json, !json.isNull else { return .null(type) }
        switch type {
        case .object(let attributeTypes):
            var attributes: [String: Value] = [:]
            for (name, attributeType) in attributeTypes {
                attributes[name] = decode(json: json[attribute: name], type: attributeType, unknown: unknown?[attribute: name], sensitive: sensitive?[attribute: name])
            }
            return .object(attributes)
        case .map(let elementType):
            // Unknown entries are absent from the JSON but present in the unknown tree.
            let keys = Set((json.attributes ?? [:]).keys).union((unknown?.attributes ?? [:]).keys)
            var entries: [String: Value] = [:]
            for key in keys {
                entries[key] = decode(json: json[attribute: key], type: elementType, unknown: unknown?[attribute: key], sensitive: sensitive?[attribute: key])
            }
            return .map(entries, of: elementType)
        case .list(let elementType), .set(let elementType):
            let elements = decodeElements(json: json, types: nil, elementType: elementType, unknown: unknown, sensitive: sensitive)
            // Built directly: the stored order is already the canonical one, and rebuilding a
            // set would merge elements that are equal only because both are unknown.
            if case .set = type { return Value(.set(elements, elementType)) }
            return .list(elements, of: elementType)
        case .tuple(let elementTypes):
            return .tuple(decodeElements(json: json, types: elementTypes, elementType: .dynamic, unknown: unknown, sensitive: sensitive))
        case .dynamic:
            return decodeDynamic(json: json, unknown: unknown, sensitive: sensitive)
        default:
            return json.conformed(to: type)
        }
    }

    private static func decodeElements(json: Value, types: [ValueType]?, elementType: ValueType, unknown: Value?, sensitive: Value?) -> [Value] {
        let items = json.elements ?? []
        return items.indices.map { i in
            decode(json: items[i], type: types.flatMap { i < $0.count ? $0[i] : nil } ?? elementType,
                   unknown: unknown?.elements.flatMap { i < $0.count ? $0[i] : nil },
                   sensitive: sensitive?.elements.flatMap { i < $0.count ? $0[i] : nil })
        }
    }

    /// Without a type, the JSON's own shape decides: arrays become tuples, objects objects.
    private static func decodeDynamic(json: Value, unknown: Value?, sensitive: Value?) -> Value {
        if json.isSequence {
            return .tuple(decodeElements(json: json, types: nil, elementType: .dynamic, unknown: unknown, sensitive: sensitive))
        }
        if let attributes = json.attributes {
            let keys = Set(attributes.keys).union((unknown?.attributes ?? [:]).keys)
            var result: [String: Value] = [:]
            for key in keys {
                result[key] = decode(json: attributes[key], type: .dynamic, unknown: unknown?[attribute: key], sensitive: sensitive?[attribute: key])
            }
            return .object(result)
        }
        return json
    }
}
