/// Whether one space or none goes between two tokens on a line: hclwrite's rules, which are what
/// `terraform fmt` writes. Most tokens are separated by a space; the exceptions keep calls,
/// traversals, indexes, templates and brackets tight.
enum TokenSpacing {
    /// Whether `subject` is followed by a space, given the token before it on the line (nil at
    /// the start of a cell) and the token after it.
    static func spaceAfter(_ subject: FormatToken, before: FormatToken?, after: FormatToken) -> Bool {
        let kind = subject.kind
        let next = after.kind
        switch true {
        case next == .newline || next == .eof:
            return false
        case kind == .ident && next == .oParen:
            // A function name stays against its parenthesis.
            return false
        case (kind == .ident && next == .doubleColon) || (kind == .doubleColon && next == .ident):
            // `provider::name::function` is one name.
            return false
        case kind == .dot || next == .dot:
            return false
        case next == .comma || next == .ellipsis:
            return false
        case kind == .comma:
            return true
        case [.quotedLit, .stringLit, .oQuote, .oHeredoc].contains(kind) || [.quotedLit, .stringLit, .cQuote, .cHeredoc].contains(next):
            // Template text is written exactly as it is.
            return false
        case kind == .ident && subject.text == "in" && before?.kind == .ident:
            // The `in` of a `for`: `for x in [y]` must not read as the index `in[y]`.
            return true
        case next == .oBrack && (kind == .ident || kind == .numberLit || subject.bracketChange < 0):
            // An index: `a[0]`, `f(x)[0]`, `[1][0]`.
            return false
        case kind == .bang:
            return false
        case kind == .minus:
            return !isNegation(after: before)
        case kind == .oBrace || next == .cBrace:
            // Braces have spaces inside them, `{ a = 1 }`, except when empty: `{}`.
            return !(kind == .oBrace && next == .cBrace)
        case (kind == .templateInterp || kind == .templateControl) && next == .oBrace:
            // `${ { a = 1 } }` keeps an object constructor apart from the template's braces.
            return true
        case kind == .cBrace && next == .templateSeqEnd:
            return true
        case kind == .templateSeqEnd && (next == .templateInterp || next == .templateControl):
            return false
        case subject.bracketChange > 0:
            return false
        case after.bracketChange < 0:
            return false
        default:
            return true
        }
    }

    /// A minus is a negation (no space after it) when what comes before it cannot end an
    /// operand: the start of the cell, an opening bracket, a separator or another operator.
    private static func isNegation(after before: FormatToken?) -> Bool {
        guard let before else { return true }
        switch before.kind {
        case .oParen, .oBrace, .oBrack, .equal, .colon, .comma, .question,
            .plus, .star, .slash, .percent, .minus,
            .equalOp, .notEqual, .greaterThan, .greaterThanEq, .lessThan, .lessThanEq,
            .and, .or, .bang:
            return true
        default:
            return false
        }
    }
}
