import Foundation

extension Parser {
    /// One piece of a template before directives are nested: the flat sequence of literals,
    /// interpolations and directive keywords, with their strip markers.
    private enum FlatItem {
        case literal(String, SourceRange, atLineStart: Bool)
        case interpolation(Expression, stripBefore: Bool, stripAfter: Bool)
        case directive(Directive, range: SourceRange, stripBefore: Bool, stripAfter: Bool)

        var stripBefore: Bool {
            switch self {
            case .literal: return false
            case .interpolation(_, let s, _), .directive(_, _, let s, _): return s
            }
        }

        var stripAfter: Bool {
            switch self {
            case .literal: return false
            case .interpolation(_, _, let s), .directive(_, _, _, let s): return s
            }
        }
    }

    private enum Directive {
        case ifStart(Expression)
        case elseBranch
        case endIf
        case forStart(key: String?, value: String, collection: Expression)
        case endFor

        var keyword: String {
            switch self {
            case .ifStart: return "if"
            case .elseBranch: return "else"
            case .endIf: return "endif"
            case .forStart: return "for"
            case .endFor: return "endfor"
            }
        }
    }

    // MARK: Quoted strings

    mutating func parseQuotedTemplate() -> Expression {
        let open = next()
        guard enterNesting(at: open) else {
            recoverToClosing(.cQuote)
            return .placeholder(range(open))
        }
        defer { leaveNesting() }
        var items: [FlatItem] = []
        while true {
            let token = tokens[index]
            switch token.kind {
            case .quotedLit:
                index += 1
                items.append(.literal(decodeQuotedLiteral(token), range(token), atLineStart: false))
            case .templateInterp, .templateControl:
                index += 1
                guard let item = parseTemplateSequence(opening: token) else { return .placeholder(range(open, token)) }
                items.append(item)
            case .cQuote:
                index += 1
                return makeTemplate(items, range: range(open, token))
            default:
                // The lexer ends a quoted string at the end of its line.
                if token.kind == .unterminatedQuote { index += 1 }
                error("Unterminated template string", "No closing marker was found for the string. Quoted strings may not be split over multiple lines: to produce a multi-line string, use the \\n escape or a heredoc (<<EOT).", at: open)
                return .placeholder(range(open, token))
            }
        }
    }

