/// Why a value could not be converted to a type, with the path to the offending part.
public struct ConversionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Attribute names and indexes leading to the part that failed, outermost first.
    public var path: [String]

    public init(_ message: String, path: [String] = []) {
        self.message = message
        self.path = path
    }

    func nested(in step: String) -> ConversionError {
        ConversionError(message, path: [step] + path)
    }

    /// "attribute "tags": string required" or just the message at the top level.
    public var description: String {
        guard !path.isEmpty else { return message }
        return path.joined() + ": " + message
    }
}

extension Value {
    /// Converts as Terraform does: numbers and bools to and from strings, tuples to lists and
    /// sets, objects to maps, and so on. Unknown and null values convert to the target type
    /// unchanged in kind. Sensitivity is kept.
    public func converted(to target: ValueType) throws(ConversionError) -> Value {
        if case .dynamic = target { return self }
        var result: Value
        switch kind {
        case .unknown: result = .unknown(target)
        case .null: result = .null(target)
        default:
            if type == target { return self }
            result = try convertedKnown(to: target)
        }
        result.isSensitive = result.isSensitive || isSensitive
        return result
    }

    private func convertedKnown(to target: ValueType) throws(ConversionError) -> Value {
        switch target {
        case .dynamic:
            return self
        case .string:
            switch kind {
            case .string: return self
            case .number(let n): return .string(n.description)
            case .bool(let b): return .string(b ? "true" : "false")
            default: throw ConversionError("string required, but have \(type.friendlyName)")
            }
        case .number:
            switch kind {
            case .number: return self
            case .string(let s):
                guard let n = Number(parsing: s) else { throw ConversionError("a number is required, but \(Value.quoted(s)) is not a number") }
                return .number(n)
            default: throw ConversionError("number required, but have \(type.friendlyName)")
            }
        case .bool:
            switch kind {
            case .bool: return self
            case .string("true"): return .true
            case .string("false"): return .false
            case .string(let s): throw ConversionError("a bool is required, but \(Value.quoted(s)) is neither true nor false")
            default: throw ConversionError("bool required, but have \(type.friendlyName)")
            }
        case .list(let element):
            guard let items = elements else { throw ConversionError("list of \(element) required, but have \(type.friendlyName)") }
            let (converted, elementType) = try Value.convertElements(items, to: element)
            return .list(converted, of: elementType)
        case .set(let element):
            guard let items = elements else { throw ConversionError("set of \(element) required, but have \(type.friendlyName)") }
            let (converted, elementType) = try Value.convertElements(items, to: element)
            return .set(converted, of: elementType)
        case .map(let element):
            guard let entries = attributes else { throw ConversionError("map of \(element) required, but have \(type.friendlyName)") }
            let keys = entries.keys.sorted()
            let (converted, elementType) = try Value.convertElements(keys.map { entries[$0]! }, to: element) { "[\(Value.quoted(keys[$0]))]" }
            return .map(Dictionary(uniqueKeysWithValues: zip(keys, converted)), of: elementType)
        case .tuple(let elementTypes):
            guard let items = elements, !(isSet) else { throw ConversionError("tuple required, but have \(type.friendlyName)") }
            guard items.count == elementTypes.count else {
                throw ConversionError("tuple of \(elementTypes.count) elements required, but have \(items.count)")
            }
            var converted: [Value] = []
            for (i, (item, t)) in zip(items, elementTypes).enumerated() {
                do { converted.append(try item.converted(to: t)) } catch { throw error.nested(in: "[\(i)]") }
            }
            return .tuple(converted)
        case .object(let attributeTypes):
            guard let entries = attributes else { throw ConversionError("object required, but have \(type.friendlyName)") }
            var converted: [String: Value] = [:]
            for (name, t) in attributeTypes {
                guard let value = entries[name] else { throw ConversionError("attribute \(Value.quoted(name)) is required") }
                do { converted[name] = try value.converted(to: t) } catch { throw error.nested(in: ".\(name)") }
            }
            return .object(converted)
        }
    }

