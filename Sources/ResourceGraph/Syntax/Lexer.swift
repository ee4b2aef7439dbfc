/// Turns HCL source bytes into tokens. Like hclsyntax's scanner it has modes: ordinary tokens,
/// the literal text of quoted and heredoc templates, and the tokens inside `${ }` and `%{ }`
/// sequences, which must know which `}` closes them. A stack of frames keeps track.
public struct Lexer {
    private enum Frame {
        case quoted
        /// A heredoc's text; a nil marker is a template file's text, which only the end closes.
        case heredoc(marker: [UInt8]?)
        /// Inside `${ … }` or `%{ … }`; counts the braces opened within, so the right `}` ends it.
        case sequence(openBraces: Int)
    }

    private let source: SourceFile
    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1
    private var frames: [Frame] = []
    private var tokens: [Token] = []
    private var atLineStart = true

    public static func tokenize(_ source: SourceFile) -> [Token] {
        var lexer = Lexer(source: source)
        lexer.run()
        return lexer.tokens
    }

    /// Tokenizes a template file (as `templatefile` reads): all of it is template text, as in a
    /// heredoc's body.
    public static func tokenizeTemplate(_ source: SourceFile) -> [Token] {
        var lexer = Lexer(source: source)
        lexer.frames = [.heredoc(marker: nil)]
        lexer.run()
        return lexer.tokens
    }

