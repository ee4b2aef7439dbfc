import ResourceGraph

/// Renders values the way plans and outputs show them: HCL-like, keys sorted, sensitive parts
/// as `(sensitive value)` and unknown parts as `(known after apply)`.
struct ValueRenderer {
    /// Shown instead of any sensitive value.
    var sensitivePlaceholder = "(sensitive value)"

    /// How nested lines are laid out.
    enum Style {
        /// As `prov output` shows values: nested lines indented by two.
        case plain
        /// As plans show them: every nested line has a two-character marker slot ("+ ", "- ",
        /// or blanks) before its content, and nesting steps by four.
        case plan(marker: String?)
    }

    /// Renders a value whose first line is already written; `indent` is the column where that
    /// line's name starts, so nested lines and the closing bracket line up under it.
    func render(_ value: Value, indent: Int = 0, style: Style = .plain) -> String {
        var out = ""
        write(value, into: &out, indent: indent, style: style)
        return out
    }

    /// `render`, appended to `out`: plans of thousands of resources are mostly values, so no
    /// value builds a string of its own.
    func write(_ value: Value, into out: inout String, indent: Int = 0, style: Style = .plain) {
        if value.isSensitive { return out.append(sensitivePlaceholder) }
        switch value.kind {
        case .unknown: out.append("(known after apply)")
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let n): out.append(n.description)
        case .string(let s): writeString(s, into: &out, indent: indent)
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            if elements.isEmpty { return out.append("[]") }
            let (entryPrefix, nestedIndent) = nesting(indent: indent, style: style)
            out.append("[\n")
            for element in elements {
                out.append(entryPrefix)
                write(element, into: &out, indent: nestedIndent, style: style)
                out.append(",\n")
            }
            out.append(String.spaces(indent))
            out.append("]")
        case .map(let entries, _), .object(let entries):
            if entries.isEmpty { return out.append("{}") }
            let (entryPrefix, nestedIndent) = nesting(indent: indent, style: style)
            let keys = entries.keys.sorted()
            let isMap: Bool = { if case .map = value.kind { return true }; return false }()
            let labels = keys.map { isMap || !Self.isIdentifier($0) ? Value.quoted($0) : $0 }
            let width = labels.map(\.count).max() ?? 0
            out.append("{\n")
            for (key, label) in zip(keys, labels) {
                out.append(entryPrefix)
                out.append(label)
                out.append(String.spaces(width - label.count))
                out.append(" = ")
                write(entries[key]!, into: &out, indent: nestedIndent, style: style)
                out.append("\n")
            }
            out.append(String.spaces(indent))
            out.append("}")
        }
    }

    /// What starts each nested line of a collection at `indent`, and the indent of its values.
    private func nesting(indent: Int, style: Style) -> (entryPrefix: String, nestedIndent: Int) {
        switch style {
        case .plain: return (String.spaces(indent + 2), indent + 2)
        case .plan(let marker): return (String.spaces(indent + 2) + (marker ?? " ") + " ", indent + 4)
        }
    }

    /// Multi-line strings as heredocs, as Terraform shows them.
    private func writeString(_ s: String, into out: inout String, indent: Int) {
        guard s.utf8.last == UInt8(ascii: "\n") else { return out.append(Value.quoted(s)) }
        let pad = String.spaces(indent)
        out.append("<<-EOT\n")
        for line in s.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(pad)
            out.append("    ")
            out.append(contentsOf: line)
            out.append("\n")
        }
        out.append(pad)
        out.append("EOT")
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        let count = self.count
        return count >= length ? self : self + .spaces(length - count)
    }

    /// `n` spaces; the common widths are built once, as plans indent every line.
    static func spaces(_ n: Int) -> String {
        n < commonSpaces.count ? commonSpaces[n] : String(repeating: " ", count: n)
    }

    private static let commonSpaces = (0..<64).map { String(repeating: " ", count: $0) }
}
