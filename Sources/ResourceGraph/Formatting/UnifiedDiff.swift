/// A unified diff of two texts in the form `diff -u` prints it, which is what `terraform fmt
/// -diff` shows: `---`/`+++` labels, then hunks of changed lines with three lines of context,
/// hunks closer than twice the context merged into one.
public enum UnifiedDiff {
    /// The diff, or the empty string when the texts are equal.
    public static func make(from old: String, to new: String, oldLabel: String, newLabel: String, context: Int = 3) -> String {
        let oldLines = lines(of: old)
        let newLines = lines(of: new)
        let operations = self.operations(oldLines, newLines)
        let changes = operations.indices.filter { operations[$0].kind != .keep }
        guard !changes.isEmpty else { return "" }

        var output = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for hunk in hunks(around: changes, count: operations.count, context: context) {
            let slice = operations[hunk]
            let oldCount = slice.filter { $0.kind != .insert }.count
            let newCount = slice.filter { $0.kind != .delete }.count
            let first = slice.first!
            output += "@@ -\(span(first.oldLine, oldCount)) +\(span(first.newLine, newCount)) @@\n"
            for operation in slice {
                let line: String
                switch operation.kind {
                case .keep: line = " " + oldLines[operation.oldLine]
                case .delete: line = "-" + oldLines[operation.oldLine]
                case .insert: line = "+" + newLines[operation.newLine]
                }
                output += line.utf8.last == UInt8(ascii: "\n") ? line : line + "\n\\ No newline at end of file\n"
            }
        }
        return output
    }

    /// The text's lines, each with its newline; the last has none when the text does not end
    /// with one. Split on bytes, since `\r\n` is a single Character in Swift.
    private static func lines(of text: String) -> [String] {
        var result: [String] = []
        var start = text.utf8.startIndex
        for index in text.utf8.indices where text.utf8[index] == UInt8(ascii: "\n") {
            let end = text.utf8.index(after: index)
            result.append(String(text[start..<end]))
            start = end
        }
        if start != text.utf8.endIndex { result.append(String(text[start...])) }
        return result
    }

    private struct Operation {
        enum Kind { case keep, delete, insert }
        var kind: Kind
        /// For a kept or deleted line, its index in the old text; for an inserted one, the
        /// number of old lines before it.
        var oldLine: Int
        var newLine: Int
    }

    /// The edit script: for each pair of matched lines, the unmatched old lines before it are
    /// deleted and the unmatched new lines inserted, deletions first as `diff` shows them.
    private static func operations(_ old: [String], _ new: [String]) -> [Operation] {
        var result: [Operation] = []
        var oldLine = 0, newLine = 0
        func advance(toOld oldEnd: Int, new newEnd: Int) {
            while oldLine < oldEnd {
                result.append(Operation(kind: .delete, oldLine: oldLine, newLine: newLine))
                oldLine += 1
            }
            while newLine < newEnd {
                result.append(Operation(kind: .insert, oldLine: oldLine, newLine: newLine))
                newLine += 1
            }
        }
        for match in LineMatcher.matches(old, new) {
            advance(toOld: match.old, new: match.new)
            result.append(Operation(kind: .keep, oldLine: oldLine, newLine: newLine))
            oldLine += 1
            newLine += 1
        }
        advance(toOld: old.count, new: new.count)
        return result
    }

    /// Ranges of operations to show: each change with its context, overlapping or touching
    /// ranges merged.
    private static func hunks(around changes: [Int], count: Int, context: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for change in changes {
            let range = max(0, change - context)..<min(count, change + context + 1)
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<range.upperBound
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// `start,count` as `diff` writes it: 1-based, the count left out when it is one, and an
    /// empty range named by the line before it.
    private static func span(_ firstLine: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(firstLine),0"
        case 1: return "\(firstLine + 1)"
        default: return "\(firstLine + 1),\(count)"
        }
    }
}
