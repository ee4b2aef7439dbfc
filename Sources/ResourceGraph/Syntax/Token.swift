/// The kinds of token in HCL's native syntax, following hashicorp/hcl's hclsyntax scanner.
public enum TokenKind: UInt8, Sendable {
    case oBrace, cBrace, oBrack, cBrack, oParen, cParen
    case oQuote, cQuote
    /// `<<EOT` or `<<-EOT` and its newline.
    case oHeredoc
    /// The line that closes a heredoc: optional indentation and the marker.
    case cHeredoc
    case star, slash, plus, minus, percent
    case equal, equalOp, notEqual, lessThan, lessThanEq, greaterThan, greaterThanEq
    case and, or, bang
    case dot, comma, ellipsis, fatArrow, question, colon, doubleColon
    /// `${` or `${~` inside a template.
    case templateInterp
    /// `%{` or `%{~` inside a template.
    case templateControl
    /// `}` or `~}` closing an interpolation or directive.
    case templateSeqEnd
    /// Literal text of a quoted template, escapes not yet decoded.
    case quotedLit
    /// Literal text of a heredoc template.
    case stringLit
    case numberLit
    case ident
    case comment
    case newline
    case eof
    /// Bytes that form no token; `invalidReason` on the lexer says why.
    case invalid
    /// A quoted string that reached the end of its line.
    case unterminatedQuote
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var start: SourcePos
    public var end: SourcePos

    /// A strip marker (`~`) sits just inside a `${~`, `%{~` or `~}`.
    public func hasStripMarker(in source: SourceFile) -> Bool {
        switch kind {
        case .templateInterp, .templateControl: return end.byte - start.byte == 3
        case .templateSeqEnd: return end.byte - start.byte == 2
        default: return false
        }
    }
}

/// A source file's name and bytes, kept together so tokens can be turned back into text and
/// diagnostics can show the lines they point at.
public struct SourceFile: Sendable {
    public let filename: String
    public let bytes: [UInt8]

    public init(filename: String, bytes: [UInt8]) {
        self.filename = filename
        self.bytes = bytes
    }

    public init(filename: String, text: String) {
        self.init(filename: filename, bytes: Array(text.utf8))
    }

    public func text(of token: Token) -> String { text(from: token.start.byte, to: token.end.byte) }

    public func text(from start: Int, to end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    public func range(_ start: SourcePos, _ end: SourcePos) -> SourceRange {
        SourceRange(filename: filename, start: start, end: end)
    }

    public func range(of token: Token) -> SourceRange { range(token.start, token.end) }
}
