/// The rewrites `terraform fmt` makes beyond whitespace, applied to the tokens before layout:
///
/// - block labels are written quoted (`resource aws_vpc main` becomes
///   `resource "aws_vpc" "main"`), dropping any comments between the type and the last label;
/// - an argument whose whole value is one interpolation, `"${var.x}"`, becomes the bare
///   expression `var.x` (wrapped in parentheses when it spans lines);
/// - in a `variable` block, the legacy types `"string"`, `"list"` and `"map"` become `string`,
///   `list(string)` and `map(string)`, and a bare `list`, `map` or `set` becomes `list(any)`,
///   `map(any)` or `set(any)`.
///
/// Only arguments of bodies are rewritten, not the items of object constructors, as in
/// Terraform.
struct TerraformNormalizer {
    private let tokens: [FormatToken]
    private var edits: [(range: Range<Int>, replacement: [FormatToken])] = []

    static func normalize(_ tokens: [FormatToken], body: Body) -> [FormatToken] {
        var normalizer = TerraformNormalizer(tokens: tokens)
        normalizer.visit(body, enclosingBlockTypes: [])
        var result = tokens
        // From the end backwards, so earlier ranges keep their indices.
        for edit in normalizer.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: edit.replacement)
        }
        return result
    }

    private init(tokens: [FormatToken]) {
        self.tokens = tokens
    }

    private mutating func visit(_ body: Body, enclosingBlockTypes: [String]) {
        for attribute in body.attributes {
            let range = attribute.expression.range
            let indices = tokens(from: firstToken(at: range.start.byte), before: range.end.byte)
            let expression = Array(tokens[indices])
            let isVariableType = enclosingBlockTypes == ["variable"] && attribute.name == "type"
            let replacement = isVariableType ? Self.normalizedType(expression) : Self.unwrappedInterpolation(expression)
            if let replacement { edits.append((indices, replacement)) }
        }
        for block in body.blocks {
            if let lastLabel = block.labelRanges.last {
                let afterType = firstToken(at: block.typeRange.start.byte) + 1
                edits.append((tokens(from: afterType, before: lastLabel.end.byte), block.labels.flatMap(Self.quotedLabel)))
            }
            visit(block.body, enclosingBlockTypes: enclosingBlockTypes + [block.type])
        }
    }

    /// The index of the first token starting at or after the byte offset.
    private func firstToken(at byte: Int) -> Int {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if (tokens[middle].sourceBytes?.lowerBound ?? 0) < byte { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// From the token at `start` up to the first one starting at or after `endByte`.
    private func tokens(from start: Int, before endByte: Int) -> Range<Int> {
        var end = start
        while end < tokens.count, tokens[end].kind != .eof, let bytes = tokens[end].sourceBytes, bytes.lowerBound < endByte {
            end += 1
        }
        return start..<end
    }

    private static func quotedLabel(_ label: String) -> [FormatToken] {
        let text = QuotedStringEscaping.escape(label)
        var result = [FormatToken(kind: .oQuote, text: "\"")]
        if !text.isEmpty { result.append(FormatToken(kind: .quotedLit, text: text)) }
        result.append(FormatToken(kind: .cQuote, text: "\""))
        return result
    }

    // MARK: Interpolation-only strings

    /// `"${x}"` as `x`, or nil when the value is anything else: not a template, a template with
    /// literal text, or more than one interpolation (`"${a}${b}"`).
    private static func unwrappedInterpolation(_ expression: [FormatToken]) -> [FormatToken]? {
        guard expression.count >= 5,
            expression[0].kind == .oQuote, expression[1].kind == .templateInterp,
            expression[expression.count - 2].kind == .templateSeqEnd, expression[expression.count - 1].kind == .cQuote
        else { return nil }
        let inside = expression[2..<(expression.count - 2)]

        // Templates nested in quotes inside the interpolation are part of its expression;
        // anything template-like at the outer level means there is more than one part.
        var quoteDepth = 0
        for token in inside {
            switch token.kind {
            case .oQuote: quoteDepth += 1
            case .cQuote: quoteDepth -= 1
            case .templateInterp, .templateSeqEnd, .quotedLit: if quoteDepth <= 0 { return nil }
            default: break
            }
        }

        // Newlines just inside `${` and `}` would end the argument early once unwrapped.
        let trimmed = Array(inside.drop { $0.kind == .newline }.reversed().drop { $0.kind == .newline }.reversed())
        let spansLines = trimmed.contains { $0.kind == .newline }
        let parenthesized = trimmed.first?.kind == .oParen && trimmed.last?.kind == .cParen
        if spansLines && !parenthesized {
            // A multi-line value (a conditional, say) parses as one expression only in parentheses.
            return [FormatToken(kind: .oParen, text: "(")] + trimmed + [FormatToken(kind: .cParen, text: ")")]
        }
        return trimmed
    }

    // MARK: Variable types

    /// The modern spelling of a legacy or shorthand type constraint, or nil when it has none.
    private static func normalizedType(_ expression: [FormatToken]) -> [FormatToken]? {
        switch expression.count {
        case 1 where expression[0].kind == .ident:
            switch expression[0].text {
            case "list", "map", "set": return collectionType(expression[0].text, of: "any")
            default: return nil
            }
        case 3 where expression[0].kind == .oQuote && expression[1].kind == .quotedLit && expression[2].kind == .cQuote:
            // Terraform 0.11 and earlier had no `any`; their collections held strings.
            switch expression[1].text {
            case "string": return [FormatToken(kind: .ident, text: "string")]
            case "list", "map": return collectionType(expression[1].text, of: "string")
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func collectionType(_ collection: String, of element: String) -> [FormatToken] {
        [
            FormatToken(kind: .ident, text: collection), FormatToken(kind: .oParen, text: "("),
            FormatToken(kind: .ident, text: element), FormatToken(kind: .cParen, text: ")"),
        ]
    }
}
