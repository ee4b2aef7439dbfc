extension Parser {
    /// Attributes and blocks up to the end of the file (`topLevel`) or the closing brace.
    mutating func parseBody(topLevel: Bool) -> Body {
        let startToken = peek()
        var attributes: [Attribute] = []
        var blocks: [Block] = []
        var seen: [String: SourceRange] = [:]
        while true {
            let token = peek()
            switch token.kind {
            case .newline:
                next()
                continue
            case .eof:
                if !topLevel {
                    error("Unclosed configuration block", "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.", at: token)
                }
                return Body(attributes: attributes, blocks: blocks, range: source.range(startToken.start, token.end))
            case .cBrace:
                if topLevel {
                    error("Argument or block definition required", "An argument or block definition is required here.", at: token)
                    next()
                    continue
                }
                return Body(attributes: attributes, blocks: blocks, range: source.range(startToken.start, token.start))
            case .ident:
                let item = parseBodyItem()
                switch item {
                case .attribute(let attribute):
                    if let previous = seen[attribute.name] {
                        error("Attribute redefined", "The argument \"\(attribute.name)\" was already set at \(previous.filename):\(previous.start.line),\(previous.start.column). Each argument may be set only once.", at: attribute.nameRange)
                    } else {
                        seen[attribute.name] = attribute.nameRange
                    }
                    attributes.append(attribute)
                case .block(let block):
                    blocks.append(block)
                case nil:
                    break
                }
            default:
                error("Argument or block definition required", "An argument or block definition is required here.", at: token)
                recoverToEndOfLine()
            }
        }
    }

    enum BodyItem {
        case attribute(Attribute)
        case block(Block)
    }

    mutating func parseBodyItem() -> BodyItem? {
        let nameToken = next()
        let after = peek()
        switch after.kind {
        case .equal:
            return parseAttribute(nameToken).map(BodyItem.attribute)
        case .oBrace, .oQuote, .ident:
            return parseBlock(typeToken: nameToken).map(BodyItem.block)
        case .colon:
            error("Invalid argument definition", "An argument definition uses \"=\" to assign its value, not \":\".", at: after)
            recoverToEndOfLine()
            return nil
        default:
            let detail = after.kind == .newline || after.kind == .eof
                ? "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to introduce the argument value."
                : "An argument or block definition is required here."
            error("Argument or block definition required", detail, at: after.kind == .newline ? nameToken : after)
            recoverToEndOfLine()
            return nil
        }
    }

    mutating func parseAttribute(_ nameToken: Token) -> Attribute? {
        next()  // =
        // Newlines stay significant: an argument's value ends at the end of its line unless
        // brackets hold it open.
        let expression = parseExpression()
        let end = peek()
        switch end.kind {
        case .newline:
            next()
        case .eof, .cBrace:
            break
        default:
            error("Missing newline after argument", "An argument definition must end with a newline.", at: end)
            recoverToEndOfLine()
        }
        return Attribute(
            name: text(nameToken), nameRange: range(nameToken), expression: expression,
            range: range(nameToken).through(expression.range))
    }

    mutating func parseBlock(typeToken: Token) -> Block? {
        var labels: [String] = []
        var labelRanges: [SourceRange] = []
        while true {
            let token = peek()
            if token.kind == .ident {
                next()
                labels.append(text(token))
                labelRanges.append(range(token))
            } else if token.kind == .oQuote {
                guard let (label, labelRange) = parseBlockLabel() else {
                    recoverToEndOfLine()
                    return nil
                }
                labels.append(label)
                labelRanges.append(labelRange)
            } else {
                break
            }
        }
        let open = peek()
        guard open.kind == .oBrace else {
            error("Invalid block definition", "Either a quoted string block label or an opening brace (\"{\") is expected here.", at: open)
            recoverToEndOfLine()
            return nil
        }
        next()
        guard enterNesting(at: open) else {
            recoverToClosing(.cBrace)
            return nil
        }
        defer { leaveNesting() }

        if peek().kind != .newline {
            return parseSingleLineBlock(typeToken: typeToken, labels: labels, labelRanges: labelRanges, open: open)
        }
        let body = parseBody(topLevel: false)
        let close = peek()
        guard close.kind == .cBrace else { return nil }
        next()
        expectNewlineAfterBlock()
        return Block(
            type: text(typeToken), typeRange: range(typeToken), labels: labels, labelRanges: labelRanges,
            body: body, openBraceRange: range(open), closeBraceRange: range(close))
    }

    /// `name "label" { arg = value }` on one line: at most one argument, no nested blocks.
    private mutating func parseSingleLineBlock(typeToken: Token, labels: [String], labelRanges: [SourceRange], open: Token) -> Block? {
        var attributes: [Attribute] = []
        if peek().kind == .ident {
            let name = next()
            if peek().kind == .equal {
                next()
                let expression = parseExpression()
                attributes.append(Attribute(name: text(name), nameRange: range(name), expression: expression, range: range(name).through(expression.range)))
            } else {
                error("Invalid single-argument block definition", "A single-line block definition can contain only a single argument. To define nested blocks, use the multi-line form.", at: peek())
                recoverToClosing(.cBrace)
                expectNewlineAfterBlock()
                return nil
            }
        }
        let close = peek()
        guard close.kind == .cBrace else {
            let detail = close.kind == .comma || close.kind == .ident
                ? "A single-line block definition can contain only a single argument. If you meant to define multiple arguments, use the multi-line block syntax with one argument definition per line."
                : "A single-line block definition must end with a closing brace immediately after its single argument definition."
            error("Invalid single-argument block definition", detail, at: close)
            recoverToClosing(.cBrace)
            expectNewlineAfterBlock()
            return nil
        }
        next()
        expectNewlineAfterBlock()
        let body = Body(attributes: attributes, blocks: [], range: source.range(open.end, close.start))
        return Block(
            type: text(typeToken), typeRange: range(typeToken), labels: labels, labelRanges: labelRanges,
            body: body, openBraceRange: range(open), closeBraceRange: range(close))
    }

    private mutating func expectNewlineAfterBlock() {
        let token = peek()
        switch token.kind {
        case .newline: next()
        case .eof, .cBrace: break
        default:
            error("Missing newline after block definition", "A block definition must end with a newline.", at: token)
            recoverToEndOfLine()
        }
    }

    /// A quoted block label: a plain string, no interpolation.
    private mutating func parseBlockLabel() -> (String, SourceRange)? {
        let open = next()
        var text = ""
        var valid = true
        while true {
            let token = next()
            switch token.kind {
            case .quotedLit:
                text += decodeQuotedLiteral(token)
            case .cQuote:
                guard valid else { return nil }
                return (text, range(open, token))
            case .templateInterp, .templateControl:
                error("Invalid block label", "Block labels are plain strings: template sequences are not allowed in them.", at: token)
                valid = false
                recoverToClosing(.templateSeqEnd)
            default:
                // Point at the label's opening quote: what ends it early is often just the end
                // of the line, which would show nothing.
                error("Unterminated block label", "This block label has no closing quote.", at: open)
                return nil
            }
        }
    }
}
