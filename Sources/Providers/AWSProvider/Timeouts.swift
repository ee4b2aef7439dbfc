import ResourceGraph

/// The `timeouts { create = "30m" }` block some resource types take.
enum Timeouts {
    static let valueType = ValueType.object(["create": .string, "update": .string, "delete": .string, "read": .string])

    static func block(create: Bool, update: Bool, delete: Bool, read: Bool = false) -> NestedBlockSchema {
        var attributes: [String: AttributeSchema] = [:]
        if create { attributes["create"] = AttributeSchema(.string, .optional) }
        if update { attributes["update"] = AttributeSchema(.string, .optional) }
        if delete { attributes["delete"] = AttributeSchema(.string, .optional) }
        if read { attributes["read"] = AttributeSchema(.string, .optional) }
        return NestedBlockSchema(.single, BlockSchema(attributes: attributes), maxItems: 1)
    }

    /// The configured timeout for an operation, or the resource type's default.
    static func duration(_ object: Value, _ operation: String, default fallback: Duration) -> Duration {
        guard let text = object[attribute: "timeouts"]?.string(operation), let parsed = DurationSyntax.parse(text), parsed > .zero else { return fallback }
        return parsed
    }
}
