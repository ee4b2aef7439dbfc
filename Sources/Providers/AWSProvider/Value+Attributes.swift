import ResourceGraph

/// Reading resource objects' attributes in resource code: nil for null, unknown or absent.
extension Value {
    func string(_ name: String) -> String? {
        guard let value = self[attribute: name], value.isKnown else { return nil }
        return value.stringValue
    }

    func bool(_ name: String) -> Bool? {
        guard let value = self[attribute: name], value.isKnown else { return nil }
        return value.boolValue
    }

    func int(_ name: String) -> Int? {
        guard let value = self[attribute: name], value.isKnown else { return nil }
        return value.numberValue?.intValue
    }

    func stringMap(_ name: String) -> [String: String]? {
        guard let value = self[attribute: name], value.isKnown, let entries = value.attributes else { return nil }
        return entries.compactMapValues(\.stringValue)
    }

    func stringList(_ name: String) -> [String]? {
        guard let value = self[attribute: name], value.isKnown, let elements = value.elements else { return nil }
        return elements.compactMap(\.stringValue)
    }

    func objects(_ name: String) -> [Value] {
        guard let value = self[attribute: name], value.isKnown else { return [] }
        return value.elements ?? []
    }

    /// The object with some attributes replaced.
    func setting(_ changes: [String: Value]) -> Value {
        var attributes = self.attributes ?? [:]
        attributes.merge(changes) { _, new in new }
        return Value.object(attributes).markedSensitive(isSensitive)
    }
}

/// Building attribute values from what AWS returns: absent becomes null.
extension Value {
    static func string(_ s: String?) -> Value { s.map(Value.string) ?? .null(.string) }
    static func bool(_ b: Bool?) -> Value { b.map(Value.bool) ?? .null(.bool) }
    static func number(_ n: Int?) -> Value { n.map { Value.number($0) } ?? .null(.number) }
    static func stringMap(_ map: [String: String]?) -> Value {
        guard let map else { return .null(.map(.string)) }
        return .map(map.mapValues(Value.string), of: .string)
    }
    static func stringSet(_ items: [String]?) -> Value {
        guard let items else { return .null(.set(.string)) }
        return .set(items.map(Value.string), of: .string)
    }
    static func stringList(_ items: [String]?) -> Value {
        guard let items else { return .null(.list(.string)) }
        return .list(items.map(Value.string), of: .string)
    }
}