    private var isSet: Bool {
        if case .set = kind { return true }
        return false
    }

    /// Converts collection elements to one element type; `dynamic` means "whatever type the
    /// elements can all be converted to".
    /// `label` names an element in an error (only called when one is thrown).
    static func convertElements(_ items: [Value], to element: ValueType, label: ((Int) -> String)? = nil) throws(ConversionError) -> ([Value], ValueType) {
        var target = element
        if element.hasDynamic {
            guard let unified = ValueType.unify(items.map(\.type)) else {
                throw ConversionError("all elements must have the same type")
            }
            target = unified
        }
        var converted: [Value] = []
        converted.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do { converted.append(try item.converted(to: target)) } catch {
                throw error.nested(in: label?(i) ?? "[\(i)]")
            }
        }
        return (converted, target)
    }
}

extension ValueType {
    /// The single type all of these can be converted to, as cty's unification finds it: equal
    /// types stay; strings absorb numbers and bools; collections unify their elements; objects
    /// with different attributes become maps. Nil when there is none.
    public static func unify(_ types: [ValueType]) -> ValueType? {
        let known = types.filter { $0 != .dynamic }
        guard let first = known.first else { return .dynamic }
        if known.allSatisfy({ $0 == first }) { return first }

        if known.allSatisfy(\.isPrimitive) {
            if known.contains(.string) { return .string }
            return nil
        }
        if let elements = sameKindElements(known, \.listElement) { return unify(elements).map { .list($0) } }
        if let elements = sameKindElements(known, \.setElement) { return unify(elements).map { .set($0) } }
        if let elements = sameKindElements(known, \.mapElement) { return unify(elements).map { .map($0) } }

        let objects = known.compactMap(\.objectAttributes)
        if objects.count == known.count {
            let keySets = Set(objects.map { Set($0.keys) })
            if keySets.count == 1 {
                var unified: [String: ValueType] = [:]
                for key in keySets.first! {
                    guard let t = unify(objects.map { $0[key]! }) else { return nil }
                    unified[key] = t
                }
                return .object(unified)
            }
            return unify(objects.flatMap(\.values)).map { .map($0) }
        }
        // Objects and maps together unify as maps.
        if known.allSatisfy({ $0.objectAttributes != nil || $0.mapElement != nil }) {
            let all = known.flatMap { $0.objectAttributes.map { Array($0.values) } ?? [$0.mapElement!] }
            return unify(all).map { .map($0) }
        }
        let tuples = known.compactMap(\.tupleElements)
        if tuples.count == known.count, Set(tuples.map(\.count)).count == 1 {
            var unified: [ValueType] = []
            for i in 0..<tuples[0].count {
                guard let t = unify(tuples.map { $0[i] }) else { return nil }
                unified.append(t)
            }
            return .tuple(unified)
        }
        // Tuples and lists of elements that unify become lists.
        if known.allSatisfy({ $0.tupleElements != nil || $0.listElement != nil }) {
            let all = known.flatMap { $0.tupleElements ?? [$0.listElement!] }
            return unify(all).map { .list($0) }
        }
        return nil
    }

    private static func sameKindElements(_ types: [ValueType], _ element: KeyPath<ValueType, ValueType?>) -> [ValueType]? {
        let elements = types.compactMap { $0[keyPath: element] }
        return elements.count == types.count ? elements : nil
    }

    var listElement: ValueType? { if case .list(let e) = self { return e }; return nil }
    var setElement: ValueType? { if case .set(let e) = self { return e }; return nil }
    var mapElement: ValueType? { if case .map(let e) = self { return e }; return nil }
    var objectAttributes: [String: ValueType]? { if case .object(let a) = self { return a }; return nil }
    var tupleElements: [ValueType]? { if case .tuple(let e) = self { return e }; return nil }
}
