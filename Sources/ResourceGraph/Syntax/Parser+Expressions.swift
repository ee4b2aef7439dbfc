extension Parser {
    mutating func parseExpression() -> Expression {
        let start = peek()
        guard enterNesting(at: start) else {
            skipExpressionTokens()
            return .placeholder(range(start))
        }
        defer { leaveNesting() }
        return parseConditional()
    }

    /// After the nesting limit is hit: consume the rest of this expression without recursing,
    /// stepping over whole bracketed groups.
    private mutating func skipExpressionTokens() {
        while true {
            let token = peek()
            switch token.kind {
            case .oBrace: next(); recoverToClosing(.cBrace)
            case .oBrack: next(); recoverToClosing(.cBrack)
            case .oParen: next(); recoverToClosing(.cParen)
            case .oQuote: next(); recoverToClosing(.cQuote)
            case .oHeredoc: next(); recoverToClosing(.cHeredoc)
            case .newline, .eof, .comma, .cBrace, .cBrack, .cParen, .templateSeqEnd, .colon, .fatArrow, .equal: return
            default: next()
            }
        }
    }

    private mutating func parseConditional() -> Expression {
        let condition = parseBinary(minPrecedence: 1)
        guard peek().kind == .question else { return condition }
        next()
        let then = parseExpression()
        guard peek().kind == .colon else {
            error("Missing false expression in conditional", "The conditional operator (...?...:...) requires a false expression, delimited by a colon.", at: peek())
            return .placeholder(condition.range.through(then.range))
        }
        next()
        let otherwise = parseExpression()
        return bounded(Expression(.conditional(condition: condition, then: then, else: otherwise), range: condition.range.through(otherwise.range)))
    }

    /// Precedence climbing: operators of one level associate to the left.
    private mutating func parseBinary(minPrecedence: Int) -> Expression {
        var lhs = parseUnary()
        var tooDeep = false
        while let op = binaryOperator(peek().kind), op.precedence >= minPrecedence {
            next()
            let rhs = parseBinary(minPrecedence: op.precedence + 1)
            if tooDeep { continue }
            let combined = Expression(.binary(op, lhs, rhs), range: lhs.range.through(rhs.range))
            if combined.height > Parser.maximumNestingDepth {
                reportTooDeep(combined.range)
                tooDeep = true
                lhs = .placeholder(combined.range)
            } else {
                lhs = combined
            }
        }
        return lhs
    }

    private func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .or: return .or
        case .and: return .and
        case .equalOp: return .equal
        case .notEqual: return .notEqual
        case .lessThan: return .less
        case .lessThanEq: return .lessOrEqual
        case .greaterThan: return .greater
        case .greaterThanEq: return .greaterOrEqual
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .modulo
        default: return nil
        }
    }

    private mutating func parseUnary() -> Expression {
        let token = peek()
        guard token.kind == .minus || token.kind == .bang else { return parsePostfix() }
        next()
        guard enterNesting(at: token) else {
            skipExpressionTokens()
            return .placeholder(range(token))
        }
        defer { leaveNesting() }
        let operand = parseUnary()
        let fullRange = range(token).through(operand.range)
        // Fold `-5` into a literal, so negative numbers are plain values (as defaults must be).
        if token.kind == .minus, case .literal(let value) = operand.node, case .number(let n) = value.kind {
            return Expression(.literal(.number(-n)), range: fullRange)
        }
        return Expression(.unary(token.kind == .minus ? .negate : .not, operand), range: fullRange)
    }

    mutating func reportTooDeep(_ range: SourceRange) {
        error("Nesting too deep", "Expressions, blocks and templates may nest at most \(Parser.maximumNestingDepth) levels deep.", at: range)
    }

    /// The expression, or a placeholder with an error if its tree is deeper than allowed.
    mutating func bounded(_ expression: Expression) -> Expression {
        guard expression.height > Parser.maximumNestingDepth else { return expression }
        reportTooDeep(expression.range)
        return .placeholder(expression.range)
    }

    // MARK: Traversals, indexes and splats

    private mutating func parsePostfix() -> Expression {
        var expression = parsePrimary()
        while true {
            let token = peek()
            if token.kind == .dot {
                guard let extended = parseDotSuffix(after: expression) else { break }
                expression = extended
            } else if token.kind == .oBrack {
                expression = parseBracketSuffix(after: expression)
            } else {
                break
            }
            if expression.height > Parser.maximumNestingDepth {
                reportTooDeep(expression.range)
                return .placeholder(expression.range)
            }
        }
        return expression
    }

    private mutating func parseDotSuffix(after expression: Expression) -> Expression? {
        let dot = next()
        let token = peek()
        switch token.kind {
        case .ident:
            next()
            return appending([.attribute(text(token), range(dot, token))], to: expression)
        case .numberLit:
            // Legacy index syntax `a.0`; `a.0.1` lexes as one number "0.1", so split it.
            next()
            let parts = text(token).split(separator: ".", omittingEmptySubsequences: false)
            var steps: [TraversalStep] = []
            for part in parts {
                guard let n = Number(parsing: part), n.isInteger else {
                    error("Invalid legacy index syntax", "Only whole numbers can follow a dot as an index.", at: token)
                    return .placeholder(expression.range.through(range(token)))
                }
                steps.append(.index(.number(n), range(dot, token)))
            }
            return appending(steps, to: expression)
        case .star:
            next()
            return parseSplat(source: expression, fullSplat: false, starRange: range(dot, token))
        default:
            error("Invalid attribute name", "An attribute name is required after a dot.", at: token)
            return .placeholder(expression.range.through(range(dot)))
        }
    }

    private mutating func parseBracketSuffix(after expression: Expression) -> Expression {
        let open = next()
        if peek().kind == .star, peekSecond().kind == .cBrack {
            next()
            let close = next()
            return parseSplat(source: expression, fullSplat: true, starRange: range(open, close))
        }
        let key = withNewlines(false) { $0.parseExpression() }
        let close = withNewlines(false) { $0.peek() }
        guard close.kind == .cBrack else {
            error("Missing close bracket on index", "The index operator must end with a closing bracket (\"]\").", at: close)
            withNewlines(false) { $0.recoverToClosing(.cBrack) }
            return .placeholder(expression.range.through(key.range))
        }
        withNewlines(false) { _ = $0.next() }
        let fullRange = expression.range.through(range(close))
        if case .literal(let value) = key.node, value.isKnown, !value.isNull, value.type.isPrimitive {
            return appending([.index(value, range(open, close))], to: expression)
        }
        return Expression(.index(collection: expression, key: key), range: fullRange)
    }

    /// Static steps extend a traversal; on any other expression they form a relative traversal.
    private func appending(_ steps: [TraversalStep], to expression: Expression) -> Expression {
        let fullRange = expression.range.through(steps.last!.range)
        switch expression.node {
        case .traversal(var traversal):
            traversal.steps += steps
            return Expression(.traversal(traversal), range: fullRange)
        case .relativeTraversal(let base, let existing):
            return Expression(.relativeTraversal(base, existing + steps), range: fullRange)
        default:
            return Expression(.relativeTraversal(expression, steps), range: fullRange)
        }
    }

    /// The steps after a splat apply to each element: attribute steps for `.*`, attribute and
    /// index steps for `[*]`. A further splat starts a new splat over this one's result.
    private mutating func parseSplat(source: Expression, fullSplat: Bool, starRange: SourceRange) -> Expression {
        var each = Expression(.splatItem, range: starRange)
        while true {
            let token = peek()
            if token.kind == .dot, peekSecond().kind == .ident {
                let dot = next()
                let name = next()
                each = appending([.attribute(text(name), range(dot, name))], to: each)
            } else if fullSplat, token.kind == .oBrack, peekSecond().kind != .star {
                each = parseBracketSuffix(after: each)
            } else {
                break
            }
        }
        let end = each.range.end > starRange.end ? each.range : starRange
        return Expression(.splat(source: source, each: each), range: source.range.through(end))
    }

    // MARK: Terms

    private mutating func parsePrimary() -> Expression {
        let token = peek()
        switch token.kind {
        case .numberLit:
            next()
            guard let number = Number(parsing: text(token)) else {
                error("Invalid number literal", "This is not a valid number.", at: token)
                return .placeholder(range(token))
            }
            return Expression(.literal(.number(number)), range: range(token))
        case .ident:
            return parseIdentifierTerm()
        case .oQuote:
            return parseQuotedTemplate()
        case .oHeredoc:
            return parseHeredocTemplate()
        case .oParen:
            return parseParenthesized()
        case .oBrack:
            return parseTupleOrFor()
        case .oBrace:
            return parseObjectOrFor()
        case .unterminatedQuote:
            next()
            error("Unterminated template string", "No closing marker was found for the string.", at: token)
            return .placeholder(range(token))
        default:
            error("Invalid expression", "Expected the start of an expression, but found \(describe(token)).", at: token)
            if token.kind != .newline, token.kind != .eof, token.kind != .cBrace { next() }
            return .placeholder(range(token))
        }
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: return "the end of the line"
        case .eof: return "the end of the file"
        case .invalid: return "an invalid character"
        default: return "\"\(text(token))\""
        }
    }

    private mutating func parseIdentifierTerm() -> Expression {
        let token = next()
        let name = text(token)
        switch name {
        case "true": return Expression(.literal(.true), range: range(token))
        case "false": return Expression(.literal(.false), range: range(token))
        case "null": return Expression(.literal(.null), range: range(token))
        default: break
        }
        // Namespaced functions: provider::aws::arn_parse(…) and core::length(…).
        var fullName = name
        var last = token
        while peek().kind == .doubleColon, peekSecond().kind == .ident {
            next()
            last = next()
            fullName += "::" + text(last)
        }
        if peek().kind == .oParen {
            return parseFunctionCall(name: fullName, nameRange: range(token, last))
        }
        if fullName != name {
            error("Missing function call", "A namespaced name must be followed by a function call's argument list.", at: peek())
            return .placeholder(range(token, last))
        }
        return Expression(.traversal(Traversal(root: name, rootRange: range(token))), range: range(token))
    }

    private mutating func parseFunctionCall(name: String, nameRange: SourceRange) -> Expression {
        let open = next()
        guard enterNesting(at: open) else {
            recoverToClosing(.cParen)
            return .placeholder(nameRange)
        }
        defer { leaveNesting() }
        return withNewlines(false) { parser -> Expression in
            var arguments: [Expression] = []
            var expand = false
            while parser.peek().kind != .cParen {
                if parser.peek().kind == .eof {
                    parser.error("Unterminated function call", "There is no closing parenthesis for this function call.", at: open)
                    return .placeholder(nameRange)
                }
                arguments.append(parser.parseExpression())
                let separator = parser.peek()
                if separator.kind == .ellipsis {
                    parser.next()
                    expand = true
                    if parser.peek().kind != .cParen {
                        parser.error("Missing closing parenthesis", "An expanded function argument (with ...) must be immediately followed by closing parentheses.", at: parser.peek())
                        parser.recoverToClosing(.cParen)
                        return .placeholder(nameRange)
                    }
                    break
                }
                if separator.kind == .comma {
                    parser.next()
                } else if separator.kind != .cParen {
                    parser.error("Missing argument separator", "A comma is required to separate each function argument from the next.", at: separator)
                    parser.recoverToClosing(.cParen)
                    return .placeholder(nameRange.through(parser.range(separator)))
                }
            }
            let close = parser.next()
            let call = FunctionCall(
                name: name, nameRange: nameRange, arguments: arguments, expandFinalArgument: expand,
                openParenRange: parser.range(open), closeParenRange: parser.range(close))
            return parser.bounded(Expression(.functionCall(call), range: nameRange.through(parser.range(close))))
        }
    }

    private mutating func parseParenthesized() -> Expression {
        let open = next()
        guard enterNesting(at: open) else {
            recoverToClosing(.cParen)
            return .placeholder(range(open))
        }
        defer { leaveNesting() }
        return withNewlines(false) { parser -> Expression in
            let inner = parser.parseExpression()
            let close = parser.peek()
            guard close.kind == .cParen else {
                parser.error("Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.", at: close)
                parser.recoverToClosing(.cParen)
                return .placeholder(parser.range(open).through(inner.range))
            }
            parser.next()
            return parser.bounded(Expression(.parenthesized(inner), range: parser.range(open, close)))
        }
    }

    // MARK: Collections

    private mutating func parseTupleOrFor() -> Expression {
        let open = next()
        guard enterNesting(at: open) else {
            recoverToClosing(.cBrack)
            return .placeholder(range(open))
        }
        defer { leaveNesting() }
        return withNewlines(false) { parser -> Expression in
            if parser.isForKeyword() { return parser.parseFor(open: open, object: false) }
            var elements: [Expression] = []
            while parser.peek().kind != .cBrack {
                if parser.peek().kind == .eof {
                    parser.error("Unterminated tuple", "There is no closing bracket for this list.", at: open)
                    return .placeholder(parser.range(open))
                }
                elements.append(parser.parseExpression())
                let separator = parser.peek()
                if separator.kind == .comma {
                    parser.next()
                } else if separator.kind != .cBrack {
                    parser.error("Missing item separator", "Expected a comma to mark the beginning of the next item.", at: separator)
                    parser.recoverToClosing(.cBrack)
                    return .placeholder(parser.range(open, separator))
                }
            }
            let close = parser.next()
            return parser.bounded(Expression(.tuple(elements), range: parser.range(open, close)))
        }
    }

    private mutating func parseObjectOrFor() -> Expression {
        let open = next()
        guard enterNesting(at: open) else {
            recoverToClosing(.cBrace)
            return .placeholder(range(open))
        }
        defer { leaveNesting() }
        if withNewlines(false, { $0.isForKeyword() }) {
            return withNewlines(false) { $0.parseFor(open: open, object: true) }
        }
        return withNewlines(true) { parser -> Expression in
            var items: [ObjectItem] = []
            while true {
                while parser.peek().kind == .newline { parser.next() }
                let token = parser.peek()
                if token.kind == .cBrace { break }
                if token.kind == .eof {
                    parser.error("Unterminated object", "There is no closing brace for this object.", at: open)
                    return .placeholder(parser.range(open))
                }
                guard let item = parser.parseObjectItem() else {
                    parser.recoverToClosing(.cBrace)
                    return .placeholder(parser.range(open, token))
                }
                items.append(item)
                let separator = parser.peek()
                switch separator.kind {
                case .comma, .newline: parser.next()
                case .cBrace: break
                default:
                    parser.error("Missing attribute separator", "Expected a newline or comma to mark the beginning of the next attribute.", at: separator)
                    parser.recoverToClosing(.cBrace)
                    return .placeholder(parser.range(open, separator))
                }
            }
            let close = parser.next()
            return parser.bounded(Expression(.object(items), range: parser.range(open, close)))
        }
    }

    private mutating func parseObjectItem() -> ObjectItem? {
        let first = peek()
        let key: ObjectKey
        if first.kind == .ident, [.equal, .colon].contains(peekSecond().kind) {
            next()
            key = .name(text(first), range(first))
        } else {
            let keyExpression = parseExpression()
            if case .traversal(let t) = keyExpression.node, t.steps.isEmpty {
                key = .name(t.root, keyExpression.range)
            } else {
                key = .expression(keyExpression)
            }
        }
        let assign = peek()
        guard assign.kind == .equal || assign.kind == .colon else {
            let detail = assign.kind == .newline
                ? "Expected an equals sign (\"=\") to mark the beginning of the attribute value. If you intended to start a new attribute, the previous one must have a value."
                : "Expected an equals sign (\"=\") to mark the beginning of the attribute value."
            error("Missing key/value separator", detail, at: assign)
            return nil
        }
        next()
        let value = parseExpression()
        return ObjectItem(key: key, value: value)
    }

    private func isForKeyword() -> Bool {
        let token = peek()
        return token.kind == .ident && text(token) == "for" && peekSecond().kind == .ident
    }

    /// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
    private mutating func parseFor(open: Token, object: Bool) -> Expression {
        let close: TokenKind = object ? .cBrace : .cBrack
        func fail(_ parser: inout Parser, _ summary: String, _ detail: String) -> Expression {
            parser.error(summary, detail, at: parser.peek())
            parser.recoverToClosing(close)
            return .placeholder(parser.range(open))
        }
        next()  // for
        var first = next()
        guard first.kind == .ident else { return fail(&self, "Invalid 'for' expression", "For expression requires variable name after 'for'.") }
        var keyVariable: String? = nil
        var valueVariable = text(first)
        if peek().kind == .comma {
            next()
            first = next()
            guard first.kind == .ident else { return fail(&self, "Invalid 'for' expression", "For expression requires value variable name after comma.") }
            keyVariable = valueVariable
            valueVariable = text(first)
        }
        guard peek().kind == .ident, text(peek()) == "in" else {
            return fail(&self, "Invalid 'for' expression", "For expression requires the 'in' keyword after its name declarations.")
        }
        next()
        let collection = parseExpression()
        guard peek().kind == .colon else {
            return fail(&self, "Invalid 'for' expression", "For expression requires a colon after the collection expression.")
        }
        next()
        var keyExpression: Expression? = nil
        var valueExpression = parseExpression()
        var grouped = false
        if object {
            guard peek().kind == .fatArrow else {
                return fail(&self, "Invalid 'for' expression", "Key expression is required when building an object.")
            }
            next()
            keyExpression = valueExpression
            valueExpression = parseExpression()
            if peek().kind == .ellipsis {
                next()
                grouped = true
            }
        } else if peek().kind == .fatArrow {
            return fail(&self, "Invalid 'for' expression", "Key expression is not valid when building a tuple.")
        }
        var condition: Expression? = nil
        if peek().kind == .ident, text(peek()) == "if" {
            next()
            condition = parseExpression()
        }
        let end = peek()
        guard end.kind == close else {
            return fail(&self, "Invalid 'for' expression", "Extra characters after the end of the 'for' expression.")
        }
        next()
        let forExpression = ForExpression(
            keyVariable: keyVariable, valueVariable: valueVariable, collection: collection,
            keyExpression: keyExpression, valueExpression: valueExpression, condition: condition,
            grouped: grouped, openRange: range(open), closeRange: range(end))
        return bounded(Expression(.forExpression(forExpression), range: range(open, end)))
    }
}
