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
        if value.isSensitive { return sensitivePlaceholder }
        let pad = String.spaces(indent)
        let entryPrefix: String
        let nestedIndent: Int
        switch style {
        case .plain:
            entryPrefix = pad + "  "
            nestedIndent = indent + 2
        case .plan(let marker):
            entryPrefix = pad + "  " + (marker ?? " ") + " "
            nestedIndent = indent + 4
        }
        switch value.kind {
        case .unknown: return "(known after apply)"
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        case .string(let s): return renderString(s, indent: indent)
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            if elements.isEmpty { return "[]" }
            var out = "[\n"
            for element in elements {
                out.append(entryPrefix)
                out.append(render(element, indent: nestedIndent, style: style))
                out.append(",\n")
            }
            out.append(pad)
            out.append("]")
            return out
        case .map(let entries, _), .object(let entries):
            if entries.isEmpty { return "{}" }
            let keys = entries.keys.sorted()
            let isMap: Bool = { if case .map = value.kind { return true }; return false }()
            let labels = keys.map { isMap || !Self.isIdentifier($0) ? Value.quoted($0) : $0 }
            let width = labels.map(\.count).max() ?? 0
            var out = "{\n"
            for (key, label) in zip(keys, labels) {
                out.append(entryPrefix)
                out.append(label.padding(toLength: width))
                out.append(" = ")
                out.append(render(entries[key]!, indent: nestedIndent, style: style))
                out.append("\n")
            }
            out.append(pad)
            out.append("}")
            return out
        }
    }

    /// Multi-line strings as heredocs, as Terraform shows them.
    private func renderString(_ s: String, indent: Int) -> String {
        guard s.utf8.last == UInt8(ascii: "\n") else { return Value.quoted(s) }
        let pad = String.spaces(indent)
        var out = "<<-EOT\n"
        for line in s.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            out += pad + "    " + line + "\n"
        }
        return out + pad + "EOT"
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
