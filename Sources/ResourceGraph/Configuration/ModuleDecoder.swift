/// Decodes the top-level blocks of a module's files into declarations, reporting unknown
/// blocks, duplicates, bad labels and misplaced arguments.
struct ModuleDecoder {
    var module: Module
    var diagnostics = Diagnostics()

    init(module: Module) { self.module = module }

    static let topLevelBlocks = ["terraform", "provider", "variable", "locals", "output", "resource", "data", "module", "moved", "import"]

    mutating func decode(_ body: Body) {
        for attribute in body.attributes {
            diagnostics.error("Unsupported argument", "An argument named \"\(attribute.name)\" is not expected here. Arguments belong inside blocks such as resource, variable or locals.", at: attribute.nameRange)
        }
        for block in body.blocks {
            switch block.type {
            case "terraform": decodeTerraform(block)
            case "provider": decodeProvider(block)
            case "variable": decodeVariable(block)
            case "locals": decodeLocals(block)
            case "output": decodeOutput(block)
            case "resource": decodeResource(block, mode: .managed)
            case "data": decodeResource(block, mode: .data)
            case "module": decodeModuleCall(block)
            case "moved": decodeMoved(block)
            case "import": decodeImport(block)
            case "removed", "check":
                diagnostics.error("Unsupported block type", "prov does not support \"\(block.type)\" blocks yet.", at: block.typeRange)
            default:
                let suggestion = NameSuggestion.didYouMean(block.type, in: Self.topLevelBlocks)
                diagnostics.error("Unsupported block type", "Blocks of type \"\(block.type)\" are not expected here.\(suggestion)", at: block.typeRange)
            }
        }
    }

    // MARK: Helpers for block shapes and static values

    /// Checks the label count; reports and returns false when it is wrong.
    mutating func expectLabels(_ block: Block, _ names: [String]) -> Bool {
        guard block.labels.count == names.count else {
            if block.labels.count < names.count {
                let missing = names[block.labels.count]
                diagnostics.error("Missing \(missing) for \(block.type)", "All \(block.type) blocks must have \(names.count) label\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", "))).", at: block.headerRange)
            } else {
                diagnostics.error("Extraneous label for \(block.type)", "Only \(names.count) label\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", "))) \(names.count == 1 ? "is" : "are") expected for \(block.type) blocks.", at: block.labelRanges[names.count])
            }
            return false
        }
        for (label, range) in zip(block.labels, block.labelRanges) where !Self.isValidName(label) {
            diagnostics.error("Invalid \(block.type) name", "A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.", at: range)
            return false
        }
        return true
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-" }
    }

    /// Evaluates an argument that must not refer to anything (names, types, flags).
    mutating func staticValue(_ attribute: Attribute, as type: ValueType, what: String) -> Value? {
        let traversals = ReferenceExtractor.traversals(in: attribute.expression)
        if let first = traversals.first {
            diagnostics.error("Variables not allowed", "The \(what) must be a constant value: it cannot refer to \(first.description).", at: first.range)
            return nil
        }
        let (value, evaluationDiagnostics) = Evaluator.evaluate(attribute.expression, in: EvaluationContext(functions: FunctionLibrary.standard()))
        if evaluationDiagnostics.hasErrors {
            diagnostics.append(contentsOf: evaluationDiagnostics)
            return nil
        }
        do {
            return try value.converted(to: type)
        } catch {
            diagnostics.error("Incorrect value type", "Invalid value for the \(what): \(error.description).", at: attribute.expression.range)
            return nil
        }
    }

    mutating func staticString(_ attribute: Attribute, what: String) -> String? {
        staticValue(attribute, as: .string, what: what)?.stringValue
    }

    mutating func staticBool(_ attribute: Attribute, what: String) -> Bool? {
        staticValue(attribute, as: .bool, what: what)?.boolValue
    }

    mutating func unsupported(_ attribute: Attribute, in blockType: String, expected: [String]) {
        let suggestion = NameSuggestion.didYouMean(attribute.name, in: expected)
        diagnostics.error("Unsupported argument", "An argument named \"\(attribute.name)\" is not expected here.\(suggestion)", at: attribute.nameRange)
    }

    mutating func unsupported(_ block: Block, expected: [String]) {
        let suggestion = NameSuggestion.didYouMean(block.type, in: expected)
        diagnostics.error("Unsupported block type", "Blocks of type \"\(block.type)\" are not expected here.\(suggestion)", at: block.typeRange)
    }

    /// `depends_on = [aws_vpc.main, module.x]`: plain references only.
    mutating func dependsOn(_ attribute: Attribute) -> [Traversal] {
        guard case .tuple(let elements) = attribute.expression.node else {
            diagnostics.error("Invalid depends_on", "The depends_on argument must be a list of references to resources, data sources or modules.", at: attribute.expression.range)
            return []
        }
        var result: [Traversal] = []
        for element in elements {
            guard case .traversal(let traversal) = element.node else {
                diagnostics.error("Invalid depends_on reference", "depends_on may only list references to resources, data sources or modules, such as aws_vpc.main.", at: element.range)
                continue
            }
            switch ReferenceExtractor.reference(from: traversal) {
            case .success(let reference):
                switch reference.subject {
                case .resource, .moduleCall: result.append(traversal)
                default:
                    diagnostics.error("Invalid depends_on reference", "depends_on may only list resources, data sources or modules, not \(reference.subject).", at: element.range)
                }
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            }
        }
        return result
    }

    mutating func checkRule(_ block: Block) -> CheckRule? {
        var condition: Expression? = nil
        var message: Expression? = nil
        for attribute in block.body.attributes {
            switch attribute.name {
            case "condition": condition = attribute.expression
            case "error_message": message = attribute.expression
            default: unsupported(attribute, in: block.type, expected: ["condition", "error_message"])
            }
        }
        for nested in block.body.blocks { unsupported(nested, expected: []) }
        guard let condition else {
            diagnostics.error("Missing required argument", "The argument \"condition\" is required, but no definition was found.", at: block.typeRange)
            return nil
        }
        guard let message else {
            diagnostics.error("Missing required argument", "The argument \"error_message\" is required, but no definition was found.", at: block.typeRange)
            return nil
        }
        return CheckRule(condition: condition, errorMessage: message, range: block.typeRange)
    }
}
