import Testing
@testable import ResourceGraph

/// A syntax error in the second of two files, and where its diagnostic must point.
struct SyntaxLocationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let summary: String
    let detail: String
    let line: Int
    let column: Int
    /// The source text the subject covers: what the renderer underlines.
    let covering: String
    var testDescription: String { name }
}

/// Every kind of syntax error the parser reports, loaded through `ConfigurationLoader` beside a
/// valid file so the file name is checked too: each must point at the token that is wrong.
@Suite struct SyntaxDiagnosticLocationTests {
    static let cases: [SyntaxLocationCase] = [
        .init(name: "invalid character", source: "a = 1 § 2\n", summary: "Invalid character", detail: "not used within the language", line: 1, column: 7, covering: "§"),
        .init(name: "expression missing", source: "a = *\n", summary: "Invalid expression", detail: "but found \"*\"", line: 1, column: 5, covering: "*"),
        .init(name: "index without its closing bracket", source: "a = x[1 2]\n", summary: "Missing close bracket on index", detail: "closing bracket", line: 1, column: 9, covering: "2"),
        .init(name: "parenthesis left open", source: "a = (1 2)\n", summary: "Unbalanced parentheses", detail: "closing parenthesis", line: 1, column: 8, covering: "2"),
        .init(name: "object items without a separator", source: "a = {x = 1 y = 2}\n", summary: "Missing attribute separator", detail: "newline or comma", line: 1, column: 12, covering: "y"),
        .init(name: "object item without a value", source: "a = {\n  x 1\n}\n", summary: "Missing key/value separator", detail: "equals sign", line: 2, column: 5, covering: "1"),
        .init(name: "function arguments without a separator", source: "a = max(1 2)\n", summary: "Missing argument separator", detail: "A comma is required", line: 1, column: 11, covering: "2"),
        .init(name: "function call never closed", source: "a = max(1,\n", summary: "Unterminated function call", detail: "no closing parenthesis", line: 1, column: 8, covering: "("),
        .init(name: "for expression without a colon", source: "a = [for x in y]\n", summary: "Invalid 'for' expression", detail: "requires a colon", line: 1, column: 16, covering: "]"),
        .init(name: "tuple for with a key", source: "a = [for x in y : x => x]\n", summary: "Invalid 'for' expression", detail: "Key expression is not valid", line: 1, column: 21, covering: "=>"),
        .init(name: "conditional without a false branch", source: "a = x ? 1 : \n", summary: "Invalid expression", detail: "the end of the line", line: 1, column: 13, covering: "\n"),
        .init(name: "conditional without a colon", source: "a = (x ? 1)\n", summary: "Missing false expression in conditional", detail: "delimited by a colon", line: 1, column: 11, covering: ")"),
        .init(name: "dot without an attribute name", source: "a = x.\"y\"\n", summary: "Invalid attribute name", detail: "after a dot", line: 1, column: 7, covering: "\""),
        .init(name: "fractional legacy index", source: "a = x.1e-1\n", summary: "Invalid legacy index syntax", detail: "whole numbers", line: 1, column: 7, covering: "1e-1"),
        .init(name: "namespaced name without a call", source: "a = core::upper\n", summary: "Missing function call", detail: "argument list", line: 1, column: 16, covering: "\n"),
        .init(name: "extra tokens in an interpolation", source: "a = \"${x y}\"\n", summary: "Extra characters in interpolation", detail: "but found \"y\"", line: 1, column: 10, covering: "y"),
        .init(name: "unknown template directive", source: "a = \"%{ when x }\"\n", summary: "Invalid template directive", detail: "\"when\" is not a template directive", line: 1, column: 9, covering: "when"),
        .init(name: "if directive never closed", source: "a = \"%{ if x }yes\"\n", summary: "Unterminated template directive", detail: "no %{ endif }", line: 1, column: 6, covering: "%{ if x }"),
        .init(name: "for directive without in", source: "a = \"%{ for x }\"\n", summary: "Invalid 'for' directive", detail: "the 'in' keyword", line: 1, column: 15, covering: "}"),
        .init(name: "invalid escape", source: "a = \"ok \\q\"\n", summary: "Invalid escape sequence", detail: "\"q\" is not a valid escape", line: 1, column: 9, covering: "\\q"),
        .init(name: "unicode escape with too few digits", source: "a = \"é \\u12\"\n", summary: "Invalid escape sequence", detail: "4 hexadecimal digits", line: 1, column: 8, covering: "\\u12"),
        .init(name: "heredoc never closed", source: "a = <<EOT\nhello\n", summary: "Unterminated template string", detail: "no closing marker \"EOT\"", line: 1, column: 5, covering: "<<EOT\n"),
        .init(name: "closing brace at the top level", source: "a = 1\n}\n", summary: "Argument or block definition required", detail: "An argument or block definition is required here", line: 2, column: 1, covering: "}"),
        .init(name: "name without a value", source: "a\n", summary: "Argument or block definition required", detail: "use the equals sign", line: 1, column: 1, covering: "a"),
        .init(name: "two arguments in a single-line block", source: "b { x = 1, y = 2 }\n", summary: "Invalid single-argument block definition", detail: "can contain only a single argument", line: 1, column: 10, covering: ","),
        .init(name: "block followed by more on its line", source: "b {\n} c = 1\n", summary: "Missing newline after block definition", detail: "must end with a newline", line: 2, column: 3, covering: "c"),
        .init(name: "block label not closed", source: "resource \"a\" \"b {\n}\n", summary: "Unterminated block label", detail: "no closing quote", line: 1, column: 14, covering: "\""),
        // Each bracket is two levels (the expression and the tuple), so the 129th is refused.
        .init(name: "brackets nested too deeply", source: "a = " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n", summary: "Nesting too deep", detail: "at most 256 levels", line: 1, column: 133, covering: "["),
    ]

    @Test(arguments: cases)
    func pointsAtTheOffendingToken(_ c: SyntaxLocationCase) throws {
        let files = [
            SourceFile(filename: "a.tf", text: "locals {\n  fine = 1\n}\n"),
            SourceFile(filename: "b.tf", text: c.source),
        ]
        let (configuration, diagnostics) = ConfigurationLoader.load(files: files)
        let diagnostic = try #require(diagnostics.errors.first, "expected an error")
        #expect(diagnostic.summary == c.summary)
        #expect(diagnostic.detail.contains(c.detail), "detail: \(diagnostic.detail)")
        let subject = try #require(diagnostic.subject)
        #expect(subject.filename == "b.tf")
        #expect(subject.start.line == c.line)
        #expect(subject.start.column == c.column)
        let file = try #require(configuration.sources[subject.filename])
        #expect(file.text(from: subject.start.byte, to: subject.end.byte) == c.covering)
    }
}
