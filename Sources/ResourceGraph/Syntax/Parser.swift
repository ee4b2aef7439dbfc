/// A recursive-descent parser for HCL's native syntax. Like hclsyntax's parser it recovers after
/// a bad item (skipping to the end of the line or block, counting brackets) and keeps going, so
/// one run reports every error; a placeholder stands in for whatever failed to parse.
public struct Parser {
    /// How deeply brackets, blocks, templates and operators may nest. Real configurations stay far
    /// below this; the limit exists so hostile or generated input cannot exhaust the stack.
    public static let maximumNestingDepth = 256

    let source: SourceFile
    let tokens: [Token]
    var index = 0
    var diagnostics = Diagnostics()
    /// Whether newlines are tokens at the moment (in bodies and object constructors) or skipped
    /// (inside parentheses, brackets and template sequences).
    var newlineModes: [Bool] = [true]
    var nesting = 0

    /// Parses a whole file into its top-level body.
    public static func parse(_ source: SourceFile) -> (Body, Diagnostics) {
        var parser = Parser(source: source)
        let body = parser.parseBody(topLevel: true)
        return (body, parser.diagnostics)
    }

    /// Parses a single expression, as for `-var` values and the console.
    public static func parseExpression(_ source: SourceFile) -> (Expression, Diagnostics) {
        var parser = Parser(source: source)
        parser.newlineModes = [false]
        let expression = parser.parseExpression()
        if parser.peek().kind != .eof {
            parser.error("Extra characters after expression", "An expression was successfully parsed, but extra characters were found after it.", at: parser.peek())
        }
        return (expression, parser.diagnostics)
    }

    init(source: SourceFile) {
        self.init(source: source, allTokens: Lexer.tokenize(source))
    }

    init(source: SourceFile, allTokens: [Token]) {
        self.source = source
        var tokens: [Token] = []
        tokens.reserveCapacity(allTokens.count)
        for token in allTokens where token.kind != .comment { tokens.append(token) }
        self.tokens = tokens
        reportLexicalErrors(allTokens)
    }

    // MARK: Token access

    var newlinesSignificant: Bool { newlineModes.last ?? true }

    /// The next token, skipping newlines where they do not matter.
    func peek() -> Token {
        var i = index
        if !newlinesSignificant {
            while tokens[i].kind == .newline { i += 1 }
        }
        return tokens[i]
    }

    /// The token after the next one, with the same newline rule.
    func peekSecond() -> Token {
        var i = index
        if !newlinesSignificant { while tokens[i].kind == .newline { i += 1 } }
        if tokens[i].kind == .eof { return tokens[i] }
        i += 1
        if !newlinesSignificant { while tokens[i].kind == .newline { i += 1 } }
        return tokens[i]
    }

    @discardableResult
    mutating func next() -> Token {
        if !newlinesSignificant {
            while tokens[index].kind == .newline { index += 1 }
        }
        let token = tokens[index]
        if token.kind != .eof { index += 1 }
        return token
    }

    mutating func withNewlines<T>(_ significant: Bool, _ body: (inout Parser) -> T) -> T {
        newlineModes.append(significant)
        defer { newlineModes.removeLast() }
        return body(&self)
    }

    func text(_ token: Token) -> String { source.text(of: token) }
    func range(_ token: Token) -> SourceRange { source.range(of: token) }
    func range(_ from: Token, _ to: Token) -> SourceRange { source.range(from.start, to.end) }

    mutating func error(_ summary: String, _ detail: String, at token: Token) {
        diagnostics.error(summary, detail, at: range(token))
    }

    mutating func error(_ summary: String, _ detail: String, at range: SourceRange) {
        diagnostics.error(summary, detail, at: range)
    }

    /// Enters one level of nesting; false (with an error reported) when the limit is reached.
    mutating func enterNesting(at token: Token) -> Bool {
        if nesting >= Parser.maximumNestingDepth {
            error(
                "Nesting too deep",
                "Expressions, blocks and templates may nest at most \(Parser.maximumNestingDepth) levels deep.",
                at: token)
            return false
        }
        nesting += 1
        return true
    }

    mutating func leaveNesting() { nesting -= 1 }

    // MARK: Recovery

    /// Skips to the end of the current line, stepping over any brackets opened on the way so a
    /// multi-line value does not confuse what follows.
    mutating func recoverToEndOfLine() {
        var depth = 0
        while true {
            let token = tokens[index]
            switch token.kind {
            case .eof: return
            case .newline where depth == 0:
                index += 1
                return
            case .oBrace, .oBrack, .oParen, .oQuote, .oHeredoc, .templateInterp, .templateControl: depth += 1
            case .cBrace, .cBrack, .cParen, .cQuote, .cHeredoc, .templateSeqEnd, .unterminatedQuote: depth = max(0, depth - 1)
            default: break
            }
            index += 1
        }
    }

    /// Skips past the bracket that closes the one just opened, counting nested brackets.
    mutating func recoverToClosing(_ close: TokenKind) {
        var depth = 0
        while true {
            let token = tokens[index]
            if token.kind == .eof { return }
            index += 1
            switch token.kind {
            case .oBrace, .oBrack, .oParen, .oQuote, .oHeredoc, .templateInterp, .templateControl: depth += 1
            case close where depth == 0: return
            case .cBrace, .cBrack, .cParen, .cQuote, .cHeredoc, .templateSeqEnd, .unterminatedQuote: depth = max(0, depth - 1)
            default: break
            }
        }
    }

    // MARK: Lexical errors

    private mutating func reportLexicalErrors(_ allTokens: [Token]) {
        for token in allTokens {
            switch token.kind {
            case .invalid:
                let text = source.text(of: token)
                if text == "'" {
                    error("Invalid character", "Single quotes are not valid. Use double quotes (\") to enclose strings.", at: token)
                } else {
                    error("Invalid character", "This character is not used within the language.", at: token)
                }
            case .comment:
                let text = source.text(of: token)
                if text.hasPrefix("/*"), !text.hasSuffix("*/") || text.utf8.count < 4 {
                    error("Unterminated comment", "There is no closing marker for this multi-line comment (\"*/\").", at: token)
                }
            default:
                break
            }
        }
    }
}
