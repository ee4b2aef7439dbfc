import ResourceGraph

extension Value {
    /// The value with the part at `path` replaced (an object or map gains the entry if it
    /// lacks it); unchanged where the path leads nowhere. Collections keep their element
    /// order, so the paths of other parts stay valid.
    func replacing(at path: ValuePath, with replacement: Value) -> Value {
        replacing(path[...], with: replacement)
    }

    private func replacing(_ path: ArraySlice<String>, with replacement: Value) -> Value {
        guard let first = path.first else { return replacement }
        let rest = path.dropFirst()
        var copy = self
        switch kind {
        case .object(var entries):
            entries[first] = (entries[first] ?? .null).replacing(rest, with: replacement)
            copy.kind = .object(entries)
        case .map(var entries, let type):
            entries[first] = (entries[first] ?? .null(type)).replacing(rest, with: replacement)
            copy.kind = .map(entries, type)
        case .list(var elements, let type):
            guard let i = Int(first), elements.indices.contains(i) else { return self }
            elements[i] = elements[i].replacing(rest, with: replacement)
            copy.kind = .list(elements, type)
        case .set(var elements, let type):
            guard let i = Int(first), elements.indices.contains(i) else { return self }
            elements[i] = elements[i].replacing(rest, with: replacement)
            copy.kind = .set(elements, type)
        case .tuple(var elements):
            guard let i = Int(first), elements.indices.contains(i) else { return self }
            elements[i] = elements[i].replacing(rest, with: replacement)
            copy.kind = .tuple(elements)
        default:
            return self
        }
        return copy
    }
}
