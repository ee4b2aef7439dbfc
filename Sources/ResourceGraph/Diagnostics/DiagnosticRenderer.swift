/// Renders diagnostics for people: severity and summary, where (file, line, column, and the
/// enclosing block), the source line with the offending range underlined, then the detail.
///
///     ╷
///     │ Error: Unsupported argument
///     │
///     │   on main.tf line 12, column 3, in resource "aws_vpc" "main":
///     │   12:   cidr_blok = "10.0.0.0/16"
///     │             ^^^^^^^^^
///     │
///     │ An argument named "cidr_blok" is not expected here. Did you mean "cidr_block"?
///     ╵
public struct DiagnosticRenderer {
    public var sources: [String: SourceFile] {
        didSet { lines = sources.mapValues(\.lines) }
    }
    /// Each source's lines, split once: splitting per diagnostic made rendering many
    /// diagnostics of a large file quadratic.
    private var lines: [String: [String]]
    public var color: Bool
    /// Text width to wrap the detail at; nil leaves it unwrapped.
    public var width: Int?

    public init(sources: [String: SourceFile], color: Bool = false, width: Int? = 78) {
        self.sources = sources
        self.lines = sources.mapValues(\.lines)
        self.color = color
        self.width = width
    }

    public func render(_ diagnostics: Diagnostics) -> String {
        diagnostics.map(render).joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let severity = diagnostic.severity == .error ? "Error" : "Warning"
        let tint = diagnostic.severity == .error ? "\u{1B}[31m" : "\u{1B}[33m"
        lines.append(styled("\(severity): ", tint + "\u{1B}[1m") + styled(diagnostic.summary, "\u{1B}[1m"))
        if let subject = diagnostic.subject, subject.start.line > 0 {
            lines.append("")
            lines += snippet(for: subject)
        }
        if !diagnostic.detail.isEmpty {
            lines.append("")
            for paragraphLine in diagnostic.detail.split(separator: "\n", omittingEmptySubsequences: false) {
                lines += wrap(String(paragraphLine))
            }
        }
        let bar = styled("│", tint)
        var out = styled("╷", tint) + "\n"
        for line in lines { out += line.isEmpty ? "\(bar)\n" : "\(bar) \(line)\n" }
        out += styled("╵", tint) + "\n"
        return out
    }

    private func snippet(for range: SourceRange) -> [String] {
        var header = "  on \(range.filename) line \(range.start.line), column \(range.start.column)"
        guard let lines = lines[range.filename] else { return [header + ":"] }
        guard range.start.line - 1 < lines.count else { return [header + ":"] }
        if let block = enclosingBlock(lines: lines, line: range.start.line) { header += ", in \(block)" }
        let text = lines[range.start.line - 1]
        let number = "\(range.start.line)"
        let prefix = "  \(number): "
        var result = [header + ":", prefix + text]
        // Underline the subject on its first line.
        let startColumn = max(1, range.start.column)
        let endColumn = range.end.line == range.start.line ? max(range.end.column, startColumn + 1) : text.unicodeScalars.count + 1
        let lead = String(repeating: " ", count: prefix.count + startColumn - 1)
        result.append(lead + styled(String(repeating: "^", count: max(1, endColumn - startColumn)), "\u{1B}[1m"))
        return result
    }

    /// The top-level block a line is in, as `resource "aws_vpc" "main"`, found by looking up for
    /// the nearest unindented block header.
    private func enclosingBlock(lines: [String], line: Int) -> String? {
        var index = line - 1
        while index >= 0 {
            let text = lines[index]
            if let first = text.first, !first.isWhitespace, text.hasSuffix("{") || text.contains("{") {
                let header = text.prefix { $0 != "{" }.trimmingTrailingSpaces()
                let words = header.split(separator: " ")
                if let keyword = words.first, ["resource", "data", "module", "variable", "output", "provider", "locals", "terraform"].contains(String(keyword)) {
                    return header
                }
                return nil
            }
            index -= 1
        }
        return nil
    }

    private func wrap(_ text: String) -> [String] {
        guard let width, text.count > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private func styled(_ text: String, _ code: String) -> String {
        color ? code + text + "\u{1B}[0m" : text
    }
}

extension SourceFile {
    /// The file's lines, without their line endings.
    public var lines: [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }
}

private extension Substring {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
