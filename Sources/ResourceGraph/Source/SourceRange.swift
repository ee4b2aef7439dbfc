/// A position in a source file. Lines and columns count from 1; columns count Unicode scalars,
/// so a caret drawn under a line of text lines up with what the user sees.
public struct SourcePos: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// Offset in UTF-8 bytes from the start of the file.
    public var byte: Int

    public init(line: Int, column: Int, byte: Int) {
        self.line = line
        self.column = column
        self.byte = byte
    }

    public static let start = SourcePos(line: 1, column: 1, byte: 0)

    public static func < (a: SourcePos, b: SourcePos) -> Bool { a.byte < b.byte }
    public var description: String { "\(line):\(column)" }
}

/// A span of source text: `start` is inclusive, `end` exclusive.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var filename: String
    public var start: SourcePos
    public var end: SourcePos

    public init(filename: String, start: SourcePos, end: SourcePos) {
        self.filename = filename
        self.start = start
        self.end = end
    }

    /// A range for values that do not come from a file (command-line variables, defaults).
    public static func synthetic(_ name: String) -> SourceRange {
        SourceRange(filename: name, start: .start, end: .start)
    }

    /// The smallest range covering both.
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(filename: filename, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(filename):\(start.line),\(start.column)-\(end.line),\(end.column)" }
}
