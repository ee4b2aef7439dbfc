import ResourceGraph

/// How a resource's desired object is derived from its configuration and prior object, and how
/// two objects are compared, following Terraform's rules.
public enum ObjectPlanning {
    /// The proposed new object: set arguments take the configured value; unset computed
    /// attributes keep the prior value (or become unknown when there is none); unset optional
    /// arguments take their default.
    static func proposedNew(schema: BlockSchema, prior: Value?, config: Value) -> Value {
        guard config.isKnown, let configured = config.attributes else { return config }
        let priorAttributes = prior?.attributes ?? [:]
        var result: [String: Value] = [:]
        result.reserveCapacity(schema.attributes.count + schema.blocks.count)
        for (name, attribute) in schema.attributes {
            let value = configured[name] ?? .null(attribute.type)
            if !value.isNull {
                result[name] = value
            } else if attribute.isComputed {
                if let priorValue = priorAttributes[name], prior != nil {
                    result[name] = priorValue
                } else {
                    result[name] = .unknown(attribute.type)
                }
            } else if let defaultValue = attribute.defaultValue {
                result[name] = defaultValue
            } else {
                result[name] = value
            }
        }
        for (name, nested) in schema.blocks {
            let configuredBlocks = configured[name] ?? .null(nested.valueType)
            let priorBlocks = priorAttributes[name]
            switch nested.nesting {
            case .single:
                result[name] = configuredBlocks.isNull ? configuredBlocks : proposedNew(schema: nested.block, prior: priorBlocks, config: configuredBlocks)
            case .list:
                guard let items = configuredBlocks.elements else { result[name] = configuredBlocks; continue }
                let priorItems = priorBlocks?.elements ?? []
                let proposed = items.enumerated().map { i, item in
                    proposedNew(schema: nested.block, prior: i < priorItems.count ? priorItems[i] : nil, config: item)
                }
                result[name] = .list(proposed, of: nested.block.valueType)
            case .set:
                // Set elements have no identity to match against prior ones: computed parts of
                // a new element are unknown unless an equal configured element existed before.
                guard let items = configuredBlocks.elements else { result[name] = configuredBlocks; continue }
                let priorItems = priorBlocks?.elements ?? []
                let proposed = items.map { item -> Value in
                    let match = priorItems.first { configuredPartsMatch($0, item, schema: nested.block) }
                    return proposedNew(schema: nested.block, prior: match, config: item)
                }
                result[name] = .set(proposed, of: nested.block.valueType)
            }
        }
        return Value.object(result).markingSensitive(at: schema.sensitivePaths())
    }

    private static func configuredPartsMatch(_ prior: Value, _ config: Value, schema: BlockSchema) -> Bool {
        for (name, attribute) in schema.attributes where attribute.isSettable {
            let configured = config[attribute: name] ?? .null
            if configured.isNull { continue }
            if !equivalent(prior[attribute: name] ?? .null, configured) { return false }
        }
        return true
    }

    /// Whether two values count as the same for planning. Null and a zero value (`""`, `false`,
    /// `0`, an empty collection) are the same, as Terraform's plugin SDK (on which most of the
    /// AWS provider is built) cannot tell them apart: an unset optional argument never differs
    /// from the empty value AWS reports for it. Unknown is never the same as anything.
    public static func equivalent(_ a: Value, _ b: Value) -> Bool {
        if isZeroOrNull(a), isZeroOrNull(b) { return a.isKnown && b.isKnown }
        switch (a.kind, b.kind) {
        case (.object(let x), .object(let y)), (.map(let x, _), .map(let y, _)), (.object(let x), .map(let y, _)), (.map(let x, _), .object(let y)):
            for key in Set(x.keys).union(y.keys) where !equivalent(x[key] ?? .null, y[key] ?? .null) { return false }
            return true
        case (.list(let x, _), .list(let y, _)), (.tuple(let x), .tuple(let y)), (.set(let x, _), .set(let y, _)):
            return x.count == y.count && zip(x, y).allSatisfy(equivalent)
        default:
            return a.equals(b) == true
        }
    }

    private static func isZeroOrNull(_ v: Value) -> Bool {
        switch v.kind {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .bool(let b): return !b
        case .number(let n): return n == .zero
        case .list(let es, _), .set(let es, _), .tuple(let es): return es.isEmpty
        case .map(let es, _): return es.isEmpty
        default: return false
        }
    }

    /// The top-level attributes and blocks whose value differs between two objects.
    static func changedAttributes(prior: Value, planned: Value, schema: BlockSchema) -> [String] {
        let names = Array(schema.attributes.keys) + Array(schema.blocks.keys)
        return names.sorted().filter { name in
            !equivalent(prior[attribute: name] ?? .null, planned[attribute: name] ?? .null)
        }
    }

    /// Which of the changed attributes cannot be updated in place.
    static func replacementPaths(changed: [String], schema: BlockSchema) -> [ValuePath] {
        changed.filter { name in
            if let attribute = schema.attributes[name] { return attribute.forceNew }
            if let block = schema.blocks[name] { return block.forceNew || block.block.attributes.values.contains(where: \.forceNew) }
            return false
        }.map { [$0] }
    }

    /// Keeps the prior value at every path `ignore_changes` names.
    static func ignoringChanges(_ ignore: Lifecycle.IgnoreChanges, prior: Value, planned: Value, schema: BlockSchema) -> Value {
        switch ignore {
        case .none:
            return planned
        case .all:
            var result = planned.attributes ?? [:]
            for (name, attribute) in schema.attributes where attribute.isSettable { result[name] = prior[attribute: name] ?? result[name] }
            for name in schema.blocks.keys { result[name] = prior[attribute: name] ?? result[name] }
            return .object(result)
        case .paths(let paths):
            var result = planned
            for path in paths { result = replacing(path[...], in: result, with: prior.value(at: path)) }
            return result
        }
    }

    private static func replacing(_ path: ArraySlice<String>, in value: Value, with replacement: Value?) -> Value {
        guard let first = path.first else { return replacement ?? value }
        switch value.kind {
        case .object(var attributes):
            let inner = attributes[first] ?? .null
            let updated = replacing(path.dropFirst(), in: inner, with: replacement)
            if path.count == 1, replacement == nil { attributes.removeValue(forKey: first) } else { attributes[first] = updated }
            var copy = value
            copy.kind = .object(attributes)
            return copy
        case .map(var entries, let type):
            let inner = entries[first] ?? .null(type)
            if path.count == 1, replacement == nil {
                entries.removeValue(forKey: first)
            } else {
                entries[first] = replacing(path.dropFirst(), in: inner, with: replacement)
            }
            var copy = value
            copy.kind = .map(entries, type)
            return copy
        default:
            return value
        }
    }
}
