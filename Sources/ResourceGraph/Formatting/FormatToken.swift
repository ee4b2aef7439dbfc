/// A token as the formatter sees it: its kind, its exact text and the spaces written before it.
/// Formatting only ever changes `spacesBefore` (and, for Terraform's normalisations, swaps whole
/// tokens), never a token's text, which is what keeps heredocs, template literals and comments
/// exactly as written.
struct FormatToken {
    var kind: TokenKind
    var text: String
    var spacesBefore: Int
    /// Where the token came from in the source, in bytes; nil for tokens the formatter made.
    var sourceBytes: Range<Int>?

    init(kind: TokenKind, text: String, spacesBefore: Int = 0, sourceBytes: Range<Int>? = nil) {
        self.kind = kind
        self.text = text
        self.spacesBefore = spacesBefore
        self.sourceBytes = sourceBytes
    }

    /// A newline, or a `#`/`//` comment, which carries the newline that ends it.
    var endsLine: Bool {
        kind == .newline || (kind == .comment && text.utf8.last == UInt8(ascii: "\n"))
    }

    /// How many columns the token takes on its line, counting the spaces before it. Characters
    /// are grapheme clusters, so a flag emoji is one column, as in hclwrite.
    var columns: Int { spacesBefore + text.count }

    /// Which way the token moves the bracket depth: `{ [ ( ${ %{` open, `} ] ) }` close.
    var bracketChange: Int {
        switch kind {
        case .oBrace, .oBrack, .oParen, .templateInterp, .templateControl: return 1
        case .cBrace, .cBrack, .cParen, .templateSeqEnd: return -1
        default: return 0
        }
    }
}

extension FormatToken {
    /// The source's tokens in the shape hclsyntax's scanner gives them, which the layout rules
    /// are written against: a line comment absorbs the newline after it, and a newline keeps a
    /// carriage return before it, so Windows line endings survive formatting.
    static func tokens(of source: SourceFile) -> [FormatToken] {
        let lexed = Lexer.tokenize(source)
        var result: [FormatToken] = []
        result.reserveCapacity(lexed.count)
        var previousEnd = 0
        var index = 0
        while index < lexed.count {
            let token = lexed[index]
            let start = token.start.byte
            var end = token.end.byte
            var text = source.text(of: token)
            let gap = start - previousEnd
            switch token.kind {
            case .newline where start > previousEnd && source.bytes[start - 1] == UInt8(ascii: "\r"):
                text = "\r\n"
            case .comment where isLineComment(text) && index + 1 < lexed.count && lexed[index + 1].kind == .newline:
                index += 1
                end = lexed[index].end.byte
                text += "\n"
            default:
                break
            }
            result.append(FormatToken(kind: token.kind, text: text, spacesBefore: gap, sourceBytes: start..<end))
            previousEnd = end
            index += 1
        }
        return result
    }

    private static func isLineComment(_ text: String) -> Bool {
        text.hasPrefix("#") || text.hasPrefix("//")
    }
}
