/// A variable's `type`: Terraform's type constraint language, including `any` and object
/// attributes marked `optional(type, default)`.
public indirect enum TypeConstraint: Sendable, CustomStringConvertible {
    case any
    case bool, number, string
    case list(TypeConstraint), set(TypeConstraint), map(TypeConstraint)
    case tuple([TypeConstraint])
    case object([String: ObjectAttribute])

    public struct ObjectAttribute: Sendable {
        public var type: TypeConstraint
        public var isOptional: Bool
        public var defaultValue: Value?
    }

    /// The type with `any` as `dynamic` and optional attributes as plain ones.
    public var valueType: ValueType {
        switch self {
        case .any: return .dynamic
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .list(let e): return .list(e.valueType)
        case .set(let e): return .set(e.valueType)
        case .map(let e): return .map(e.valueType)
        case .tuple(let es): return .tuple(es.map(\.valueType))
        case .object(let attrs): return .object(attrs.mapValues(\.type.valueType))
        }
    }

    public var description: String {
        switch self {
        case .any: return "any"
        case .list(let e): return "list(\(e))"
        case .set(let e): return "set(\(e))"
        case .map(let e): return "map(\(e))"
        case .tuple(let es): return "tuple([\(es.map(\.description).joined(separator: ", "))])"
        case .object(let attrs):
            let parts = attrs.keys.sorted().map { key -> String in
                let a = attrs[key]!
                return a.isOptional ? "\(key)=optional(\(a.type))" : "\(key)=\(a.type)"
            }
            return "object({\(parts.joined(separator: ", "))})"
        default: return valueType.description
        }
    }

    /// Converts a value to this constraint, filling in optional attributes' defaults.
    public func convert(_ value: Value) throws(ConversionError) -> Value {
        guard value.isKnown, !value.isNull else { return try value.converted(to: valueType) }
        switch self {
        case .list(let element), .set(let element):
            guard let items = value.elements else { return try value.converted(to: valueType) }
            var converted: [Value] = []
            for (i, item) in items.enumerated() {
                do { converted.append(try element.convert(item)) } catch { throw error.nested(in: "[\(i)]") }
            }
            let elementType = ValueType.unify(converted.map(\.type)) ?? element.valueType
            let result = try Value.tuple(converted).converted(to: isSet ? .set(elementType) : .list(elementType))
            return result.markedSensitive(value.isSensitive)
        case .map(let element):
            guard let entries = value.attributes else { return try value.converted(to: valueType) }
            var converted: [String: Value] = [:]
            for key in entries.keys.sorted() {
                do { converted[key] = try element.convert(entries[key]!) } catch { throw error.nested(in: "[\(Value.quoted(key))]") }
            }
            let elementType = ValueType.unify(converted.values.map(\.type)) ?? element.valueType
            return try Value.object(converted).converted(to: .map(elementType)).markedSensitive(value.isSensitive)
        case .tuple(let elements):
            guard let items = value.elements, items.count == elements.count else { return try value.converted(to: valueType) }
            var converted: [Value] = []
            for (i, (item, t)) in zip(items, elements).enumerated() {
                do { converted.append(try t.convert(item)) } catch { throw error.nested(in: "[\(i)]") }
            }
            return Value.tuple(converted).markedSensitive(value.isSensitive)
        case .object(let attributes):
            guard let entries = value.attributes else { return try value.converted(to: valueType) }
            var converted: [String: Value] = [:]
            for (name, attribute) in attributes {
                if let present = entries[name], !(present.isNull && attribute.isOptional) {
                    do { converted[name] = try attribute.type.convert(present) } catch { throw error.nested(in: ".\(name)") }
                } else if attribute.isOptional {
                    let fallback = attribute.defaultValue ?? .null
                    do { converted[name] = try attribute.type.convert(fallback) } catch { throw error.nested(in: ".\(name)") }
                } else {
                    throw ConversionError("attribute \(Value.quoted(name)) is required")
                }
            }
            return Value.object(converted).markedSensitive(value.isSensitive)
        default:
            return try value.converted(to: valueType)
        }
    }

    private var isSet: Bool {
        if case .set = self { return true }
        return false
    }

    /// Reads a type expression such as `map(object({ name = string, size = optional(number, 1) }))`.
    public static func parse(_ expression: Expression) -> Result<TypeConstraint, Diagnostic> {
        parse(expression, allowOptional: false)
    }

    private static func parse(_ expression: Expression, allowOptional: Bool) -> Result<TypeConstraint, Diagnostic> {
        func invalid(_ detail: String, _ range: SourceRange? = nil) -> Result<TypeConstraint, Diagnostic> {
            .failure(.error("Invalid type specification", detail, at: range ?? expression.range))
        }
        switch expression.node {
        case .traversal(let t) where t.steps.isEmpty:
            switch t.root {
            case "any": return .success(.any)
            case "bool": return .success(.bool)
            case "number": return .success(.number)
            case "string": return .success(.string)
            case "list", "set", "map", "tuple", "object":
                return invalid("The \(t.root) type constructor requires one argument specifying the element type.")
            default:
                return invalid("The keyword \"\(t.root)\" is not a valid type specification.")
            }
        case .functionCall(let call):
            let name = call.name
            guard ["list", "set", "map", "tuple", "object", "optional"].contains(name) else {
                return invalid("Keyword \"\(name)\" is not a valid type constructor.", call.nameRange)
            }
            if name == "optional" {
                return invalid("Keyword \"optional\" is valid only as a modifier for object type attributes.", call.nameRange)
            }
            guard call.arguments.count == 1 else {
                return invalid("The \(name) type constructor requires one argument specifying the element type.", call.nameRange)
            }
            let argument = call.arguments[0]
            switch name {
            case "list", "set", "map":
                return parse(argument, allowOptional: false).map { element in
                    name == "list" ? .list(element) : name == "set" ? .set(element) : .map(element)
                }
            case "tuple":
                guard case .tuple(let elements) = argument.node else {
                    return invalid("The tuple type constructor requires a list of element types.", argument.range)
                }
                var types: [TypeConstraint] = []
                for element in elements {
                    switch parse(element, allowOptional: false) {
                    case .success(let t): types.append(t)
                    case .failure(let d): return .failure(d)
                    }
                }
                return .success(.tuple(types))
            default:
                guard case .object(let items) = argument.node else {
                    return invalid("The object type constructor requires an object of attribute types.", argument.range)
                }
                var attributes: [String: ObjectAttribute] = [:]
                for item in items {
                    guard case .name(let key, _) = item.key else {
                        return invalid("Object type attribute names must be identifiers.", item.key.range)
                    }
                    switch parseAttribute(item.value) {
                    case .success(let a): attributes[key] = a
                    case .failure(let d): return .failure(d)
                    }
                }
                return .success(.object(attributes))
            }
        default:
            return invalid("A type specification is either a primitive type keyword (bool, number, string), \"any\", or a complex type constructor call, like list(string).")
        }
    }

    private static func parseAttribute(_ expression: Expression) -> Result<ObjectAttribute, Diagnostic> {
        guard case .functionCall(let call) = expression.node, call.name == "optional" else {
            return parse(expression, allowOptional: false).map { ObjectAttribute(type: $0, isOptional: false, defaultValue: nil) }
        }
        guard (1...2).contains(call.arguments.count) else {
            return .failure(.error("Invalid type specification", "Keyword \"optional\" takes the attribute type and, optionally, a default value.", at: expression.range))
        }
        let type: TypeConstraint
        switch parse(call.arguments[0], allowOptional: false) {
        case .success(let t): type = t
        case .failure(let d): return .failure(d)
        }
        var defaultValue: Value? = nil
        if call.arguments.count == 2 {
            let (value, diagnostics) = Evaluator.evaluate(call.arguments[1], in: EvaluationContext())
            if let first = diagnostics.errors.first { return .failure(first) }
            do {
                defaultValue = try type.convert(value)
            } catch {
                return .failure(.error("Invalid default value for optional attribute", "\(error.description).", at: call.arguments[1].range))
            }
        }
        return .success(ObjectAttribute(type: type, isOptional: true, defaultValue: defaultValue))
    }
}
