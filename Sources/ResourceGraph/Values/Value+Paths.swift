/// A path to a part of a value: attribute names and element positions, as strings
/// (`["ingress", "0", "cidr_blocks"]`). Used to remember which parts are sensitive where marks
/// cannot travel (state, plan files), and to name the attributes a change touches.
public typealias ValuePath = [String]

extension Value {
    /// The paths of every part marked sensitive.
    public func sensitivePaths() -> [ValuePath] {
        var paths: [ValuePath] = []
        collectSensitive(prefix: [], into: &paths)
        return paths
    }

    private func collectSensitive(prefix: ValuePath, into paths: inout [ValuePath]) {
        if isSensitive {
            paths.append(prefix)
            return
        }
        switch kind {
        case .list(let es, _), .set(let es, _), .tuple(let es):
            for (i, e) in es.enumerated() { e.collectSensitive(prefix: prefix + [String(i)], into: &paths) }
        case .map(let es, _), .object(let es):
            for key in es.keys.sorted() { es[key]!.collectSensitive(prefix: prefix + [key], into: &paths) }
        default:
            break
        }
    }

    /// The value with the parts at these paths marked sensitive (paths that do not exist are
    /// ignored).
    public func markingSensitive(at paths: [ValuePath]) -> Value {
        var result = self
        for path in paths { result = result.marking(path[...]) }
        return result
    }

    private func marking(_ path: ArraySlice<String>) -> Value {
        guard let first = path.first else { return markedSensitive() }
        let rest = path.dropFirst()
        var copy = self
        switch kind {
        case .list(var es, let t):
            guard let i = Int(first), es.indices.contains(i) else { return self }
            es[i] = es[i].marking(rest)
            copy.kind = .list(es, t)
        case .set(var es, let t):
            guard let i = Int(first), es.indices.contains(i) else { return self }
            es[i] = es[i].marking(rest)
            copy.kind = .set(es, t)
        case .tuple(var es):
            guard let i = Int(first), es.indices.contains(i) else { return self }
            es[i] = es[i].marking(rest)
            copy.kind = .tuple(es)
        case .map(var es, let t):
            guard let e = es[first] else { return self }
            es[first] = e.marking(rest)
            copy.kind = .map(es, t)
        case .object(var es):
            guard let e = es[first] else { return self }
            es[first] = e.marking(rest)
            copy.kind = .object(es)
        default:
            return self
        }
        return copy
    }

    /// The part at a path, or nil.
    public func value(at path: ValuePath) -> Value? {
        var current = self
        for step in path {
            if let attributes = current.attributes {
                guard let next = attributes[step] else { return nil }
                current = next
            } else if let elements = current.elements, let i = Int(step), elements.indices.contains(i) {
                current = elements[i]
            } else {
                return nil
            }
        }
        return current
    }

    /// Converts stored data to a type that may have changed since it was stored: object
    /// attributes the type lacks are dropped, attributes the data lacks become null, and
    /// anything that does not convert becomes null rather than failing, so an upgrade of prov
    /// never makes a state unreadable.
    public func conformed(to type: ValueType) -> Value {
        if case .dynamic = type { return self }
        if isNull { return .null(type) }
        switch type {
        case .object(let attributeTypes):
            guard let entries = attributes else { return .null(type) }
            var result: [String: Value] = [:]
            for (name, attributeType) in attributeTypes {
                result[name] = entries[name]?.conformed(to: attributeType) ?? .null(attributeType)
            }
            return Value.object(result).markedSensitive(isSensitive)
        case .list(let element), .set(let element):
            guard let items = elements else { return .null(type) }
            let converted = items.map { $0.conformed(to: element) }
            let result: Value = { if case .set = type { return .set(converted, of: element) } else { return .list(converted, of: element) } }()
            return result.markedSensitive(isSensitive)
        case .map(let element):
            guard let entries = attributes else { return .null(type) }
            return Value.map(entries.mapValues { $0.conformed(to: element) }, of: element).markedSensitive(isSensitive)
        case .tuple(let elementTypes):
            guard let items = elements, items.count == elementTypes.count else { return .null(type) }
            return Value.tuple(zip(items, elementTypes).map { $0.conformed(to: $1) }).markedSensitive(isSensitive)
        default:
            return (try? converted(to: type)) ?? .null(type)
        }
    }
}
