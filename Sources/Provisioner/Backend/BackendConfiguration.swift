import Foundation
import ResourceGraph

/// A backend's arguments as the user gave them: the `backend "TYPE" { … }` block, then each
/// `-backend-config` in command-line order, later ones winning. Values must be constants, as
/// in Terraform (a backend is set up before anything can be evaluated). A nested block such as
/// `endpoints { s3 = … }` and the argument form `endpoints = { s3 = … }` both give an object.
public struct BackendConfiguration: Sendable, Equatable {
    public var type: String
    public var arguments: [String: Value]

    public init(type: String, arguments: [String: Value] = [:]) {
        self.type = type
        self.arguments = arguments
    }

    /// The arguments in a block body (a backend block, or a `-backend-config` file).
    public static func arguments(in body: Body) -> ([String: Value], Diagnostics) {
        var diagnostics = Diagnostics()
        var arguments: [String: Value] = [:]
        for attribute in body.attributes {
            if let value = constant(attribute, diagnostics: &diagnostics) { arguments[attribute.name] = value }
        }
        for block in body.blocks {
            if arguments[block.type] != nil {
                diagnostics.error("Duplicate argument", "\"\(block.type)\" is given more than once.", at: block.typeRange)
                continue
            }
            if !block.body.blocks.isEmpty {
                diagnostics.error("Unsupported block type", "Blocks are not expected inside \"\(block.type)\".", at: block.body.blocks[0].typeRange)
            }
            var nested: [String: Value] = [:]
            for attribute in block.body.attributes {
                if let value = constant(attribute, diagnostics: &diagnostics) { nested[attribute.name] = value }
            }
            arguments[block.type] = .object(nested)
        }
        return (arguments, diagnostics)
    }

    private static func constant(_ attribute: Attribute, diagnostics: inout Diagnostics) -> Value? {
        if let reference = ReferenceExtractor.traversals(in: attribute.expression).first {
            diagnostics.error("Variables not allowed", "Backend settings must be constant values: \"\(attribute.name)\" cannot refer to \(reference.description). Pass values that vary with -backend-config at prov init.", at: reference.range)
            return nil
        }
        let (value, evaluation) = Evaluator.evaluate(attribute.expression, in: EvaluationContext(functions: FunctionLibrary.standard()))
        diagnostics.append(contentsOf: evaluation)
        return evaluation.hasErrors ? nil : value
    }

    /// A `-backend-config=KEY=VALUE`: the value as it is for a string argument, otherwise read
    /// as an expression (`true`, `3`, `{ s3 = "…" }`).
    public static func argument(_ assignment: String, types: [String: ValueType]) -> (name: String, value: Value)? {
        guard let equals = assignment.firstIndex(of: "=") else { return nil }
        let name = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
        let text = String(assignment[assignment.index(after: equals)...])
        guard !name.isEmpty else { return nil }
        if types[name] == .string || types[name] == nil { return (name, .string(text)) }
        let (expression, parseDiagnostics) = Parser.parseExpression(SourceFile(filename: "-backend-config", text: text))
        guard !parseDiagnostics.hasErrors else { return (name, .string(text)) }
        let (value, evaluation) = Evaluator.evaluate(expression, in: EvaluationContext(functions: FunctionLibrary.standard()))
        return (name, evaluation.hasErrors ? .string(text) : value)
    }

    /// The arguments as JSON, for the record `prov init` keeps in the working directory.
    public var argumentsJSON: Value {
        .object(arguments.mapValues { $0.unmarkedDeep() })
    }

    /// Whether two configurations say the same, compared as JSON (so one read back from the
    /// record equals the one decoded from the configuration files).
    public func hasSameArguments(as other: BackendConfiguration) -> Bool {
        type == other.type && (try? JSONEncoding.encode(argumentsJSON)) == (try? JSONEncoding.encode(other.argumentsJSON))
    }
}

/// A kind of remote backend prov can keep state in (`backend "s3"`): which arguments it takes
/// and how to make the backend from them. The engine sees remote backends only through this
/// protocol and `RemoteStateStorage`.
public protocol RemoteBackendType: Sendable {
    var name: String { get }
    /// Each argument and its type; an object type for a nested block (`endpoints`).
    var argumentTypes: [String: ValueType] { get }
    /// Arguments Terraform has that prov does not support, with why.
    var unsupportedArguments: [String: String] { get }

    /// Checks the arguments (every error names its argument) and makes the backend, keeping
    /// working copies of remote state under `workingDirectory`.
    func makeBackend(_ arguments: [String: Value], workingDirectory: String) -> (backend: (any StateBackend)?, diagnostics: Diagnostics)
}

extension RemoteBackendType {
    /// The arguments converted to their types; unknown names, unsupported arguments and wrong
    /// types are errors naming them.
    public func checkedArguments(_ arguments: [String: Value]) -> ([String: Value], Diagnostics) {
        var diagnostics = Diagnostics()
        var checked: [String: Value] = [:]
        for (name, value) in arguments.sorted(by: { $0.key < $1.key }) {
            if let reason = unsupportedArguments[name] {
                diagnostics.error("Unsupported backend argument", "prov does not support the \"\(name)\" argument of the \(self.name) backend: \(reason).")
                continue
            }
            guard let type = argumentTypes[name] else {
                let suggestion = NameSuggestion.didYouMean(name, in: Array(argumentTypes.keys))
                diagnostics.error("Unsupported backend argument", "The \(self.name) backend has no argument named \"\(name)\".\(suggestion)")
                continue
            }
            if case .object(let fields) = type {
                guard let given = value.attributes else {
                    diagnostics.error("Invalid backend argument", "\"\(name)\" must be a block or an object with the arguments \(fields.keys.sorted().joined(separator: ", ")).")
                    continue
                }
                var object: [String: Value] = [:]
                for (field, fieldValue) in given.sorted(by: { $0.key < $1.key }) {
                    guard let fieldType = fields[field] else {
                        let suggestion = NameSuggestion.didYouMean(field, in: Array(fields.keys))
                        diagnostics.error("Unsupported backend argument", "\"\(name)\" of the \(self.name) backend has no argument named \"\(field)\".\(suggestion)")
                        continue
                    }
                    if let converted = convert(fieldValue, to: fieldType, named: "\(name).\(field)", &diagnostics) { object[field] = converted }
                }
                checked[name] = .object(object)
            } else if let converted = convert(value, to: type, named: name, &diagnostics) {
                checked[name] = converted
            }
        }
        return (checked, diagnostics)
    }

    private func convert(_ value: Value, to type: ValueType, named name: String, _ diagnostics: inout Diagnostics) -> Value? {
        do {
            return try value.converted(to: type)
        } catch {
            diagnostics.error("Invalid backend argument", "The \(self.name) backend's \"\(name)\" argument: \(error.description).")
            return nil
        }
    }
}
