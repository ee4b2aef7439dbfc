import ResourceGraph

/// JSON documents seen through an API's types, as the AWS provider sees the JSON arguments it
/// decodes into SDK structures (ECS container definitions, ECR lifecycle policies): keys match
/// members case-insensitively, unknown keys are dropped, and an absent member reads as its
/// type's empty value. Two documents that project to the same value mean the same to AWS.
indirect enum TypedJSON: Sendable {
    /// A string member (a pointer in the SDK: absent is null).
    case string
    /// An enumeration (a value type in the SDK: absent is "").
    case enumeration
    /// A plain `Integer` (a value type in the SDK: absent is 0).
    case integer
    /// A `BoxedInteger` (absent is null).
    case boxedInteger
    /// A `BoxedBoolean` (absent is null).
    case boxedBoolean
    case stringList
    case integerList
    case stringMap
    case structure(Shape)
    case structureList(Shape)

    /// The members of a structure, by their wire names.
    struct Shape: Sendable {
        let members: [String: TypedJSON]

        init(_ members: [String: TypedJSON]) { self.members = members }

        /// The member a JSON key names: the exact name, else one that differs only in case.
        func member(named key: String) -> String? {
            if members[key] != nil { return key }
            let folded = key.lowercased()
            return members.keys.first { $0.lowercased() == folded }
        }
    }

    struct DecodingError: Error, CustomStringConvertible {
        let path: String
        let expected: String
        var description: String { "\(path.isEmpty ? "the document" : path) must be \(expected)" }
    }

    /// The value a member has when the document leaves it out.
    var absent: Value {
        switch self {
        case .enumeration: return .string("")
        case .integer: return .number(0)
        default: return .null
        }
    }

    /// The document projected onto this type: every member present, absent ones at their
    /// empty value, unknown keys gone.
    func project(_ value: Value, path: String = "") throws(DecodingError) -> Value {
        if value.isNull { return absent }
        switch self {
        case .string, .enumeration:
            guard let text = value.stringValue else { throw DecodingError(path: path, expected: "a string") }
            return .string(text)
        case .integer, .boxedInteger:
            guard let number = value.numberValue, number.isInteger, let int = number.intValue, abs(int) <= Int(Int32.max) else {
                throw DecodingError(path: path, expected: "a whole number")
            }
            return .number(int)
        case .boxedBoolean:
            guard let flag = value.boolValue else { throw DecodingError(path: path, expected: "true or false") }
            return .bool(flag)
        case .stringList:
            return .tuple(try Self.elements(of: value, path: path).enumerated().map { i, element throws(DecodingError) in
                try TypedJSON.enumeration.project(element, path: "\(path)[\(i)]")
            })
        case .integerList:
            return .tuple(try Self.elements(of: value, path: path).enumerated().map { i, element throws(DecodingError) in
                try TypedJSON.integer.project(element, path: "\(path)[\(i)]")
            })
        case .stringMap:
            guard case .object(let entries) = value.kind else { throw DecodingError(path: path, expected: "an object of strings") }
            var result: [String: Value] = [:]
            for (key, entry) in entries { result[key] = try TypedJSON.enumeration.project(entry, path: "\(path).\(key)") }
            return .object(result)
        case .structure(let shape):
            return try shape.project(value, path: path)
        case .structureList(let shape):
            return .tuple(try Self.elements(of: value, path: path).enumerated().map { i, element throws(DecodingError) in
                try shape.project(element, path: "\(path)[\(i)]", nullAsEmpty: true)
            })
        }
    }

    private static func elements(of value: Value, path: String) throws(DecodingError) -> [Value] {
        guard case .tuple(let elements) = value.kind else { throw DecodingError(path: path, expected: "an array") }
        return elements
    }

    /// The projected value as the SDK would send it: null members and value-type members at
    /// their empty value left out.
    func serialized(_ projected: Value) -> Value? {
        switch self {
        case .enumeration where projected.stringValue == "", .integer where projected.numberValue == .zero:
            return nil
        case .structure(let shape):
            return projected.isNull ? nil : shape.serialized(projected)
        case .structureList(let shape):
            guard let elements = projected.elements else { return nil }
            return .tuple(elements.map { shape.serialized($0) })
        default:
            return projected.isNull ? nil : projected
        }
    }

    /// Whether a projected value is its type's empty value (Go's zero value).
    static func isZero(_ value: Value) -> Bool {
        switch value.kind {
        case .null: return true
        case .string(let text): return text.isEmpty
        case .number(let number): return number == .zero
        case .object(let members): return members.values.allSatisfy(isZero)
        default: return false
        }
    }
}

extension TypedJSON.Shape {
    func project(_ value: Value, path: String = "", nullAsEmpty: Bool = false) throws(TypedJSON.DecodingError) -> Value {
        if value.isNull && !nullAsEmpty { return .null }
        var result = members.mapValues(\.absent)
        if value.isNull { return .object(result) }
        guard case .object(let entries) = value.kind else { throw TypedJSON.DecodingError(path: path, expected: "an object") }
        for key in entries.keys.sorted() {
            guard let name = member(named: key), let type = members[name] else { continue }
            result[name] = try type.project(entries[key]!, path: path.isEmpty ? name : "\(path).\(name)")
        }
        return .object(result)
    }

    func serialized(_ projected: Value) -> Value {
        var result: [String: Value] = [:]
        for (name, type) in members {
            if let member = projected[attribute: name], let value = type.serialized(member) { result[name] = value }
        }
        return .object(result)
    }
}
