import Foundation
import Provisioner
import ResourceGraph
import Testing

/// Where a diagnostic must point: the file, the line and column its subject starts at, and
/// (when given) the exact source text the subject covers, which is what the renderer underlines.
struct ExpectedLocation: Sendable, CustomStringConvertible {
    let file: String
    let line: Int
    let column: Int
    let text: String?

    init(_ file: String = "main.tf", line: Int, column: Int, covering text: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.text = text
    }

    var description: String { "\(file):\(line),\(column)" + (text.map { " \"\($0)\"" } ?? "") }
}

/// One configuration with one mistake: the diagnostic it must produce and where that points.
struct DiagnosticLocationCase: CustomTestStringConvertible, Sendable {
    let name: String
    /// File names (relative to the configuration directory, subdirectories allowed) to text.
    let files: [String: String]
    let summary: String
    /// A phrase the detail must contain.
    let detail: String
    let location: ExpectedLocation

    init(_ name: String, _ source: String, summary: String, detail: String, at location: ExpectedLocation) {
        self.init(name, files: ["main.tf": source], summary: summary, detail: detail, at: location)
    }

    init(_ name: String, files: [String: String], summary: String, detail: String, at location: ExpectedLocation) {
        self.name = name
        self.files = files
        self.summary = summary
        self.detail = detail
        self.location = location
    }

    var testDescription: String { name }
}

/// A temporary configuration directory holding a case's files.
struct CaseDirectory {
    let harness: EngineHarness

    init(_ files: [String: String]) throws {
        harness = try EngineHarness()
        for (name, text) in files { try harness.write(text, to: name) }
    }

    var path: String { harness.directory }

    func validate() async -> (Diagnostics, [String: SourceFile]) {
        await Validator.validate(directory: path, plugins: [FakeProvider(cloud: harness.cloud)])
    }
}

/// Validates the case's configuration (as `prov validate` does) and checks its diagnostic.
func check(_ c: DiagnosticLocationCase) async throws {
    let directory = try CaseDirectory(c.files)
    let (diagnostics, sources) = await directory.validate()
    try expectDiagnostic(c, in: diagnostics, sources: sources)
}

/// Checks that `diagnostics` holds the case's diagnostic, pointing where the case says, and no
/// other error: one mistake must not be reported twice or set off others.
func expectDiagnostic(_ c: DiagnosticLocationCase, in diagnostics: Diagnostics, sources: [String: SourceFile], sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(diagnostics.errors.count == 1, "errors: \(diagnostics)", sourceLocation: sourceLocation)
    let diagnostic = try #require(
        diagnostics.items.first { $0.summary == c.summary },
        "no \"\(c.summary)\" diagnostic among: \(diagnostics)", sourceLocation: sourceLocation)
    #expect(diagnostic.detail.contains(c.detail), "detail: \(diagnostic.detail)", sourceLocation: sourceLocation)
    let subject = try #require(diagnostic.subject, "\"\(c.summary)\" has no subject", sourceLocation: sourceLocation)
    let actual = ExpectedLocation(subject.filename, line: subject.start.line, column: subject.start.column, covering: coveredText(subject, in: sources))
    #expect(actual.file == c.location.file, "at \(actual), expected \(c.location)", sourceLocation: sourceLocation)
    #expect(actual.line == c.location.line, "at \(actual), expected \(c.location)", sourceLocation: sourceLocation)
    #expect(actual.column == c.location.column, "at \(actual), expected \(c.location)", sourceLocation: sourceLocation)
    if let text = c.location.text {
        #expect(actual.text == text, "at \(actual), expected \(c.location)", sourceLocation: sourceLocation)
    }
}

/// The source text a range covers, when its file is known and the range lies within it.
func coveredText(_ range: SourceRange, in sources: [String: SourceFile]) -> String? {
    guard let file = sources[range.filename], range.start.byte <= range.end.byte, range.end.byte <= file.bytes.count else { return nil }
    return file.text(from: range.start.byte, to: range.end.byte)
}
