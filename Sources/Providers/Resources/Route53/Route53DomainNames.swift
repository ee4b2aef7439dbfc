/// Domain names as the Terraform AWS provider normalises them for Route 53, so that names in
/// state compare equal whichever way the configuration or AWS spells them.
enum Route53DomainNames {
    /// A name as Route 53's API represents it: letters lower-cased, and every character outside
    /// `[0-9a-z._-]` written as a backslash and a three-digit octal code, except a leading `*`
    /// label and escapes that are already there.
    static func apiRepresentation(_ input: String) -> String {
        let scalars = Array(input.unicodeScalars)
        var output = ""
        var index = 0
        func isOctalDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "7" }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "A"..."Z":
                output.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            case "0"..."9", "a"..."z", "-", ".", "_":
                output.unicodeScalars.append(scalar)
            case "*" where output.isEmpty && index + 1 < scalars.count && scalars[index + 1] == ".":
                output.unicodeScalars.append(scalar)
            case "\\" where index + 3 < scalars.count && scalars[(index + 1)...(index + 3)].allSatisfy(isOctalDigit):
                output.unicodeScalars.append(contentsOf: scalars[index...(index + 3)])
                index += 3
            default:
                output += octalEscape(scalar)
            }
            index += 1
        }
        return output
    }

    /// `\052` for `*`: at least three octal digits, as Go's `%03o` writes them.
    private static func octalEscape(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 8)
        return "\\" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// A zone or record name without its trailing dot, in API representation; `.` stays `.`.
    static func normalized(_ name: String) -> String {
        if name == "." { return name }
        return apiRepresentation(trimmingTrailingDot(name))
    }

    /// An alias target's name: as `normalized`, but the root `.` too loses its dot.
    static func normalizedAlias(_ name: String) -> String {
        apiRepresentation(trimmingTrailingDot(name))
    }

    static func trimmingTrailingDot(_ name: String) -> String {
        name.hasSuffix(".") ? String(name.dropLast()) : name
    }

    /// The name with one trailing dot.
    static func fullyQualified(_ name: String) -> String {
        name.isEmpty || name.hasSuffix(".") ? name : name + "."
    }

    /// A record's full name: the configured name, normalised, with the zone's name appended
    /// unless it already ends with it (the provider's test, which is a plain suffix test).
    static func recordName(_ name: String, zoneName: String) -> String {
        let normalizedName = normalized(name)
        let zone = trimmingTrailingDot(zoneName)
        guard !normalizedName.hasSuffix(zone) else { return normalizedName }
        return name.isEmpty ? zone : normalizedName + "." + zone
    }

    /// A name as Route 53 returns it with its escapes decoded (`\052` is `*`), as Go's
    /// `strconv.Unquote` decodes them; the name itself when it cannot be decoded.
    static func decodingEscapes(_ name: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(name.utf8)
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
        func hex(_ count: Int) -> UInt32? {
            guard index + count < input.count else { return nil }
            var value: UInt32 = 0
            for offset in 1...count {
                guard let digit = hexValue(input[index + offset]) else { return nil }
                value = value * 16 + digit
            }
            index += count
            return value
        }
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") { return name }
            guard byte == UInt8(ascii: "\\") else { bytes.append(byte); index += 1; continue }
            guard index + 1 < input.count else { return name }
            index += 1
            switch input[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard index + 2 < input.count else { return name }
                let digits = input[index...(index + 2)]
                guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else { return name }
                let value = digits.reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
                guard value <= 255 else { return name }
                bytes.append(UInt8(value))
                index += 2
            case UInt8(ascii: "x"):
                guard let value = hex(2) else { return name }
                bytes.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                guard let value = hex(input[index] == UInt8(ascii: "u") ? 4 : 8), let scalar = Unicode.Scalar(value) else { return name }
                bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            case UInt8(ascii: "a"): bytes.append(7)
            case UInt8(ascii: "b"): bytes.append(8)
            case UInt8(ascii: "f"): bytes.append(12)
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "r"): bytes.append(13)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "v"): bytes.append(11)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
            default: return name
            }
            index += 1
        }
        return String(validating: bytes, as: UTF8.self) ?? name
    }
}
