extension Value {
    /// Equality as the `==` operator sees it: nil when unknowns make it undecidable; otherwise
    /// values of different types are unequal, and marks are ignored.
    public func equals(_ other: Value) -> Bool? {
        switch (kind, other.kind) {
        case (.unknown, _), (_, .unknown): return nil
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a, _), .list(let b, _)), (.tuple(let a), .tuple(let b)), (.set(let a, _), .set(let b, _)):
            guard a.count == b.count else { return false }
            return Value.allEqual(zip(a, b))
        case (.map(let a, _), .map(let b, _)), (.object(let a), .object(let b)):
            guard a.count == b.count, Set(a.keys) == Set(b.keys) else { return false }
            return Value.allEqual(a.keys.map { (a[$0]!, b[$0]!) })
        default:
            return false
        }
    }

    private static func allEqual(_ pairs: some Sequence<(Value, Value)>) -> Bool? {
        var undecided = false
        for (x, y) in pairs {
            switch x.equals(y) {
            case false?: return false
            case nil: undecided = true
            case true?: break
            }
        }
        return undecided ? nil : true
    }
}