    private init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
        tokens.reserveCapacity(bytes.count / 4)
    }

    private var position: SourcePos { SourcePos(line: line, column: column, byte: offset) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    /// Moves past one byte, keeping line and column (in Unicode scalars) up to date.
    private mutating func advance() {
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(_ count: Int) {
        for _ in 0..<count where offset < bytes.count { advance() }
    }

    private mutating func emit(_ kind: TokenKind, from start: SourcePos) {
        tokens.append(Token(kind: kind, start: start, end: position))
    }

    private mutating func run() {
        while offset < bytes.count {
            switch frames.last {
            case .quoted: scanQuotedTemplate()
            case .heredoc(let marker): scanHeredocTemplate(marker: marker)
            case .sequence, nil: scanToken()
            }
        }
        let end = position
        tokens.append(Token(kind: .eof, start: end, end: end))
    }

    // MARK: Ordinary tokens

    private mutating func scanToken() {
        let byte = bytes[offset]
        let start = position
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            advance()
        case UInt8(ascii: "\n"):
            advance()
            emit(.newline, from: start)
        case UInt8(ascii: "#"):
            scanLineComment(from: start)
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
            scanLineComment(from: start)
        case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
            scanBlockComment(from: start)
        case UInt8(ascii: "\""):
            advance()
            emit(.oQuote, from: start)
            frames.append(.quoted)
        case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "<") && startsHeredoc():
            scanHeredocOpening(from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber(from: start)
        case UInt8(ascii: "{"):
            if case .sequence(let open) = frames.last { frames[frames.count - 1] = .sequence(openBraces: open + 1) }
            advance()
            emit(.oBrace, from: start)
        case UInt8(ascii: "}"):
            closeBrace(from: start)
        case UInt8(ascii: "~") where peek(1) == UInt8(ascii: "}"):
            if case .sequence(0) = frames.last {
                advance(2)
                frames.removeLast()
                emit(.templateSeqEnd, from: start)
            } else {
                advance()
                emit(.invalid, from: start)
            }
        default:
            if isIdentifierStart(at: offset) {
                scanIdentifier(from: start)
            } else {
                scanOperator(from: start)
            }
        }
    }

    private mutating func closeBrace(from start: SourcePos) {
        advance()
        if case .sequence(let open) = frames.last {
            if open == 0 {
                frames.removeLast()
                emit(.templateSeqEnd, from: start)
                return
            }
            frames[frames.count - 1] = .sequence(openBraces: open - 1)
        }
        emit(.cBrace, from: start)
    }

    private mutating func scanOperator(from start: SourcePos) {
        let byte = bytes[offset]
        let next = peek(1)
        func two(_ kind: TokenKind) { advance(2); emit(kind, from: start) }
        func one(_ kind: TokenKind) { advance(); emit(kind, from: start) }
        switch byte {
        case UInt8(ascii: "["): one(.oBrack)
        case UInt8(ascii: "]"): one(.cBrack)
        case UInt8(ascii: "("): one(.oParen)
        case UInt8(ascii: ")"): one(.cParen)
        case UInt8(ascii: "*"): one(.star)
        case UInt8(ascii: "/"): one(.slash)
        case UInt8(ascii: "+"): one(.plus)
        case UInt8(ascii: "-"): one(.minus)
        case UInt8(ascii: "%"): one(.percent)
        case UInt8(ascii: ","): one(.comma)
        case UInt8(ascii: "?"): one(.question)
        case UInt8(ascii: ":"): next == UInt8(ascii: ":") ? two(.doubleColon) : one(.colon)
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { two(.equalOp) } else if next == UInt8(ascii: ">") { two(.fatArrow) } else { one(.equal) }
        case UInt8(ascii: "!"): next == UInt8(ascii: "=") ? two(.notEqual) : one(.bang)
        case UInt8(ascii: "<"): next == UInt8(ascii: "=") ? two(.lessThanEq) : one(.lessThan)
        case UInt8(ascii: ">"): next == UInt8(ascii: "=") ? two(.greaterThanEq) : one(.greaterThan)
        case UInt8(ascii: "&") where next == UInt8(ascii: "&"): two(.and)
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"): two(.or)
        case UInt8(ascii: "."):
            if next == UInt8(ascii: "."), peek(2) == UInt8(ascii: ".") {
                advance(3)
                emit(.ellipsis, from: start)
            } else {
                one(.dot)
            }
        default:
            // One whole UTF-8 sequence becomes one invalid token, so columns stay right.
            advance()
            while let b = peek(), b & 0xC0 == 0x80 { advance() }
            emit(.invalid, from: start)
        }
    }

    private mutating func scanLineComment(from start: SourcePos) {
        while let b = peek(), b != UInt8(ascii: "\n") { advance() }
        emit(.comment, from: start)
    }

    private mutating func scanBlockComment(from start: SourcePos) {
        advance(2)
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                advance(2)
                emit(.comment, from: start)
                return
            }
            advance()
        }
        // Unterminated: the parser reports it from the token's text.
        emit(.comment, from: start)
    }

    /// Digits, an optional fraction and an optional exponent. A dot not followed by a digit is
    /// left alone, so `a.0.b` lexes as a traversal.
    private mutating func scanNumber(from start: SourcePos) {
        func digits() { while let b = peek(), isDigit(b) { advance() } }
        digits()
        if peek() == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
            advance()
            digits()
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var ahead = 1
            if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { ahead = 2 }
            if let d = peek(ahead), isDigit(d) {
                advance(ahead)
                digits()
            }
        }
        emit(.numberLit, from: start)
    }

    private mutating func scanIdentifier(from start: SourcePos) {
        advanceScalar()
        while offset < bytes.count, isIdentifierContinue(at: offset) { advanceScalar() }
        emit(.ident, from: start)
    }

    private mutating func advanceScalar() {
        advance()
        while let b = peek(), b & 0xC0 == 0x80 { advance() }
    }

    // MARK: Heredocs

    /// `<<` starts a heredoc only when followed by an optional `-`, an identifier and a newline.
    private func startsHeredoc() -> Bool {
        var index = offset + 2
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isIdentifierStart(at: index) else { return false }
        while index < bytes.count, isIdentifierContinue(at: index) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\r") { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "\n")
    }

    private mutating func scanHeredocOpening(from start: SourcePos) {
        advance(2)
        if peek() == UInt8(ascii: "-") { advance() }
        let markerStart = offset
        while offset < bytes.count, isIdentifierContinue(at: offset) { advance() }
        let marker = Array(bytes[markerStart..<offset])
        if peek() == UInt8(ascii: "\r") { advance() }
        advance()  // the newline
        emit(.oHeredoc, from: start)
        frames.append(.heredoc(marker: marker))
        atLineStart = true
    }

    private mutating func scanHeredocTemplate(marker: [UInt8]?) {
        let start = position
        if atLineStart, let marker, let closingEnd = closingMarkerEnd(marker) {
            advance(closingEnd - offset)
            frames.removeLast()
            emit(.cHeredoc, from: start)
            atLineStart = false
            return
        }
        if let sequence = sequenceOpening() {
            openSequence(sequence, from: start)
            atLineStart = false
            return
        }
        // Literal text up to the end of this line (inclusive) or the next sequence.
        while offset < bytes.count {
            if isEscapedSequence() { advance(3); continue }
            if sequenceOpening() != nil { break }
            let byte = bytes[offset]
            advance()
            if byte == UInt8(ascii: "\n") { break }
        }
        atLineStart = offset > 0 && bytes[offset - 1] == UInt8(ascii: "\n")
        emit(.stringLit, from: start)
    }

    /// Where the closing line ends if the current line closes the heredoc: the marker with
    /// optional spaces around it, then a newline (left for the parser). As in hclsyntax, a
    /// marker with no newline after it, at the very end of the input, does not close it.
    private func closingMarkerEnd(_ marker: [UInt8]) -> Int? {
        func isSpace(_ index: Int) -> Bool { bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") }
        var index = offset
        while index < bytes.count, isSpace(index) { index += 1 }
        guard index + marker.count <= bytes.count, bytes[index..<index + marker.count].elementsEqual(marker) else { return nil }
        index += marker.count
        while index < bytes.count, isSpace(index) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\r") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else { return nil }
        return index
    }

    // MARK: Quoted templates

    private mutating func scanQuotedTemplate() {
        let start = position
        let byte = bytes[offset]
        if byte == UInt8(ascii: "\"") {
            advance()
            frames.removeLast()
            emit(.cQuote, from: start)
            return
        }
        if byte == UInt8(ascii: "\n") {
            // A quoted string may not span lines: end it here and let the parser say so.
            frames.removeLast()
            emit(.unterminatedQuote, from: start)
            return
        }
        if let sequence = sequenceOpening() {
            openSequence(sequence, from: start)
            return
        }
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\") {
                advance()
                if let next = peek(), next != UInt8(ascii: "\n") { advanceScalar() }
                continue
            }
            if isEscapedSequence() { advance(3); continue }
            if sequenceOpening() != nil { break }
            advanceScalar()
        }
        emit(.quotedLit, from: start)
    }

    // MARK: Template sequences

    private enum SequenceOpening { case interpolation, control }

    /// `${` or `%{` (not their escaped forms `$${` and `%%{`).
    private func sequenceOpening() -> SequenceOpening? {
        guard let next = peek(1), next == UInt8(ascii: "{") else { return nil }
        switch bytes[offset] {
        case UInt8(ascii: "$"): return .interpolation
        case UInt8(ascii: "%"): return .control
        default: return nil
        }
    }

    private func isEscapedSequence() -> Bool {
        let b = bytes[offset]
        guard b == UInt8(ascii: "$") || b == UInt8(ascii: "%") else { return false }
        return peek(1) == b && peek(2) == UInt8(ascii: "{")
    }

    private mutating func openSequence(_ sequence: SequenceOpening, from start: SourcePos) {
        advance(2)
        if peek() == UInt8(ascii: "~") { advance() }
        emit(sequence == .interpolation ? .templateInterp : .templateControl, from: start)
        frames.append(.sequence(openBraces: 0))
    }

    // MARK: Character classes

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isIdentifierStart(at index: Int) -> Bool {
        let b = bytes[index]
        if b < 0x80 {
            return (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
        }
        return scalar(at: index)?.properties.isIDStart ?? false
    }

    private func isIdentifierContinue(at index: Int) -> Bool {
        let b = bytes[index]
        if b < 0x80 {
            return isIdentifierStart(at: index) || isDigit(b) || b == UInt8(ascii: "-")
        }
        return scalar(at: index)?.properties.isIDContinue ?? false
    }

    private func scalar(at index: Int) -> Unicode.Scalar? {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&iterator) { return s }
        return nil
    }
}
