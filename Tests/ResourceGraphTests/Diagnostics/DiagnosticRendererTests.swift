import Testing
@testable import ResourceGraph

/// What people see: the rendered diagnostic names the file, line and column, shows the line and
/// underlines exactly the subject.
@Suite struct DiagnosticRendererTests {
    @Test func showsWhereAndUnderlinesTheSubject() throws {
        let file = SourceFile(filename: "network.tf", text: """
            resource "aws_vpc" "main" {
              cidr_block = "10.0.0.0/16"
              cidr_block = "10.1.0.0/16"
            }
            """)
        let (configuration, diagnostics) = ConfigurationLoader.load(files: [file])
        let diagnostic = try #require(diagnostics.errors.first)
        let rendered = DiagnosticRenderer(sources: configuration.sources, width: 60).render(diagnostic)
        #expect(rendered == """
            ╷
            │ Error: Attribute redefined
            │
            │   on network.tf line 3, column 3, in resource "aws_vpc" "main":
            │   3:   cidr_block = "10.1.0.0/16"
            │        ^^^^^^^^^^
            │
            │ The argument "cidr_block" was already set at network.tf:2,3.
            │ Each argument may be set only once.
            ╵

            """)
    }

    @Test func alignsTheUnderlineByCharactersNotBytes() throws {
        let file = SourceFile(filename: "main.tf", text: "locals {\n  a = \"éé\" 'x'\n}\n")
        let (configuration, diagnostics) = ConfigurationLoader.load(files: [file])
        let diagnostic = try #require(diagnostics.errors.first)
        let lines = DiagnosticRenderer(sources: configuration.sources).render(diagnostic).split(separator: "\n")
        #expect(lines.contains("│   on main.tf line 2, column 12, in locals:"))
        let source = try #require(lines.firstIndex(of: "│   2:   a = \"éé\" 'x'"))
        // Under the quote: the line's prefix "  2: ", then 11 characters (15 bytes) of source.
        #expect(lines[source + 1] == "│ " + String(repeating: " ", count: 5 + 11) + "^")
    }

    @Test func rendersADiagnosticWithoutASubject() {
        let rendered = DiagnosticRenderer(sources: [:]).render(.error("No configuration files", "The directory is empty."))
        #expect(rendered == "╷\n│ Error: No configuration files\n│\n│ The directory is empty.\n╵\n")
    }
}