    /// Decodes the escapes of a quoted literal, reporting any that are invalid.
    mutating func decodeQuotedLiteral(_ token: Token) -> String {
        let bytes = source.bytes[token.start.byte..<token.end.byte]
        guard bytes.contains(UInt8(ascii: "\\")) || bytes.contains(UInt8(ascii: "$")) || bytes.contains(UInt8(ascii: "%")) else {
            return source.text(of: token)
        }
        var out = String.UnicodeScalarView()
        let scalars = Array(source.text(of: token).unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if (c == "$" || c == "%"), i + 2 < scalars.count, scalars[i + 1] == c, scalars[i + 2] == "{" {
                out.append(c)
                out.append("{")
                i += 3
                continue
            }
            guard c == "\\", i + 1 < scalars.count else {
                out.append(c)
                i += 1
                continue
            }
            let escapeStart = i
            let selector = scalars[i + 1]
            i += 2
            switch selector {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "u", "U":
                let length = selector == "u" ? 4 : 8
                let hex = String(String.UnicodeScalarView(scalars[i..<min(i + length, scalars.count)]))
                if hex.count == length, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    out.append(scalar)
                    i += length
                } else {
                    let written = min(2 + length, scalars.count - escapeStart)
                    error("Invalid escape sequence", "The \\\(selector) escape must be followed by \(length) hexadecimal digits naming a valid Unicode character.", at: escapeRange(in: token, scalars: scalars, from: escapeStart, count: written))
                }
            default:
                error("Invalid escape sequence", "The symbol \"\(selector)\" is not a valid escape sequence selector.", at: escapeRange(in: token, scalars: scalars, from: escapeStart, count: 2))
                out.append(selector)
            }
        }
        return String(out)
    }

    /// The range of an escape sequence: `count` scalars of the literal starting at the
    /// backslash at `start`. Found in the token's bytes by counting backslashes (always single
    /// ASCII bytes), and measured the way the lexer measures columns, so the range is right even
    /// where decoding replaced invalid UTF-8.
    private func escapeRange(in token: Token, scalars: [Unicode.Scalar], from start: Int, count: Int) -> SourceRange {
        let bytes = source.bytes
        let backslashesBefore = scalars[..<start].filter { $0 == "\\" }.count
        var byte = token.start.byte
        var seen = 0
        while byte < token.end.byte {
            if bytes[byte] == UInt8(ascii: "\\") {
                if seen == backslashesBefore { break }
                seen += 1
            }
            byte += 1
        }
        let column = token.start.column + bytes[token.start.byte..<byte].filter { $0 & 0xC0 != 0x80 }.count
        let begin = SourcePos(line: token.start.line, column: column, byte: byte)
        var endByte = byte
        var endColumn = column
        for _ in 0..<count where endByte < token.end.byte {
            endByte += 1
            endColumn += 1
            while endByte < token.end.byte, bytes[endByte] & 0xC0 == 0x80 { endByte += 1 }
        }
        return source.range(begin, SourcePos(line: token.start.line, column: endColumn, byte: endByte))
    }

    // MARK: Heredocs

    mutating func parseHeredocTemplate() -> Expression {
        let open = next()
        let openText = text(open)
        let flush = openText.hasPrefix("<<-")
        guard enterNesting(at: open) else {
            recoverToClosing(.cHeredoc)
            return .placeholder(range(open))
        }
        defer { leaveNesting() }
        switch parseTemplateText(until: .cHeredoc) {
        case .closed(var items, let close):
            if flush { items = flushIndentation(items) }
            return makeTemplate(items, range: range(open, close))
        case .failed(let token):
            return .placeholder(range(open, token))
        case .unterminated(let token):
            let marker = openText.drop { $0 == "<" || $0 == "-" }.trimmingCharacters(in: .whitespacesAndNewlines)
            error("Unterminated template string", "There is no closing marker \"\(marker)\" for this heredoc before the end of the file.", at: open)
            return .placeholder(range(open, token))
        }
    }

    /// A template file's content (see `Parser.parseTemplate`): heredoc text that runs to the end.
    mutating func parseTemplateFileText() -> Expression {
        let first = tokens[index]
        guard enterNesting(at: first) else { return .placeholder(range(first)) }
        defer { leaveNesting() }
        switch parseTemplateText(until: .eof) {
        case .closed(let items, let end): return makeTemplate(items, range: range(first, end))
        case .failed(let token), .unterminated(let token): return .placeholder(range(first, token))
        }
    }

    private enum TemplateText {
        case closed([FlatItem], Token)
        /// A sequence inside failed to parse (already reported).
        case failed(Token)
        /// Something other than template text came before the closing token.
        case unterminated(Token)
    }

    /// Literal text and sequences up to and including the token of kind `end` (not consumed
    /// when it is the end of input).
    private mutating func parseTemplateText(until end: TokenKind) -> TemplateText {
        var items: [FlatItem] = []
        var atLineStart = true
        while true {
            let token = tokens[index]
            switch token.kind {
            case .stringLit:
                index += 1
                let literal = source.text(of: token).replacingOccurrences(of: "$${", with: "${").replacingOccurrences(of: "%%{", with: "%{")
                items.append(.literal(literal, range(token), atLineStart: atLineStart))
                atLineStart = literal.hasSuffix("\n")
            case .templateInterp, .templateControl:
                index += 1
                guard let item = parseTemplateSequence(opening: token) else { return .failed(token) }
                if atLineStart { items.append(.literal("", range(token), atLineStart: true)) }
                items.append(item)
                atLineStart = false
            case end:
                if token.kind != .eof { index += 1 }
                return .closed(items, token)
            default:
                return .unterminated(token)
            }
        }
    }

    /// For `<<-`: removes the smallest indentation shared by every non-blank line. A line that
    /// starts with an interpolation counts with the whitespace before it.
    private func flushIndentation(_ items: [FlatItem]) -> [FlatItem] {
        func indentation(_ s: Substring) -> Int { s.prefix { $0 == " " || $0 == "\t" }.count }
        var minimum = Int.max
        for (position, item) in items.enumerated() {
            guard case .literal(let text, _, true) = item else { continue }
            let line = text.prefix { $0 != "\n" }
            let endsLine = text.contains("\n")
            let followedBySequence = position + 1 < items.count && !endsLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) && !followedBySequence { continue }
            minimum = min(minimum, indentation(line))
        }
        guard minimum != Int.max, minimum > 0 else { return items }
        return items.map { item in
            guard case .literal(let text, let r, true) = item else { return item }
            let strip = min(minimum, indentation(Substring(text)))
            return .literal(String(text.dropFirst(strip)), r, atLineStart: true)
        }
    }

    // MARK: Sequences

    /// The inside of `${ … }` or `%{ … }`, up to and including the closing `}`.
    private mutating func parseTemplateSequence(opening: Token) -> FlatItem? {
        let stripBefore = opening.hasStripMarker(in: source)
        return withNewlines(false) { parser -> FlatItem? in
            if opening.kind == .templateInterp {
                let expression = parser.parseExpression()
                guard let stripAfter = parser.closeSequence(opening) else { return nil }
                return .interpolation(expression, stripBefore: stripBefore, stripAfter: stripAfter)
            }
            guard let directive = parser.parseDirective(opening) else { return nil }
            guard let stripAfter = parser.closeSequence(opening) else { return nil }
            let r = parser.range(opening).through(parser.range(parser.tokens[parser.index - 1]))
            return .directive(directive, range: r, stripBefore: stripBefore, stripAfter: stripAfter)
        }
    }

    /// Consumes the `}` or `~}` that ends a sequence; returns whether it carries a strip marker.
    private mutating func closeSequence(_ opening: Token) -> Bool? {
        let close = peek()
        guard close.kind == .templateSeqEnd else {
            let what = opening.kind == .templateInterp ? "interpolation" : "template directive"
            error("Extra characters in \(what)", "Expected a closing brace to end the \(what), but found \(describe(close)).", at: close)
            recoverToClosing(.templateSeqEnd)
            return nil
        }
        next()
        return close.hasStripMarker(in: source)
    }

    private mutating func parseDirective(_ opening: Token) -> Directive? {
        let keyword = peek()
        guard keyword.kind == .ident else {
            error("Invalid template directive", "A template directive keyword (\"if\", \"else\", \"endif\", \"for\" or \"endfor\") is expected at the beginning of a %{ sequence.", at: keyword)
            recoverToClosing(.templateSeqEnd)
            return nil
        }
        next()
        switch text(keyword) {
        case "if":
            return .ifStart(parseExpression())
        case "else":
            return .elseBranch
        case "endif":
            return .endIf
        case "endfor":
            return .endFor
        case "for":
            var names: [String] = []
            while peek().kind == .ident, text(peek()) != "in" {
                names.append(text(next()))
                if peek().kind == .comma { next() }
            }
            guard (1...2).contains(names.count), peek().kind == .ident, text(peek()) == "in" else {
                error("Invalid 'for' directive", "A for directive needs one or two variable names and the 'in' keyword: %{ for item in list }.", at: peek())
                recoverToClosing(.templateSeqEnd)
                return nil
            }
            next()
            let collection = parseExpression()
            return .forStart(key: names.count == 2 ? names[0] : nil, value: names.last!, collection: collection)
        default:
            error("Invalid template directive", "\"\(text(keyword))\" is not a template directive; expected \"if\", \"else\", \"endif\", \"for\" or \"endfor\".", at: keyword)
            recoverToClosing(.templateSeqEnd)
            return nil
        }
    }

    // MARK: Assembly

    private mutating func makeTemplate(_ flat: [FlatItem], range: SourceRange) -> Expression {
        let items = applyStripMarkers(mergingAdjacentLiterals(flat))
        var position = 0
        guard let parts = try? nestDirectives(items, &position, until: [], depth: 0) else { return .placeholder(range) }
        if parts.isEmpty { return Expression(.literal(.string("")), range: range) }
        if parts.count == 1 {
            switch parts[0] {
            case .literal(let text, _): return Expression(.literal(.string(text)), range: range)
            case .interpolation(let inner): return bounded(Expression(.templateWrap(inner), range: range))
            default: break
            }
        }
        return bounded(Expression(.template(parts), range: range))
    }

    /// Heredocs arrive as one literal per line; a strip marker trims all the whitespace next to
    /// it, across lines, so neighbouring literals are joined first.
    private func mergingAdjacentLiterals(_ items: [FlatItem]) -> [FlatItem] {
        var merged: [FlatItem] = []
        for item in items {
            if case .literal(let text, let range, _) = item, case .literal(let previous, let previousRange, let start)? = merged.last {
                merged[merged.count - 1] = .literal(previous + text, previousRange.through(range), atLineStart: start)
            } else {
                merged.append(item)
            }
        }
        return merged
    }

    /// `${~` trims whitespace at the end of the literal before; `~}` at the start of the one after.
    private func applyStripMarkers(_ items: [FlatItem]) -> [FlatItem] {
        var result = items
        for (i, item) in items.enumerated() {
            if item.stripBefore, i > 0, case .literal(let text, let r, let start) = result[i - 1] {
                result[i - 1] = .literal(String(text.reversed().drop(while: \.isWhitespace).reversed()), r, atLineStart: start)
            }
            if item.stripAfter, i + 1 < result.count, case .literal(let text, let r, let start) = result[i + 1] {
                result[i + 1] = .literal(String(text.drop(while: \.isWhitespace)), r, atLineStart: start)
            }
        }
        return result
    }

    private enum Terminator { case elseOrEndIf, endFor }

    /// Directives nested past `Parser.maximumNestingDepth` (already reported).
    private struct DirectivesTooDeep: Error {}

    /// Turns the flat sequence into nested parts, matching each `if` with its `else`/`endif` and
    /// each `for` with its `endfor`. Directives are parsed flat, so the parser's nesting limit
    /// does not see them: `depth` bounds them here, or thousands of `%{ if }` would exhaust the
    /// stack.
    private mutating func nestDirectives(_ items: [FlatItem], _ position: inout Int, until terminators: Set<String>, depth: Int) throws(DirectivesTooDeep) -> [TemplatePart] {
        var parts: [TemplatePart] = []
        while position < items.count {
            let item = items[position]
            switch item {
            case .literal(let text, let r, _):
                position += 1
                if text.isEmpty { continue }
                if case .literal(let previous, let previousRange)? = parts.last {
                    parts[parts.count - 1] = .literal(previous + text, previousRange.through(r))
                } else {
                    parts.append(.literal(text, r))
                }
            case .interpolation(let expression, _, _):
                position += 1
                parts.append(.interpolation(expression))
            case .directive(let directive, let r, _, _):
                switch directive {
                case .elseBranch, .endIf, .endFor:
                    let name = directive.keyword
                    if terminators.contains(name) { return parts }
                    error("Unexpected \"\(name)\" directive", "There is no matching opening directive for this \"\(name)\".", at: r)
                    position += 1
                case .ifStart(let condition):
                    try checkDirectiveDepth(depth, at: r)
                    position += 1
                    let thenParts = try nestDirectives(items, &position, until: ["else", "endif"], depth: depth + 1)
                    var elseParts: [TemplatePart] = []
                    if position < items.count, case .directive(.elseBranch, _, _, _) = items[position] {
                        position += 1
                        elseParts = try nestDirectives(items, &position, until: ["endif"], depth: depth + 1)
                    }
                    guard position < items.count, case .directive(.endIf, let endRange, _, _) = items[position] else {
                        error("Unterminated template directive", "There is no %{ endif } for this %{ if }.", at: r)
                        return parts
                    }
                    position += 1
                    parts.append(.conditional(condition: condition, then: thenParts, else: elseParts, range: r.through(endRange)))
                case .forStart(let key, let value, let collection):
                    try checkDirectiveDepth(depth, at: r)
                    position += 1
                    let body = try nestDirectives(items, &position, until: ["endfor"], depth: depth + 1)
                    guard position < items.count, case .directive(.endFor, let endRange, _, _) = items[position] else {
                        error("Unterminated template directive", "There is no %{ endfor } for this %{ for }.", at: r)
                        return parts
                    }
                    position += 1
                    parts.append(.loop(keyVariable: key, valueVariable: value, collection: collection, body: body, range: r.through(endRange)))
                }
            }
        }
        return parts
    }

    private mutating func checkDirectiveDepth(_ depth: Int, at range: SourceRange) throws(DirectivesTooDeep) {
        guard depth < Parser.maximumNestingDepth else {
            reportTooDeep(range)
            throw DirectivesTooDeep()
        }
    }
}
