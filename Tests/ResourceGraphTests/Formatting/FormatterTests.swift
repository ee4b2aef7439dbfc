import Foundation
import Testing
@testable import ResourceGraph

/// One formatting example: a configuration as someone might write it and the text
/// `terraform fmt` makes of it.
struct FormatCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let expected: String

    init(_ name: String, input: String, expected: String) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }

    static var all: [FormatCase] {
        alignment + indentation + spacing + comments + templates + terraformNormalisations + lineStructure
    }
}

@Suite struct FormatterTests {
    @Test(arguments: FormatCase.alignment) func alignment(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.indentation) func indentation(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.spacing) func spacing(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.comments) func comments(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.templates) func templatesAndHeredocs(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.terraformNormalisations) func terraformNormalisations(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.lineStructure) func lineStructure(_ example: FormatCase) throws {
        #expect(try format(example.input) == example.expected)
    }

    @Test(arguments: FormatCase.all) func formattingFormattedTextChangesNothing(_ example: FormatCase) throws {
        let once = try format(example.input)
        #expect(try format(once) == once)
    }

    @Test func everyExampleConfigurationFormatsIdempotently() throws {
        let examples = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples")
        let files = try #require(FileManager.default.enumerator(atPath: examples.path))
            .compactMap { $0 as? String }
            .filter { $0.hasSuffix(".tf") }
        #expect(!files.isEmpty, "Examples/ holds configurations to format")
        for file in files {
            let text = try String(contentsOf: examples.appendingPathComponent(file), encoding: .utf8)
            let once = try format(text, filename: file)
            #expect(try format(once, filename: file) == once, "\(file)")
        }
    }

    @Test func aFileWithSyntaxErrorsIsNotFormatted() {
        let source = SourceFile(filename: "broken.tf", text: "resource \"a\" \"b\" {\n  x = \"unterminated\n}\n")
        guard case .failure(let diagnostics) = ConfigurationFormatter.format(source) else {
            Issue.record("a file that does not parse was formatted")
            return
        }
        #expect(diagnostics.errors.contains { $0.summary == "Unterminated template string" && $0.subject?.start.line == 2 })
    }

    @Test func aFileThatIsNotUTF8IsRefusedWithItsPosition() throws {
        var bytes = Array("a = 1\n# caf".utf8)
        bytes += [0xE9, 0x0A]  // Latin-1 é
        guard case .failure(let diagnostics) = ConfigurationFormatter.format(SourceFile(filename: "latin1.tf", bytes: bytes)) else {
            Issue.record("a file that is not UTF-8 was formatted")
            return
        }
        let error = try #require(diagnostics.errors.first)
        #expect(error.summary == "Invalid character encoding")
        #expect(error.subject?.start.line == 2)
        #expect(error.subject?.start.column == 6)
    }

    private func format(_ text: String, filename: String = "main.tf") throws -> String {
        try ConfigurationFormatter.format(SourceFile(filename: filename, text: text)).get()
    }
}
