import Foundation
import Testing
@testable import ResourceGraph

/// Evaluates HCL expressions against the standard function library, with the test fixtures as
/// the base directory for file functions.
enum FunctionTesting {
    static let fixtures: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    static let variables: [String: Value] = [
        "secret": Value.string("hunter2").markedSensitive(),
        "secretNumber": Value.number(-4).markedSensitive(),
        "pending": .unknown(.string),
        "pendingList": .unknown(.list(.string)),
        "pendingAny": .unknown(.dynamic),
        "nothing": .null,
    ]

    static func evaluate(_ source: String, planning: Bool = false) -> (Value, Diagnostics) {
        let (expression, parseDiagnostics) = Parser.parseExpression(SourceFile(filename: "test.hcl", text: source))
        if parseDiagnostics.hasErrors { return (.unknown(), parseDiagnostics) }
        let context = EvaluationContext(
            variables: variables, functions: FunctionLibrary.standard(baseDirectory: fixtures), isPlanning: planning)
        return Evaluator.evaluate(expression, in: context)
    }

    /// The column where the given argument of the top-level call starts, or the call itself.
    static func column(ofArgument argument: Int?, in source: String) -> Int? {
        let (expression, _) = Parser.parseExpression(SourceFile(filename: "test.hcl", text: source))
        guard case .functionCall(let call) = expression.node else { return nil }
        guard let argument else { return expression.range.start.column }
        return argument < call.arguments.count ? call.arguments[argument].range.start.column : nil
    }
}

/// A call and the rendering of the value it must produce.
struct FunctionCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expected: String
    var testDescription: String { name }

    init(_ name: String, _ source: String, _ expected: String) {
        self.name = name
        self.source = source
        self.expected = expected
    }

    func check() {
        let (value, diagnostics) = FunctionTesting.evaluate(source)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(value.debugDescription == expected, "\(source)")
    }
}

/// A call that must fail with a message, pointing at one argument (or the whole call when nil).
struct FunctionErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let message: String
    let argument: Int?
    var testDescription: String { name }

    init(_ name: String, _ source: String, _ message: String, argument: Int?) {
        self.name = name
        self.source = source
        self.message = message
        self.argument = argument
    }

    func check() throws {
        let (_, diagnostics) = FunctionTesting.evaluate(source)
        let first = try #require(diagnostics.errors.first, "\(source) did not fail")
        #expect(first.detail.contains(message), "\(first.detail)")
        #expect(first.subject?.start.column == FunctionTesting.column(ofArgument: argument, in: source), "\(first)")
    }
}

/// A call that must produce a string, compared character for character (for multi-line output
/// that is easier to read unescaped).
struct StringResultCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expected: String
    var testDescription: String { name }

    init(_ name: String, _ source: String, _ expected: String) {
        self.name = name
        self.source = source
        self.expected = expected
    }

    func check() {
        let (value, diagnostics) = FunctionTesting.evaluate(source)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(value.stringValue == expected, "\(source) gave \(value.debugDescription)")
    }
}
