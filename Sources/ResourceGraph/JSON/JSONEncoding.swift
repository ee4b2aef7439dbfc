/// Encodes values as JSON the way Terraform's `jsonencode` does: object keys sorted, no
/// insignificant whitespace, and `<`, `>`, `&`, U+2028 and U+2029 escaped as Go's encoder
/// escapes them, so results are byte-for-byte what Terraform users expect.
public enum JSONEncoding {
    public struct UnknownValueError: Error {}

    /// Fails only for unknown values, which have no JSON form.
    public static func encode(_ value: Value, pretty: Bool = false) throws(UnknownValueError) -> String {
        var out = ""
        try write(value, into: &out, pretty: pretty, indent: 0)
        return out
    }

    static func write(_ value: Value, into out: inout String, pretty: Bool, indent: Int) throws(UnknownValueError) {
        switch value.kind {
        case .unknown: throw UnknownValueError()
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.description
        case .string(let s): writeString(s, into: &out)
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                try write(element, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "]"
        case .map(let entries, _), .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in entries.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(&out, indent + 1) }
                writeString(key, into: &out)
                out += pretty ? ": " : ":"
                try write(entries[key]!, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out += "\n" + String(repeating: "  ", count: indent)
    }

    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(format4Hex: scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
