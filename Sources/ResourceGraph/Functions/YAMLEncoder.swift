/// Encodes values as YAML exactly as Terraform's `yamlencode` does. Terraform emits through
/// go-cty-yaml, a port of libyaml's emitter, so this follows that emitter's decisions: block
/// style with two-space indentation, sequences inside mappings not indented, empty collections
/// in flow style, every string double-quoted unless it spans lines (then a literal block, when
/// the emitter allows one), long double-quoted strings folded at 80 columns, and "..." after a
/// document that is a single plain scalar.
struct YAMLEncoder {
    struct UnknownValue: Error {}

    private var output = String.UnicodeScalarView()
    /// In code points since the last line break, as libyaml counts.
    private var column = 0
    private var indent = -1
    private var indents: [Int] = []
    /// Whether the last thing written was whitespace, and whether only indentation has been
    /// written on the current line.
    private var whitespace = true
    private var indention = true
    private var openEnded = false
    private let bestIndent = 2
    private let bestWidth = 80

    static func encode(_ value: Value) throws(UnknownValue) -> String {
        var encoder = YAMLEncoder()
        try encoder.emitNode(value, root: true, mapping: false, simpleKey: false)
        encoder.writeIndent()
        if encoder.openEnded {
            encoder.writeIndicator("...", needWhitespace: true, isWhitespace: false, isIndention: false)
            encoder.writeIndent()
        }
        return String(encoder.output)
    }

    // MARK: Nodes

    private mutating func emitNode(_ value: Value, root: Bool, mapping: Bool, simpleKey: Bool) throws(UnknownValue) {
        switch value.kind {
        case .unknown: throw UnknownValue()
        case .null: emitScalar("null", literalRequested: false, plain: true, root: root, simpleKey: simpleKey)
        case .bool(let b): emitScalar(b ? "true" : "false", literalRequested: false, plain: true, root: root, simpleKey: simpleKey)
        case .number(let n): emitScalar(n.description, literalRequested: false, plain: true, root: root, simpleKey: simpleKey)
        case .string(let s): emitScalar(s, literalRequested: s.contains("\n"), plain: false, root: root, simpleKey: simpleKey)
        case .list(let elements, _), .set(let elements, _), .tuple(let elements):
            if elements.isEmpty {
                emitEmptyFlowCollection("[", "]")
            } else {
                try emitBlockSequence(elements, inMapping: mapping)
            }
        case .map(let entries, _), .object(let entries):
            if entries.isEmpty {
                emitEmptyFlowCollection("{", "}")
            } else {
                try emitBlockMapping(entries)
            }
        }
    }

    private mutating func emitBlockSequence(_ elements: [Value], inMapping: Bool) throws(UnknownValue) {
        // A sequence that is a mapping's value starts at the mapping's own indentation.
        increaseIndent(flow: false, indentless: inMapping && !indention)
        for element in elements {
            writeIndent()
            writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
            try emitNode(element, root: false, mapping: false, simpleKey: false)
        }
        indent = indents.removeLast()
    }

    private mutating func emitBlockMapping(_ entries: [String: Value]) throws(UnknownValue) {
        increaseIndent(flow: false, indentless: false)
        for key in entries.keys.sorted(by: String.goOrder) {
            writeIndent()
            let analysis = ScalarAnalysis(key)
            // A key spanning lines or longer than 128 bytes is written as an explicit "? key".
            if !analysis.multiline, key.utf8.count <= 128 {
                try emitNode(.string(key), root: false, mapping: true, simpleKey: true)
                writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                try emitNode(.string(key), root: false, mapping: true, simpleKey: false)
                writeIndent()
                writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
            }
            try emitNode(entries[key]!, root: false, mapping: true, simpleKey: false)
        }
        indent = indents.removeLast()
    }

