import Foundation
import ResourceGraph

/// JSON written byte for byte as Go's `encoding/json` writes it, for attributes whose text users
/// compare with what the Terraform AWS provider produces (policy documents): struct fields in
/// declaration order, map keys sorted by their bytes, `<`, `>`, `&`, U+2028 and U+2029 escaped,
/// floats in Go's shortest form, and `MarshalIndent`'s layout with empty arrays and objects kept
/// on one line.
indirect enum GoJSON: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([GoJSON])
    /// Members in the order given: a Go struct's fields, or a map's keys once sorted.
    case object([Member])

    struct Member: Equatable {
        var key: String
        var value: GoJSON
    }

    /// A Go map: its keys sorted as Go sorts strings (by their UTF-8 bytes).
    static func map(_ entries: [String: GoJSON]) -> GoJSON {
        .object(entries.keys.sorted(by: goLess).map { Member(key: $0, value: entries[$0]!) })
    }

    static func goLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// A parsed JSON value as Go holds it in an `interface{}`: objects become maps, numbers
    /// float64.
    init(_ value: Value) {
        switch value.kind {
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(NSDecimalNumber(decimal: n.decimal).doubleValue)
        case .string(let s): self = .string(s)
        case .list(let elements, _), .set(let elements, _), .tuple(let elements): self = .array(elements.map(GoJSON.init))
        case .map(let entries, _), .object(let entries): self = GoJSON.map(entries.mapValues(GoJSON.init))
        case .null, .unknown: self = .null
        }
    }

    /// `json.Marshal`.
    var compact: String {
        var out = ""
        write(into: &out, indent: nil, depth: 0)
        return out
    }

    /// `json.MarshalIndent(v, "", "  ")`.
    var indented: String {
        var out = ""
        write(into: &out, indent: "  ", depth: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, depth: Int) {
        func newline(_ level: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: indent, count: level)
        }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += Self.formatFloat(d)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(depth + 1)
                element.write(into: &out, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                newline(depth + 1)
                Self.writeString(member.key, into: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(into: &out, indent: indent, depth: depth + 1)
            }
            newline(depth)
            out += "}"
        }
    }

    /// A string as Go quotes it with HTML escaping on (the default of `json.Marshal`).
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A float64 as `encoding/json` writes it: the shortest digits that read back the same, in
    /// plain notation unless the magnitude is below 1e-6 or at least 1e21, where it uses an
    /// exponent without a leading zero (`1e-7`, `1e+21`).
    static func formatFloat(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        // Swift's description has the shortest round-trip digits; only the layout differs.
        let text = "\(magnitude)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = String(mantissa[0])
        let fraction = mantissa.count == 2 ? String(mantissa[1]) : ""
        var digits = Array(integer + fraction)
        var point = integer.count + exponent
        while digits.first == "0" && digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        let significand = String(digits)

        if magnitude < 1e-6 || magnitude >= 1e21 {
            let power = point - 1
            var body = String(significand.prefix(1))
            if significand.count > 1 { body += "." + significand.dropFirst() }
            let powerDigits = String(abs(power))
            // Go writes at least two exponent digits and then drops a leading zero of a
            // negative one: e+21, e-7.
            let exponentText = power < 0 ? powerDigits : (powerDigits.count < 2 ? "0" + powerDigits : powerDigits)
            return sign + body + "e" + (power < 0 ? "-" : "+") + exponentText
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + significand
        }
        if point >= significand.count {
            return sign + significand + String(repeating: "0", count: point - significand.count)
        }
        return sign + String(significand.prefix(point)) + "." + String(significand.dropFirst(point))
    }
}
