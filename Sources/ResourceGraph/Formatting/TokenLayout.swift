/// Lays tokens out the way hclwrite's formatter does, by setting the spaces before each token in
/// three passes over the lines: indentation from bracket depth, spacing between the tokens of a
/// cell, then alignment of the `=` and comment cells of consecutive lines. Newlines are never
/// added or removed, so the vertical layout stays as the author wrote it.
struct TokenLayout {
    private var tokens: [FormatToken]
    private let lines: [FormatLine]

    /// The laid-out text of the tokens, which must end with `.eof`.
    static func render(_ tokens: [FormatToken]) -> String {
        var layout = TokenLayout(tokens: tokens)
        layout.indent()
        layout.space()
        layout.align()
        return layout.text
    }

    private init(tokens: [FormatToken]) {
        self.tokens = tokens
        self.lines = FormatLine.lines(of: tokens)
    }

    private var text: String {
        var result = ""
        // The end of the file is on no line, so the spaces before it stay as they were (as
        // spaces): hclwrite leaves them, and so `terraform fmt -check` accepts them.
        for token in tokens {
            result += String(repeating: " ", count: token.spacesBefore)
            result += token.text
        }
        return result
    }

    // MARK: Indentation

    /// Two spaces per level. A line that opens more brackets than it closes indents the lines
    /// after it by one level, however many it opened; a line that closes brackets dedents by the
    /// levels those brackets opened. The stack remembers how many brackets each level opened, so
    /// `[[` on one line and `]]` on another make one level, not two.
    private mutating func indent() {
        var levels: [Int] = []
        for line in lines where !line.lead.isEmpty {
            let first = line.lead.lowerBound
            if tokens[first].kind == .newline {
                tokens[first].spacesBefore = 0
                continue
            }
            var net = 0
            for index in line.lead {
                net += tokens[index].bracketChange
                // A heredoc's body brackets belong to its text, not to the layout.
                if tokens[index].kind == .oHeredoc { break }
            }
            for index in line.assign ?? 0..<0 { net += tokens[index].bracketChange }

            if net > 0 {
                tokens[first].spacesBefore = 2 * levels.count
                levels.append(net)
                continue
            }
            var closed = -net
            while closed > 0, let opened = levels.last {
                if closed >= opened {
                    levels.removeLast()
                    closed -= opened
                } else {
                    levels[levels.count - 1] = opened - closed
                    closed = 0
                }
            }
            tokens[first].spacesBefore = 2 * levels.count
        }
    }

    // MARK: Spacing within cells

    private mutating func space() {
        for line in lines {
            spaceTokens(in: line.lead)
            if let assign = line.assign {
                // The `=` is always one space from the name; alignment may widen it later.
                tokens[assign.lowerBound].spacesBefore = 1
                spaceTokens(in: assign)
            }
        }
    }

    private mutating func spaceTokens(in cell: Range<Int>) {
        for index in cell.dropLast() {
            let before = index > cell.lowerBound ? tokens[index - 1] : nil
            let space = TokenSpacing.spaceAfter(tokens[index], before: before, after: tokens[index + 1])
            tokens[index + 1].spacesBefore = space ? 1 : 0
        }
    }

    // MARK: Alignment

    /// Within each run of consecutive lines that have an `=` cell, the `=` signs line up one
    /// space after the longest lead; then, within each run of lines with a trailing comment, the
    /// comments line up one space after the longest code. Any line without the cell (a blank
    /// line, a comment on its own, a block header, a value spanning lines) ends the run.
    private mutating func align() {
        alignRuns(of: .assign)
        alignRuns(of: .comment)
    }

    private enum AlignedCell { case assign, comment }

    private mutating func alignRuns(of cell: AlignedCell) {
        var run: [FormatLine] = []
        for line in lines {
            if start(of: cell, in: line) != nil {
                run.append(line)
            } else {
                align(run, cell)
                run.removeAll()
            }
        }
        align(run, cell)
    }

    private mutating func align(_ run: [FormatLine], _ cell: AlignedCell) {
        let widest = run.map { width(before: cell, in: $0) }.max() ?? 0
        for line in run {
            tokens[start(of: cell, in: line)!].spacesBefore = widest - width(before: cell, in: line) + 1
        }
    }

    private func start(of cell: AlignedCell, in line: FormatLine) -> Int? {
        switch cell {
        case .assign: return line.assign?.lowerBound
        case .comment: return line.comment?.lowerBound
        }
    }

    /// The columns the line takes before the cell.
    private func width(before cell: AlignedCell, in line: FormatLine) -> Int {
        switch cell {
        case .assign: return columns(line.lead)
        case .comment: return columns(line.lead) + columns(line.assign)
        }
    }

    private func columns(_ cell: Range<Int>?) -> Int {
        guard let cell else { return 0 }
        return tokens[cell].reduce(0) { $0 + $1.columns }
    }
}
