import Testing
@testable import ResourceGraph

/// An input the fuzz test found (rebuilt here in its essential shape), and the error it must
/// now produce instead of crashing or stalling.
struct FuzzRegressionCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    /// A summary among the diagnostics; nil when the input needs none.
    let expectedSummary: String?
    var testDescription: String { name }
}

@Suite struct FrontEndFuzzRegressionTests {
    static let cases: [FuzzRegressionCase] = [
        // Template directives are parsed flat and nested afterwards, by a recursion the
        // parser's nesting limit did not see: 1,822 of them overflowed the stack.
        .init(
            name: "for directives nested 1,822 deep in a quoted string",
            source: "value = yamldecode(\"a: this is\\n  folded\\n\\n  twic" + String(repeating: "%{ for v in x }", count: 1_822) + "\")\n",
            expectedSummary: "Nesting too deep"),
        .init(
            name: "if directives nested 2,000 deep in a heredoc",
            source: "value = <<EOT\n" + String(repeating: "%{ if x }", count: 2_000) + "a" + String(repeating: "%{ endif }", count: 2_000) + "\nEOT\n",
            expectedSummary: "Nesting too deep"),
        // Directives now count as nesting levels of the expression holding them, so a template
        // nested in a template cannot add up to more than the limit either.
        .init(
            name: "directives 200 deep inside interpolations 100 deep",
            source: "value = " + String(repeating: "\"${", count: 100) + "\"" + String(repeating: "%{ if x }", count: 200) + "a" + String(repeating: "%{ endif }", count: 200) + "\"" + String(repeating: "}\"", count: 100) + "\n",
            expectedSummary: "Nesting too deep"),
        .init(
            name: "directives nested within the limit",
            source: "value = \"" + String(repeating: "%{ for v in x }", count: 100) + "${v}" + String(repeating: "%{ endfor }", count: 100) + "\"\n",
            expectedSummary: nil),
    ]

    @Test(arguments: cases)
    func runsThroughTheFrontEnd(_ c: FuzzRegressionCase) throws {
        let file = SourceFile(filename: "main.tf", text: c.source)
        let pipeline = try FrontEndPipeline()
        #expect(pipeline.run([file]) == [])
        let (_, diagnostics) = Parser.parse(file)
        if let summary = c.expectedSummary {
            #expect(diagnostics.errors.contains { $0.summary == summary }, "\(diagnostics.errors.prefix(3))")
        } else {
            #expect(!diagnostics.hasErrors, "\(diagnostics)")
        }
    }

    @Test func aTemplateFileWithDirectivesNestedTooDeeplyIsRefused() {
        let source = SourceFile(filename: "deep.tftpl", text: String(repeating: "%{ for v in x }", count: 5_000))
        let (_, diagnostics) = Parser.parseTemplate(source)
        let error = diagnostics.errors.first { $0.summary == "Nesting too deep" }
        // The 257th directive is the one refused: each is 15 characters long.
        #expect(error?.subject?.start.column == 256 * 15 + 1)
    }
}