    private mutating func emitEmptyFlowCollection(_ open: String, _ close: String) {
        writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
        increaseIndent(flow: true, indentless: false)
        indent = indents.removeLast()
        writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    private mutating func emitScalar(_ text: String, literalRequested: Bool, plain: Bool, root: Bool, simpleKey: Bool) {
        let analysis = ScalarAnalysis(text)
        increaseIndent(flow: true, indentless: false)
        if plain {
            writePlain(text, root: root)
        } else if literalRequested, analysis.blockAllowed, !simpleKey {
            writeLiteral(text)
        } else {
            writeDoubleQuoted(text, allowBreaks: !simpleKey)
        }
        indent = indents.removeLast()
    }

    // MARK: Scalars

    private mutating func writePlain(_ text: String, root: Bool) {
        if !whitespace { put(" ") }
        for scalar in text.unicodeScalars { write(scalar) }
        whitespace = false
        indention = false
        if root { openEnded = true }
    }

    private mutating func writeDoubleQuoted(_ text: String, allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        let scalars = Array(text.unicodeScalars)
        let byteCount = text.utf8.count
        var byteOffset = 0
        var spaces = false
        for (index, scalar) in scalars.enumerated() {
            defer { byteOffset += String(scalar).utf8.count }
            if !Self.isPrintable(scalar) || scalar == "\u{FEFF}" || Self.isBreak(scalar) || scalar == "\"" || scalar == "\\" {
                put("\\")
                writeEscape(scalar)
                spaces = false
            } else if scalar == " " {
                // Long lines fold at a single space, never the first or last character; a
                // space after the fold is escaped so it survives.
                if allowBreaks, !spaces, column > bestWidth, byteOffset > 0, byteOffset < byteCount - 1 {
                    writeIndent()
                    if index + 1 < scalars.count, scalars[index + 1] == " " { put("\\") }
                } else {
                    write(scalar)
                }
                spaces = true
            } else {
                write(scalar)
                spaces = false
            }
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeEscape(_ scalar: Unicode.Scalar) {
        let named: [UInt32: Unicode.Scalar] = [
            0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r", 0x1B: "e",
            0x22: "\"", 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
        ]
        if let letter = named[scalar.value] {
            put(letter)
            return
        }
        let (letter, digits): (Unicode.Scalar, Int) = scalar.value <= 0xFF ? ("x", 2) : scalar.value <= 0xFFFF ? ("u", 4) : ("U", 8)
        put(letter)
        let hex = String(scalar.value, radix: 16, uppercase: true)
        for digit in (String(repeating: "0", count: digits - hex.count) + hex).unicodeScalars { put(digit) }
    }

    private mutating func writeLiteral(_ text: String) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(text)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        for scalar in text.unicodeScalars {
            if Self.isBreak(scalar) {
                writeBreak(scalar)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(scalar)
                indention = false
                breaks = false
            }
        }
    }

    /// An indentation digit when the text starts with a space or break, and the chomping
    /// indicator: "-" without a final break, "+" with more than one.
    private mutating func writeBlockScalarHints(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        if let first = scalars.first, first == " " || Self.isBreak(first) {
            writeIndicator(String(bestIndent), needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        var chomp: String?
        if let last = scalars.last, Self.isBreak(last) {
            if scalars.count == 1 || Self.isBreak(scalars[scalars.count - 2]) { chomp = "+" }
        } else {
            chomp = "-"
        }
        if let chomp { writeIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false) }
    }

    // MARK: Output primitives

    private mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? bestIndent : 0
        } else if !indentless {
            indent += bestIndent
        }
    }

    private mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) { putBreak() }
        while column < target { put(" ") }
        whitespace = true
        indention = true
    }

    private mutating func writeIndicator(_ indicator: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(" ") }
        for scalar in indicator.unicodeScalars { write(scalar) }
        whitespace = isWhitespace
        indention = indention && isIndention
        openEnded = false
    }

    private mutating func put(_ scalar: Unicode.Scalar) {
        output.append(scalar)
        column += 1
    }

    private mutating func write(_ scalar: Unicode.Scalar) { put(scalar) }

    private mutating func putBreak() {
        output.append("\n")
        column = 0
    }

    private mutating func writeBreak(_ scalar: Unicode.Scalar) {
        if scalar == "\n" {
            putBreak()
        } else {
            output.append(scalar)
            column = 0
        }
    }

    // MARK: Character classes (libyaml's)

    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// libyaml's printable set, which leaves out everything beyond the Basic Multilingual Plane.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD: return scalar.value != 0xFEFF
        default: return false
        }
    }

    /// The facts about a scalar that decide which styles the emitter may use.
    struct ScalarAnalysis {
        var multiline = false
        var blockAllowed = true

        init(_ text: String) {
            let scalars = Array(text.unicodeScalars)
            guard !scalars.isEmpty else {
                blockAllowed = false
                return
            }
            var previousSpace = false, spaceBreak = false, special = false
            for scalar in scalars {
                if !YAMLEncoder.isPrintable(scalar) { special = true }
                if scalar == " " {
                    previousSpace = true
                } else if YAMLEncoder.isBreak(scalar) {
                    multiline = true
                    if previousSpace { spaceBreak = true }
                    previousSpace = false
                } else {
                    previousSpace = false
                }
            }
            let trailingSpace = scalars.last == " "
            blockAllowed = !(trailingSpace || spaceBreak || special)
        }
    }
}
