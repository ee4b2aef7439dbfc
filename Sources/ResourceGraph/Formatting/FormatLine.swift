/// One line of tokens split into the cells that line up with the same cells on neighbouring
/// lines, as hclwrite does it:
///
/// - `lead`: everything up to the other cells (always present);
/// - `assign`: from an argument's `=` to the end of the line, when the value is whole on this
///   line (its brackets balance), so consecutive arguments can align their `=`;
/// - `comment`: a comment ending a line that has other tokens, so trailing comments align.
///
/// Cells are index ranges into the token array being formatted. A line's last token is the
/// newline (or line comment) that ends it, except for the final line of a file.
struct FormatLine {
    var lead: Range<Int>
    var assign: Range<Int>?
    var comment: Range<Int>?

    /// Splits tokens (ending with `.eof`) into lines and each line into its cells. A heredoc's
    /// body is part of the line that opens it, because its text lines are literal tokens rather
    /// than newlines.
    static func lines(of tokens: [FormatToken]) -> [FormatLine] {
        var lines: [FormatLine] = []
        var lineStart = 0
        for (index, token) in tokens.enumerated() {
            if token.kind == .eof {
                lines.append(FormatLine(cellsOf: lineStart..<index, in: tokens))
                return lines
            }
            if token.endsLine {
                lines.append(FormatLine(cellsOf: lineStart..<(index + 1), in: tokens))
                lineStart = index + 1
            }
        }
        lines.append(FormatLine(cellsOf: lineStart..<tokens.count, in: tokens))
        return lines
    }

    private init(cellsOf range: Range<Int>, in tokens: [FormatToken]) {
        lead = range
        guard !range.isEmpty else { return }
        if range.count > 1, tokens[range.upperBound - 1].kind == .comment {
            comment = (range.upperBound - 1)..<range.upperBound
            lead = range.lowerBound..<(range.upperBound - 1)
        }
        // Only the first `=` can start the assign cell, and only when the value closes every
        // bracket it opens: a value that carries on over the next lines is not aligned.
        guard let equals = lead.dropFirst().first(where: { tokens[$0].kind == .equal }) else { return }
        let netBrackets = tokens[equals..<lead.upperBound].reduce(0) { $0 + $1.bracketChange }
        if netBrackets == 0 {
            assign = equals..<lead.upperBound
            lead = lead.lowerBound..<equals
        }
    }
}
