import Foundation
import ResourceGraph

/// A `-var` or `-var-file` argument, in the order given on the command line.
public enum CommandLineVariable: Sendable {
    /// `-var 'name=value'`
    case assignment(String)
    /// `-var-file=path`
    case file(String)
}

/// A root variable's value before it is checked against its declaration: a raw string (from
/// `-var` or the environment, parsed according to the declared type) or an expression from a
/// variables file.
enum RawVariableValue {
    case text(String, origin: SourceRange)
    case expression(ResourceGraph.Expression)
    /// From a JSON variables file.
    case value(Value, origin: SourceRange)

    var range: SourceRange {
        switch self {
        case .text(_, let origin), .value(_, let origin): return origin
        case .expression(let e): return e.range
        }
    }
}

/// Gathers and checks the root module's input variables, from lowest to highest precedence:
/// declared defaults, `TF_VAR_name` environment variables, `terraform.tfvars`, `*.auto.tfvars`
/// in lexical order, then `-var` and `-var-file` in command-line order.
public enum InputVariables {
    static func collect(directory: String, commandLine: [CommandLineVariable], environment: [String: String], declared: Set<String>) -> ([String: RawVariableValue], Diagnostics) {
        var values: [String: RawVariableValue] = [:]
        var diagnostics = Diagnostics()
        for (key, text) in environment where key.hasPrefix("TF_VAR_") {
            let name = String(key.dropFirst("TF_VAR_".count))
            // Terraform ignores environment values for undeclared variables.
            guard declared.contains(name) else { continue }
            values[name] = .text(text, origin: .synthetic("environment variable \(key)"))
        }
        var files: [String] = []
        for name in ["terraform.tfvars", "terraform.tfvars.json"] {
            let path = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { files.append(path) }
        }
        let automatic = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".auto.tfvars") || $0.hasSuffix(".auto.tfvars.json") }.sorted()
        files += automatic.map { (directory as NSString).appendingPathComponent($0) }
        for file in files {
            readVariablesFile(file, shownAs: (file as NSString).lastPathComponent, into: &values, declared: declared, strict: false, diagnostics: &diagnostics)
        }
        for argument in commandLine {
            switch argument {
            case .file(let path):
                let resolved = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
                readVariablesFile(resolved, shownAs: path, into: &values, declared: declared, strict: true, diagnostics: &diagnostics)
            case .assignment(let text):
                guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                    diagnostics.error("Invalid -var option", "The given -var option \(Value.quoted(text)) is not correctly specified. Must be a variable name and value separated by an equals sign, like -var=\"key=value\".")
                    continue
                }
                let name = String(text[..<equals])
                guard declared.contains(name) else {
                    let suggestion = NameSuggestion.didYouMean(name, in: declared)
                    diagnostics.error("Value for undeclared variable", "A variable named \"\(name)\" was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a \"variable\" block to the configuration.\(suggestion)")
                    continue
                }
                values[name] = .text(String(text[text.index(after: equals)...]), origin: .synthetic("-var \(name)"))
            }
        }
        return (values, diagnostics)
    }

    private static func readVariablesFile(_ path: String, shownAs displayName: String, into values: inout [String: RawVariableValue], declared: Set<String>, strict: Bool, diagnostics: inout Diagnostics) {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error("Failed to read variables file", "Given variables file \(displayName) does not exist or cannot be read.")
            return
        }
        if path.hasSuffix(".json") {
            readJSONVariablesFile(path, data: data, into: &values, declared: declared, strict: strict, diagnostics: &diagnostics)
            return
        }
        let source = SourceFile(filename: (path as NSString).lastPathComponent, bytes: [UInt8](data))
        let (body, parseDiagnostics) = Parser.parse(source)
        diagnostics.append(contentsOf: parseDiagnostics)
        for block in body.blocks {
            diagnostics.error("Unexpected block", "A variables file holds only assignments (name = value), not blocks.", at: block.typeRange)
        }
        for attribute in body.attributes {
            guard declared.contains(attribute.name) else {
                let suggestion = NameSuggestion.didYouMean(attribute.name, in: declared)
                let detail = "A variable named \"\(attribute.name)\" was assigned in \(source.filename), but the root module does not declare a variable of that name.\(suggestion)"
                if strict {
                    diagnostics.error("Value for undeclared variable", detail, at: attribute.nameRange)
                } else {
                    diagnostics.append(.warning("Value for undeclared variable", detail, at: attribute.nameRange))
                }
                continue
            }
            if let reference = ReferenceExtractor.traversals(in: attribute.expression).first {
                diagnostics.error("Variables not allowed", "Variables may not be used here: \(source.filename) can only assign constant values, not \(reference.description).", at: reference.range)
                continue
            }
            values[attribute.name] = .expression(attribute.expression)
        }
    }

    /// A JSON variables file: one object whose properties are the variables.
    private static func readJSONVariablesFile(_ path: String, data: Data, into values: inout [String: RawVariableValue], declared: Set<String>, strict: Bool, diagnostics: inout Diagnostics) {
        let name = (path as NSString).lastPathComponent
        let origin = SourceRange.synthetic(name)
        guard let document = try? JSONParser.parse([UInt8](data)), let entries = document.attributes else {
            diagnostics.error("Invalid variables file", "\(name) must contain one JSON object whose properties are variable names and values.")
            return
        }
        for (variable, value) in entries.sorted(by: { $0.key < $1.key }) {
            guard declared.contains(variable) else {
                let detail = "A variable named \"\(variable)\" was assigned in \(name), but the root module does not declare a variable of that name.\(NameSuggestion.didYouMean(variable, in: declared))"
                diagnostics.append(Diagnostic(strict ? .error : .warning, summary: "Value for undeclared variable", detail: detail))
                continue
            }
            values[variable] = .value(value, origin: origin)
        }
    }

    /// Converts each value to its declared type, applies defaults, and reports missing and
    /// invalid values. Validation rules are checked separately, when the walk evaluates them.
    static func resolve(declarations: [String: VariableDeclaration], raw: [String: RawVariableValue], functions: [String: Function]) -> ([String: Value], Diagnostics) {
        var diagnostics = Diagnostics()
        var result: [String: Value] = [:]
        for (name, declaration) in declarations.sorted(by: { $0.key < $1.key }) {
            var value: Value
            if let given = raw[name] {
                switch given {
                case .value(let given, _):
                    value = given
                case .expression(let expression):
                    let (evaluated, evaluationDiagnostics) = Evaluator.evaluate(expression, in: EvaluationContext(functions: functions))
                    diagnostics.append(contentsOf: evaluationDiagnostics)
                    if evaluationDiagnostics.hasErrors { continue }
                    value = evaluated
                case .text(let text, let origin):
                    if declaration.type.valueType.isPrimitive {
                        value = .string(text)
                    } else {
                        let (expression, parseDiagnostics) = Parser.parseExpression(SourceFile(filename: origin.filename, text: text))
                        // The parser's and evaluator's messages quote the text; a sensitive
                        // variable's text must not reach the terminal.
                        let quoted = { (reason: String) in declaration.isSensitive ? "the details are not shown, as the variable is sensitive" : reason }
                        if parseDiagnostics.hasErrors {
                            diagnostics.error("Invalid value for input variable", "The value given for var.\(name) is not a valid expression for its type \(declaration.type): \(quoted(parseDiagnostics.errors.first!.summary)).", at: declaration.range)
                            continue
                        }
                        let (evaluated, evaluationDiagnostics) = Evaluator.evaluate(expression, in: EvaluationContext(functions: functions))
                        if evaluationDiagnostics.hasErrors {
                            diagnostics.error("Invalid value for input variable", "The value given for var.\(name) cannot be used: \(quoted(evaluationDiagnostics.errors.first!.detail))", at: declaration.range)
                            continue
                        }
                        value = evaluated
                    }
                }
                if value.isNull, let defaultValue = declaration.defaultValue, declaration.isNullable == false {
                    value = defaultValue
                }
            } else if let defaultValue = declaration.defaultValue {
                value = defaultValue
            } else {
                diagnostics.error("No value for required variable", "The root module input variable \"\(name)\" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.", at: declaration.range)
                continue
            }
            if value.isNull, !declaration.isNullable {
                diagnostics.error("Required variable not set", "Unsuitable value for var.\(name): the variable is not nullable, so it must be set to a non-null value.", at: declaration.range)
                continue
            }
            do {
                value = try declaration.type.convert(value)
            } catch {
                diagnostics.error("Invalid value for input variable", "The given value is not suitable for var.\(name) declared at \(declaration.range.filename):\(declaration.range.start.line),\(declaration.range.start.column): \(error.description).", at: raw[name]?.range ?? declaration.range)
                continue
            }
            result[name] = declaration.isSensitive ? value.markedSensitive() : value
        }
        return (result, diagnostics)
    }
}
