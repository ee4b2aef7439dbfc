import ResourceGraph

/// The JSON forms Terraform gives a value's marks, which cannot travel inside JSON itself: a
/// tree of `true` where a part is unknown (`after_unknown`) or sensitive (`*_sensitive`), and
/// the value with its unknown parts left out. Plan files store values in these forms, and
/// `show -json` prints them, so one encoding serves both.
extension Value {
    /// `true` for an unknown value; for collections, a tree of the same shape whose objects
    /// keep only the entries that are not plainly `false`; `false` otherwise.
    public var unknownTree: Value {
        switch kind {
        case .unknown: return .true
        case .null: return .false
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            return .tuple(elements.map(\.unknownTree))
        case .map(let entries, _), .object(let entries):
            return .object(entries.compactMapValues { $0.unknownTree.droppedIfFalse })
        default: return .false
        }
    }

    /// `true` for a sensitive value; for collections, a tree of the same shape whose objects
    /// keep only the entries that are not plainly `false`; `false` otherwise. An unknown
    /// collection says nothing about its parts: an empty tree.
    public var sensitiveTree: Value {
        if isSensitive { return .true }
        switch kind {
        case .null: return .false
        case .unknown(let type):
            switch type {
            case .list, .set, .tuple: return .emptyTuple
            case .map, .object: return .emptyObject
            default: return .false
            }
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            return .tuple(elements.map(\.sensitiveTree))
        case .map(let entries, _), .object(let entries):
            return .object(entries.compactMapValues { $0.sensitiveTree.droppedIfFalse })
        default: return .false
        }
    }

    /// The value without marks and without its unknown parts: unknown entries of objects and
    /// maps are left out, unknown elements of sequences become null so positions still line up
    /// with `unknownTree`. Nil when the value itself is unknown.
    public func omittingUnknowns() -> Value? {
        switch kind {
        case .unknown: return nil
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            return .tuple(elements.map { $0.omittingUnknowns() ?? .null })
        case .map(let entries, _), .object(let entries):
            return .object(entries.compactMapValues { $0.omittingUnknowns() })
        default:
            var copy = self
            copy.isSensitive = false
            return copy
        }
    }

    /// The value as JSON text with its unknown parts left out (`null` if it is unknown).
    func jsonWithoutUnknowns() -> Value {
        omittingUnknowns() ?? .null
    }

    private var droppedIfFalse: Value? {
        boolValue == false ? nil : self
    }
}
