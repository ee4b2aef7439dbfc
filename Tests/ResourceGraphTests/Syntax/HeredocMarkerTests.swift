import Testing
@testable import ResourceGraph

/// Which lines close a heredoc, as hclsyntax decides: the marker alone on its line, with spaces
/// allowed around it, and a newline after it.
@Suite struct HeredocMarkerTests {
    @Test func spacesAfterTheClosingMarkerStillCloseIt() throws {
        let (body, diagnostics) = Parser.parse(SourceFile(filename: "main.tf", text: "a = <<EOT\nhello\nEOT  \t\nb = 1\n"))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(body.attributes.map(\.name) == ["a", "b"])
    }

    @Test func aMarkerEndingTheFileWithoutANewlineDoesNotCloseIt() {
        let (_, diagnostics) = Parser.parse(SourceFile(filename: "main.tf", text: "a = <<EOT\nhello\nEOT"))
        #expect(diagnostics.hasErrors)
    }

    @Test func aMarkerFollowedByOtherTextIsPartOfTheBody() throws {
        let (body, diagnostics) = Parser.parse(SourceFile(filename: "main.tf", text: "a = <<EOT\nEOT more\nEOT\n"))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let attribute = try #require(body.attribute("a"))
        guard case .literal(let value) = attribute.expression.node else {
            Issue.record("expected a literal heredoc, got \(attribute.expression.node)")
            return
        }
        #expect(value == .string("EOT more\n"))
    }
}
