/// The `format` specification language of cty (Terraform's `format` and `formatlist`): printf
/// verbs `%v %#v %t %b %d %o %x %X %e %E %f %g %G %s %q %%`, flags, width, precision and
/// `[n]` argument indexes. Messages and offsets (in bytes) are cty's.
enum StringFormat {
    struct Failure: Error {
        let message: String
    }

    private struct Verb {
        var raw = ""
        var offset = 0
        var argument = 1
        var mode: Character = "v"
        var flags = GoNumberFormatting.Flags()
        var width: Int?
        var precision: Int?
    }

    static func format(_ specification: String, _ arguments: [Value]) throws(Failure) -> String {
        let bytes = Array(specification.utf8)
        var output: [UInt8] = []
        var index = 0
        var nextArgument = 1
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "%") else {
                output.append(bytes[index])
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "%") {
                output.append(UInt8(ascii: "%"))
                index += 2
                continue
            }
            var verb = try parseVerb(bytes, at: &index, nextArgument: nextArgument)
            output += Array(try render(&verb, arguments).utf8)
            nextArgument = verb.argument + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads `%[flags][[n]][width][.precision]letter` starting at the `%`.
    private static func parseVerb(_ bytes: [UInt8], at index: inout Int, nextArgument: Int) throws(Failure) -> Verb {
        var verb = Verb(offset: index, argument: nextArgument)
        let start = index
        index += 1
        func current() throws(Failure) -> UInt8 {
            guard index < bytes.count else { throw Failure(message: "invalid format string starting at offset \(bytes.count)") }
            return bytes[index]
        }
        func unexpected() -> Failure {
            let scalar = String(decoding: bytes[index...].prefix(4), as: UTF8.self).unicodeScalars.first ?? " "
            return Failure(message: "unrecognized format character '\(scalar)' at offset \(index)")
        }
        func number() throws(Failure) -> Int {
            var value = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                value = min(value * 10 + Int(bytes[index] - 48), 1_000_000)
                index += 1
            }
            return value
        }
        flagLoop: while true {
            switch try current() {
            case UInt8(ascii: "0"): verb.flags.zero = true
            case UInt8(ascii: "#"): verb.flags.sharp = true
            case UInt8(ascii: "-"): verb.flags.minus = true
            case UInt8(ascii: "+"): verb.flags.plus = true
            case UInt8(ascii: " "): verb.flags.space = true
            default: break flagLoop
            }
            index += 1
        }
        if try current() == UInt8(ascii: "[") {
            index += 1
            guard (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(try current()) else { throw unexpected() }
            verb.argument = try number()
            guard try current() == UInt8(ascii: "]") else { throw unexpected() }
            index += 1
        }
        if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(try current()) { verb.width = try number() }
        if try current() == UInt8(ascii: ".") {
            index += 1
            verb.precision = try number()
        }
        let letter = try current()
        guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(letter) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(letter) else {
            throw unexpected()
        }
        index += 1
        verb.mode = Character(UnicodeScalar(letter))
        verb.raw = String(decoding: bytes[start..<index], as: UTF8.self)
        return verb
    }

    private static func render(_ verb: inout Verb, _ arguments: [Value]) throws(Failure) -> String {
        guard verb.argument - 1 < arguments.count else {
            throw Failure(message: "not enough arguments for \(Value.quoted(verb.raw)) at \(verb.offset): need index \(verb.argument) but have \(arguments.count) total")
        }
        let argument = arguments[verb.argument - 1]
        if verb.mode != "v", argument.isNull {
            throw unsupported(verb, "null value cannot be formatted")
        }
        switch verb.mode {
        case "v":
            return try renderAsIs(verb, argument)
        case "t":
            return try converted(argument, to: .bool, for: verb).boolValue! ? "true" : "false"
        case "b", "d", "o", "x", "X":
            let number = try converted(argument, to: .number, for: verb).numberValue!
            guard number.isInteger else { throw unsupported(verb, "an integer is required") }
            guard let text = GoNumberFormatting.integer(number, verb: verb.mode, precision: verb.precision, width: verb.width, flags: verb.flags) else {
                throw unsupported(verb, "the integer is too large to format")
            }
            return text
        case "e", "E", "f", "g", "G":
            let number = try converted(argument, to: .number, for: verb).numberValue!
            return GoNumberFormatting.float(number, verb: verb.mode, precision: verb.precision, width: verb.width, flags: verb.flags)
        case "s", "q":
            var text = try converted(argument, to: .string, for: verb).stringValue!
            // Precision limits the characters taken from the string, before quoting.
            if let precision = verb.precision, precision > 0 { text = String(text.prefix(precision)) }
            if verb.mode == "q" { text = json(.string(text)) }
            return pad(text, verb)
        default:
            throw Failure(message: "unsupported format verb '\(verb.mode)' in \(Value.quoted(verb.raw)) at offset \(verb.offset)")
        }
    }

    /// `%v`: strings as they are, numbers in shortest `%g` form, everything else as JSON.
    private static func renderAsIs(_ verb: Verb, _ argument: Value) throws(Failure) -> String {
        if !verb.flags.sharp {
            switch argument.kind {
            case .string(let s): return pad(s, verb)
            case .number(let n):
                return pad(GoNumberFormatting.float(n, verb: "g", precision: nil, width: nil, flags: .init()), verb)
            default: break
            }
        }
        return pad(json(argument), verb)
    }

    private static func json(_ value: Value) -> String {
        // Arguments reach `format` wholly known, the only thing JSON encoding can fail on.
        (try? JSONEncoding.encode(value)) ?? "null"
    }

    private static func converted(_ value: Value, to type: ValueType, for verb: Verb) throws(Failure) -> Value {
        do {
            return try value.converted(to: type)
        } catch {
            throw unsupported(verb, error.message)
        }
    }

    private static func unsupported(_ verb: Verb, _ reason: String) -> Failure {
        Failure(message: "unsupported value for \(Value.quoted(verb.raw)) at \(verb.offset): \(reason)")
    }

    /// Width in characters (grapheme clusters), padded with spaces or zeros, left or right.
    private static func pad(_ text: String, _ verb: Verb) -> String {
        guard let width = verb.width, text.count < width else { return text }
        let padding = String(repeating: verb.flags.zero ? "0" : " ", count: width - text.count)
        return verb.flags.minus ? text + padding : padding + text
    }
}
