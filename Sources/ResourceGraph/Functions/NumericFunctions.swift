import Foundation

extension FunctionLibrary {
    static let numericFunctions: [String: Function] = [
        "abs": numberToNumber { $0 < .zero ? -$0 : $0 },
        "ceil": numberToNumber { $0.ceil() },
        "floor": numberToNumber { $0.floor() },
        "signum": numberToNumber { Number($0 < .zero ? -1 : ($0 == .zero ? 0 : 1)) },
        // log and pow are computed in binary floating point, as Go's math package does for
        // Terraform, so results such as log(50, 10) match digit for digit.
        "log": Function(parameters: [.init("num", .number), .init("base", .number)], returns: .number) { args in
            let result = Foundation.log(args[0].numberValue!.doubleValue) / Foundation.log(args[1].numberValue!.doubleValue)
            return .number(try finite(result))
        },
        "pow": Function(parameters: [.init("num", .number), .init("power", .number)], returns: .number) { args in
            .number(try finite(Foundation.pow(args[0].numberValue!.doubleValue, args[1].numberValue!.doubleValue)))
        },
        "max": extreme { $0 > $1 },
        "min": extreme { $0 < $1 },
        "parseint": Function(parameters: [.init("number", .dynamic), .init("base", .number)], returns: .number) { args in
            guard let text = args[0].stringValue else {
                throw FunctionError("first argument must be a string, not \(args[0].type.friendlyName)", argument: 0)
            }
            guard let base = args[1].numberValue?.intValue, (2...62).contains(base) else {
                throw FunctionError("base must be a whole number between 2 and 62 inclusive", argument: 1)
            }
            guard let number = parseInteger(text, base: base) else {
                throw FunctionError("cannot parse \(Value.quoted(text)) as a base \(base) integer", argument: 0)
            }
            return .number(number)
        },
    ]

    private static func numberToNumber(_ transform: @escaping @Sendable (Number) -> Number) -> Function {
        Function(parameters: [.init("num", .number)], returns: .number) { args in .number(transform(args[0].numberValue!)) }
    }

    private static func extreme(_ better: @escaping @Sendable (Number, Number) -> Bool) -> Function {
        Function(parameters: [], variadic: .init("numbers", .number), returns: .number) { args in
            guard var best = args.first?.numberValue else { throw FunctionError("must pass at least one number") }
            for number in args.dropFirst().compactMap(\.numberValue) where better(number, best) { best = number }
            return .number(best)
        }
    }

    private static func finite(_ result: Double) throws -> Number {
        guard let number = Number(result) else { throw FunctionError("the result is not a finite number") }
        return number
    }

    /// Digits as Go's `big.Int.SetString` reads them: an optional sign, then digits where bases
    /// up to 36 take letters in either case and larger bases take lowercase before uppercase.
    static func parseInteger(_ text: String, base: Int) -> Number? {
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        guard !scalars.isEmpty else { return nil }
        var value = Decimal(0)
        for scalar in scalars {
            guard let digit = digitValue(scalar, base: base), digit < base else { return nil }
            value = value * Decimal(base) + Decimal(digit)
        }
        return Number(negative ? -value : value)
    }

    private static func digitValue(_ scalar: Unicode.Scalar, base: Int) -> Int? {
        switch scalar {
        case "0"..."9": return Int(scalar.value - 48)
        case "a"..."z": return Int(scalar.value - 97) + 10
        case "A"..."Z": return Int(scalar.value - 65) + (base <= 36 ? 10 : 36)
        default: return nil
        }
    }
}
