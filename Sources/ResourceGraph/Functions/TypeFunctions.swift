extension FunctionLibrary {
    /// Explicit conversions and the sensitivity functions. Terraform's console-only `type()`
    /// is not here: its result is a type, which no `Value` can hold.
    static let typeFunctions: [String: Function] = [
        "tobool": conversion(to: .bool),
        "tonumber": conversion(to: .number),
        "tostring": conversion(to: .string),
        "tolist": conversion(to: .list(.dynamic)),
        "toset": conversion(to: .set(.dynamic)),
        "tomap": conversion(to: .map(.dynamic)),
        "sensitive": Function(
            parameters: [.init("value", .dynamic, allowNull: true, allowUnknown: true)], returnType: { $0[0] },
            handlesSensitiveMarks: true
        ) { args in
            args[0].markedSensitive()
        },
        // Like Terraform, only the mark on the value itself is removed: sensitive values nested
        // inside stay sensitive. A value that is not sensitive passes through unchanged.
        "nonsensitive": Function(
            parameters: [.init("value", .dynamic, allowNull: true, allowUnknown: true)], returnType: { $0[0] },
            handlesSensitiveMarks: true
        ) { args in
            var value = args[0]
            value.isSensitive = false
            return value
        },
        "issensitive": Function(
            parameters: [.init("value", .dynamic, allowNull: true, allowUnknown: true)], returns: .bool,
            handlesSensitiveMarks: true
        ) { args in
            // An unknown value may yet turn out to be sensitive.
            if args[0].isSensitive { return .true }
            return args[0].isKnown ? .false : .unknown(.bool)
        },
    ]

    private static func conversion(to target: ValueType) -> Function {
        Function(
            parameters: [.init("v", .dynamic, allowNull: true, allowUnknown: true)],
            returnType: { types in convertedType(types[0], to: target) }
        ) { args in
            let value = args[0]
            if !value.isKnown { return .unknown(convertedType(value.type, to: target)) }
            do {
                return try value.converted(to: target)
            } catch {
                throw FunctionError(conversionFailure(value, to: target), argument: 0)
            }
        }
    }

    /// The type a value of `type` has after conversion to `target`, where `target` may leave
    /// the element type open.
    private static func convertedType(_ type: ValueType, to target: ValueType) -> ValueType {
        guard target.elementType == .dynamic else { return target }
        let elements: [ValueType]
        switch type {
        case .list(let element), .set(let element), .map(let element): elements = [element]
        case .tuple(let types): elements = types
        case .object(let attributes): elements = Array(attributes.values)
        default: return target
        }
        let element = ValueType.unify(elements) ?? .dynamic
        switch target {
        case .list: return .list(element)
        case .set: return .set(element)
        default: return .map(element)
        }
    }

    private static func conversionFailure(_ value: Value, to target: ValueType) -> String {
        switch (value.kind, target) {
        case (.string(let s), .bool):
            return "cannot convert \(Value.quoted(s)) to bool: only the strings \"true\" or \"false\" are allowed"
        case (.string(let s), .number):
            return "cannot convert \(Value.quoted(s)) to number: string must be a decimal representation of a number"
        default:
            return "cannot convert \(value.type.ctyFriendlyName) to \(target.ctyConstraintName)"
        }
    }
}
