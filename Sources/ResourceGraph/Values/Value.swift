/// The one value type that carries data from the evaluator through the planner to the providers
/// and back. Besides its content it carries two marks: *unknown* ("known after apply", a kind of
/// its own) and *sensitive* (never printed, never logged).
public struct Value: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case null(ValueType)
        case unknown(ValueType)
        case bool(Bool)
        case number(Number)
        case string(String)
        /// Elements all of the given element type.
        case list([Value], ValueType)
        /// Unique elements of the given element type, kept in canonical order so that equal sets
        /// compare equal element by element.
        case set([Value], ValueType)
        case map([String: Value], ValueType)
        case tuple([Value])
        case object([String: Value])
    }

    public var kind: Kind
    /// Whether this value itself is sensitive. Collections may hold sensitive elements without
    /// being sensitive themselves; see `containsSensitive`.
    public var isSensitive: Bool

    public init(_ kind: Kind, sensitive: Bool = false) {
        self.kind = kind
        self.isSensitive = sensitive
    }

    // MARK: Constructors

    public static let null = Value(.null(.dynamic))
    public static let `true` = Value(.bool(true))
    public static let `false` = Value(.bool(false))
    public static let emptyObject = Value(.object([:]))
    public static let emptyTuple = Value(.tuple([]))

    public static func null(_ type: ValueType) -> Value { Value(.null(type)) }
    public static func unknown(_ type: ValueType = .dynamic) -> Value { Value(.unknown(type)) }
    public static func bool(_ b: Bool) -> Value { Value(.bool(b)) }
    public static func number(_ n: Number) -> Value { Value(.number(n)) }
    public static func number(_ n: Int) -> Value { Value(.number(Number(n))) }
    public static func string(_ s: String) -> Value { Value(.string(s)) }
    public static func tuple(_ elements: [Value]) -> Value { Value(.tuple(elements)) }
    public static func object(_ attributes: [String: Value]) -> Value { Value(.object(attributes)) }

    public static func list(_ elements: [Value], of elementType: ValueType) -> Value {
        Value(.list(elements, elementType))
    }

    /// A list whose element type is taken from its elements (which must already share one type).
    public static func list(_ elements: [Value]) -> Value {
        Value(.list(elements, elements.first?.type ?? .dynamic))
    }

    public static func map(_ entries: [String: Value], of elementType: ValueType) -> Value {
        Value(.map(entries, elementType))
    }

    public static func map(_ entries: [String: Value]) -> Value {
        Value(.map(entries, entries.values.first?.type ?? .dynamic))
    }

    /// A set: duplicates are dropped and elements put in canonical order.
    public static func set(_ elements: [Value], of elementType: ValueType) -> Value {
        Value(.set(canonicalSetElements(elements), elementType))
    }

    public static func set(_ elements: [Value]) -> Value {
        set(elements, of: elements.first?.type ?? .dynamic)
    }

    static func canonicalSetElements(_ elements: [Value]) -> [Value] {
        var seen = Set<Value>()
        var unique: [Value] = []
        for element in elements where seen.insert(element).inserted { unique.append(element) }
        return unique.sorted(by: Value.canonicalOrder)
    }

    /// A total order used for sets and for printing: strings and numbers in their natural order,
    /// everything else by its rendering.
    static func canonicalOrder(_ a: Value, _ b: Value) -> Bool {
        switch (a.kind, b.kind) {
        case (.number(let x), .number(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.bool(let x), .bool(let y)): return !x && y
        default: return a.debugDescription < b.debugDescription
        }
    }

    // MARK: Inspection

    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// Whether the value itself is known (its elements may still be unknown).
    public var isKnown: Bool {
        if case .unknown = kind { return false }
        return true
    }

    /// Whether the value and everything inside it is known.
    public var isWhollyKnown: Bool {
        switch kind {
        case .unknown: return false
        case .list(let es, _), .set(let es, _), .tuple(let es): return es.allSatisfy(\.isWhollyKnown)
        case .map(let es, _), .object(let es): return es.values.allSatisfy(\.isWhollyKnown)
        default: return true
        }
    }

    /// Whether the value or anything inside it is marked sensitive.
    public var containsSensitive: Bool {
        if isSensitive { return true }
        switch kind {
        case .list(let es, _), .set(let es, _), .tuple(let es): return es.contains { $0.containsSensitive }
        case .map(let es, _), .object(let es): return es.values.contains { $0.containsSensitive }
        default: return false
        }
    }

    public var type: ValueType {
        switch kind {
        case .null(let t), .unknown(let t): return t
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .list(_, let e): return .list(e)
        case .set(_, let e): return .set(e)
        case .map(_, let e): return .map(e)
        case .tuple(let es): return .tuple(es.map(\.type))
        case .object(let attrs): return .object(attrs.mapValues(\.type))
        }
    }

    public var stringValue: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    /// Never inlined: Swift 6.3's optimizer (copy propagation) crashes in release builds on
    /// some callers that read an optional value's number through this accessor inlined.
    public var numberValue: Number? {
        @inline(never) get {
            if case .number(let n) = kind { return n }
            return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = kind { return b }
        return nil
    }

    /// The elements of a list, set or tuple.
    public var elements: [Value]? {
        switch kind {
        case .list(let es, _), .set(let es, _), .tuple(let es): return es
        default: return nil
        }
    }

    /// The entries of a map or the attributes of an object.
    public var attributes: [String: Value]? {
        switch kind {
        case .map(let es, _), .object(let es): return es
        default: return nil
        }
    }

    /// The attribute of an object or entry of a map; nil when absent or not an object.
    public subscript(attribute name: String) -> Value? { attributes?[name] }

    /// True for lists, sets and tuples.
    public var isSequence: Bool { elements != nil }
    /// True for maps and objects.
    public var isMapping: Bool { attributes != nil }

    // MARK: Marks

    public func markedSensitive(_ sensitive: Bool = true) -> Value {
        var copy = self
        copy.isSensitive = copy.isSensitive || sensitive
        return copy
    }

    /// The value with every sensitive mark removed, at every depth.
    public func unmarkedDeep() -> Value {
        var copy = self
        copy.isSensitive = false
        switch kind {
        case .list(let es, let t): copy.kind = .list(es.map { $0.unmarkedDeep() }, t)
        case .set(let es, let t): copy.kind = .set(es.map { $0.unmarkedDeep() }, t)
        case .tuple(let es): copy.kind = .tuple(es.map { $0.unmarkedDeep() })
        case .map(let es, let t): copy.kind = .map(es.mapValues { $0.unmarkedDeep() }, t)
        case .object(let es): copy.kind = .object(es.mapValues { $0.unmarkedDeep() })
        default: break
        }
        return copy
    }
}

extension Value: CustomDebugStringConvertible {
    /// A compact HCL-like rendering for tests and internal messages. Sensitive values are not
    /// hidden here: never pass this to the terminal; the CLI has its own renderer.
    public var debugDescription: String {
        switch kind {
        case .null: return "null"
        case .unknown(let t): return "unknown(\(t))"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        case .string(let s): return Value.quoted(s)
        case .list(let es, _), .set(let es, _), .tuple(let es):
            return "[" + es.map(\.debugDescription).joined(separator: ", ") + "]"
        case .map(let es, _), .object(let es):
            return "{" + es.keys.sorted().map { "\($0) = \(es[$0]!.debugDescription)" }.joined(separator: ", ") + "}"
        }
    }

    /// A string in HCL's quoted form, with escapes.
    public static func quoted(_ s: String) -> String {
        if !needsEscaping(s) { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "$", "%":
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(format4Hex: scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        // Escape template sequences so the rendering parses back to the same string.
        out = out.replacingTemplateIntroducers()
        return out + "\""
    }

    /// Whether `quoted` has to change anything inside the quotes (the common case is no).
    private static func needsEscaping(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for byte in s.utf8 {
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "$") || previous == UInt8(ascii: "%") { return true }
            previous = byte
        }
        return false
    }
}

extension String {
    init(format4Hex value: UInt32) {
        let hex = String(value, radix: 16)
        self = String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
    }

    func replacingTemplateIntroducers() -> String {
        guard containsTemplateIntroducer else { return self }
        var out = ""
        var previous: Character? = nil
        for ch in self {
            if ch == "{", previous == "$" || previous == "%" { out.append(previous!) }
            out.append(ch)
            previous = ch
        }
        return out
    }

    /// Whether `${` or `%{` occurs; a byte scan, as this runs for every rendered string.
    private var containsTemplateIntroducer: Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "$") || previous == UInt8(ascii: "%") { return true }
            previous = byte
        }
        return false
    }
}
