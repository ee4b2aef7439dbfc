import Foundation
@testable import ResourceGraph

/// Runs files through every stage of the front end, as `prov validate` and the fuzz test need:
/// lexing, parsing (as a configuration, an expression and a template), loading, building the
/// dependency graph, evaluating every argument with the whole function library, and rendering
/// every diagnostic. Returns what broke an invariant; a crash ends the process instead.
struct FrontEndPipeline {
    let functions: [String: Function]
    let sandbox: Sandbox

    /// An empty temporary directory, removed with the last pipeline using it.
    final class Sandbox: Sendable {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("prov-fuzz-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// File functions read only inside an empty sandbox directory, so a mutated path such as
    /// "/" cannot make the test walk or read the whole machine.
    init() throws {
        let sandbox = try Sandbox()
        self.sandbox = sandbox
        let base = sandbox.path
        var functions = FunctionLibrary.standard(baseDirectory: base)
        for (name, function) in functions where function.parameters.first?.name == "path" && name != "abspath" && name != "dirname" && name != "basename" && name != "pathexpand" {
            var confined = function
            let implementation = function.implementation
            confined.implementation = { arguments in
                let path = try GoPaths.resolve(arguments[0].stringValue ?? "", in: base)
                guard path == base || path.hasPrefix(base + "/") else { throw FunctionError("outside the fuzz sandbox", argument: 0) }
                return try implementation(arguments)
            }
            functions[name] = confined
        }
        self.functions = functions
    }

    /// Values for the names configurations use, so traversals reach attributes and indexes.
    /// Collections hold one element: nested `for` expressions and `%{ for }` directives (which
    /// the nesting mutations build by the hundred) evaluate their bodies once per element per
    /// level, so anything larger would make evaluation time exponential in the depth.
    private static let variables: [String: Value] = [
        "var": .object(["x": .string("x"), "flag": .true, "list": .tuple([.object(["inner": .tuple([.object(["name": .string("n")])])])]), "region": .string("eu-west-1"), "ports": .tuple([.number(80)])]),
        "local": .object(["a": .number(1), "object": .object(["a": .tuple([.object(["key": .object(["b": .tuple([.tuple([.number(0), .number(1)])])])])])]), "numbers": .tuple([.number(1)])]),
        "count": .object(["index": .number(0)]),
        "each": .object(["key": .string("k"), "value": .unknown()]),
        "self": .object(["id": .string("i-1")]),
        "path": .object(["module": .string("."), "root": .string("."), "cwd": .string(".")]),
        "terraform": .object(["workspace": .string("default")]),
        "x": .tuple([.string("a")]),
        "y": .object(["a": .number(1), "null": .null(.string), "unknown": .unknown(.number)]),
    ]

    func run(_ files: [SourceFile]) -> [String] {
        var violations: [String] = []
        var bodies: [Body] = []
        let sources = Dictionary(files.map { ($0.filename, $0) }, uniquingKeysWith: { first, _ in first })
        let positions = sources.mapValues(PositionTable.init)
        let renderer = DiagnosticRenderer(sources: sources, color: true, width: 40)
        func check(_ diagnostics: Diagnostics, stage: String) -> [String] {
            self.check(diagnostics, renderer: renderer, sources: sources, positions: positions, stage: stage)
        }
        for file in files {
            let table = positions[file.filename]!
            violations += Self.checkTokens(Lexer.tokenize(file), in: file, positions: table)
            violations += Self.checkTokens(Lexer.tokenizeTemplate(file), in: file, positions: table)
            let (body, parseDiagnostics) = Parser.parse(file)
            bodies.append(body)
            violations += check(parseDiagnostics, stage: "parse")
            violations += check(Parser.parseExpression(file).1, stage: "parseExpression")
            violations += check(Parser.parseTemplate(file).1, stage: "parseTemplate")
        }
        let (configuration, loadDiagnostics) = ConfigurationLoader.load(files: files)
        if configuration.sources.keys.sorted() != sources.keys.sorted() { violations.append("load: sources \(configuration.sources.keys.sorted()) for files \(sources.keys.sorted())") }
        violations += check(loadDiagnostics, stage: "load")
        let (graph, graphDiagnostics) = DependencyGraphBuilder.build(configuration)
        violations += check(graphDiagnostics, stage: "graph")
        if graph.topologicalOrder() == nil, graph.cycles().isEmpty { violations.append("graph: no order, yet no cycle") }

        let context = EvaluationContext(variables: Self.variables, functions: functions)
        var evaluationDiagnostics = Diagnostics()
        for expression in bodies.flatMap(Self.expressions(in:)) {
            evaluationDiagnostics.append(contentsOf: Evaluator.evaluate(expression, in: context).1)
        }
        violations += check(evaluationDiagnostics, stage: "evaluate")
        return violations
    }

    /// Every argument's expression, at any depth of blocks.
    static func expressions(in body: Body) -> [ResourceGraph.Expression] {
        body.attributes.map(\.expression) + body.blocks.flatMap { expressions(in: $0.body) }
    }

    // MARK: Invariants

    /// Tokens cover the input in order, each within it, ending with one end-of-file token.
    static func checkTokens(_ tokens: [Token], in file: SourceFile, positions: PositionTable) -> [String] {
        guard let last = tokens.last, last.kind == .eof, last.start.byte == file.bytes.count else { return ["lexer: no end-of-file token at the end"] }
        var previousEnd = 0
        for token in tokens {
            guard token.start.byte >= previousEnd, token.start.byte <= token.end.byte, token.end.byte <= file.bytes.count else {
                return ["lexer: token \(token.kind) at \(token.start.byte)..<\(token.end.byte) out of order or outside the file"]
            }
            guard token.start == positions[token.start.byte], token.end == positions[token.end.byte] else {
                return ["lexer: token \(token.kind) at byte \(token.start.byte) has line/column \(token.start) but the bytes say \(positions[token.start.byte])"]
            }
            previousEnd = token.end.byte
        }
        return []
    }

    /// Each diagnostic's subject and context lie within a known file, with lines and columns
    /// that match their byte offsets; each renders to text naming its summary and position.
    func check(_ diagnostics: Diagnostics, renderer: DiagnosticRenderer, sources: [String: SourceFile], positions: [String: PositionTable], stage: String) -> [String] {
        var violations: [String] = []
        for diagnostic in diagnostics {
            for range in [diagnostic.subject, diagnostic.context].compactMap({ $0 }) {
                guard let file = sources[range.filename], let table = positions[range.filename] else {
                    violations.append("\(stage): \"\(diagnostic.summary)\" points into unknown file \(range.filename)")
                    continue
                }
                guard range.start.byte <= range.end.byte, range.end.byte <= file.bytes.count else {
                    violations.append("\(stage): \"\(diagnostic.summary)\" range \(range) (bytes \(range.start.byte)..<\(range.end.byte)) lies outside its \(file.bytes.count)-byte file")
                    continue
                }
                if range.start != table[range.start.byte] || range.end != table[range.end.byte] {
                    violations.append("\(stage): \"\(diagnostic.summary)\" range \(range) does not match its bytes \(range.start.byte)..<\(range.end.byte)")
                }
            }
            // Summary and position are in the first lines; the rest may be a very long source
            // line and its underline, not worth searching.
            let rendered = renderer.render(diagnostic).split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false).prefix(4).joined(separator: "\n")
            if !rendered.contains(diagnostic.summary) { violations.append("\(stage): rendering of \"\(diagnostic.summary)\" lacks its summary") }
            if let subject = diagnostic.subject, !rendered.contains("on \(subject.filename) line \(subject.start.line), column \(subject.start.column)") {
                violations.append("\(stage): rendering of \"\(diagnostic.summary)\" lacks its position")
            }
        }
        return violations
    }
}

/// The line and column of every byte offset of a file (and of its end), counted as the lexer
/// counts them: a new line after each newline byte, columns in Unicode scalars (each byte that
/// does not continue a UTF-8 sequence).
struct PositionTable {
    private var positions: [SourcePos] = []

    init(_ file: SourceFile) {
        positions.reserveCapacity(file.bytes.count + 1)
        var line = 1, column = 1
        for (offset, byte) in file.bytes.enumerated() {
            positions.append(SourcePos(line: line, column: column, byte: offset))
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        positions.append(SourcePos(line: line, column: column, byte: file.bytes.count))
    }

    subscript(offset: Int) -> SourcePos { positions[offset] }
}
