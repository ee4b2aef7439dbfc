import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov validate`: checks syntax, references, types and provider schemas without state or
/// network access.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that the configuration is valid, without accessing state or AWS.")

    @Flag(name: .customLong("json", withSingleDash: true), help: "Print the result as JSON, in the shape of terraform validate -json.")
    var json = false

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    func run() async throws {
        let (diagnostics, sources) = await Validator.validate(directory: ".", plugins: Runtime.plugins)
        if json {
            Console.out(Self.json(diagnostics) + "\n")
        } else {
            let terminal = Terminal.detect(noColor: noColor)
            Runtime.printDiagnostics(diagnostics, sources: sources, terminal: terminal)
            if !diagnostics.hasErrors {
                Console.out(terminal.paint(terminal.bold("Success!"), .green) + " The configuration is valid.\n")
            }
        }
        if diagnostics.hasErrors { throw Runtime.fail() }
    }

    /// `{"format_version":"1.0","valid":…,"error_count":…,"warning_count":…,"diagnostics":[…]}`
    static func json(_ diagnostics: Diagnostics) -> String {
        let items: [Value] = diagnostics.map { diagnostic in
            var entry: [String: Value] = [
                "severity": .string(diagnostic.severity.rawValue),
                "summary": .string(diagnostic.summary),
                "detail": .string(diagnostic.detail),
            ]
            if let subject = diagnostic.subject {
                func position(_ p: SourcePos) -> Value { .object(["line": .number(p.line), "column": .number(p.column), "byte": .number(p.byte)]) }
                entry["range"] = .object(["filename": .string(subject.filename), "start": position(subject.start), "end": position(subject.end)])
            }
            return .object(entry)
        }
        let document: Value = .object([
            "format_version": .string("1.0"),
            "valid": .bool(!diagnostics.hasErrors),
            "error_count": .number(diagnostics.errors.count),
            "warning_count": .number(diagnostics.items.count - diagnostics.errors.count),
            "diagnostics": .tuple(items),
        ])
        return (try? JSONEncoding.encode(document, pretty: true)) ?? "{}"
    }
}
