import ResourceGraph

/// Reads a policy document given as JSON (`source_policy_documents`,
/// `override_policy_documents`) the way the provider's Go model reads it: field names matched
/// exactly or else regardless of case, unknown fields ignored, Action/Resource kept as they
/// were written, principals and conditions in the provider's own shapes.
enum PolicyDocumentParser {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws(ParseError) -> PolicyDocument {
        let value: Value
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw ParseError(description: "invalid JSON: \(error.description)")
        }
        var document = PolicyDocument()
        if value.isNull { return document }
        guard let fields = value.attributes, case .object = value.kind else {
            throw ParseError(description: "cannot unmarshal \(kindName(value)) into a policy document")
        }
        document.version = try string(field(fields, "Version"), "Version")
        document.id = try string(field(fields, "Id"), "Id")
        if let statements = field(fields, "Statement"), !statements.isNull {
            guard case .tuple(let elements) = statements.kind else {
                throw ParseError(description: "cannot unmarshal \(kindName(statements)) into Statement: it must be a list of statements")
            }
            for (index, element) in elements.enumerated() {
                guard let statementFields = element.attributes, case .object = element.kind else {
                    throw ParseError(description: "statement \(index) is \(kindName(element)), not a statement")
                }
                document.statements.append(try statement(statementFields))
            }
        }
        return document
    }

    private static func statement(_ fields: [String: Value]) throws(ParseError) -> PolicyStatement {
        var statement = PolicyStatement()
        statement.sid = try string(field(fields, "Sid"), "Sid")
        statement.effect = try string(field(fields, "Effect"), "Effect")
        func raw(_ name: String) -> GoJSON? {
            guard let value = field(fields, name), !value.isNull else { return nil }
            return GoJSON(value)
        }
        statement.actions = raw("Action")
        statement.notActions = raw("NotAction")
        statement.resources = raw("Resource")
        statement.notResources = raw("NotResource")
        if let principal = field(fields, "Principal") { statement.principals = try principals(principal, "Principal") }
        if let principal = field(fields, "NotPrincipal") { statement.notPrincipals = try principals(principal, "NotPrincipal") }
        if let condition = field(fields, "Condition") { statement.conditions = try conditions(condition) }
        return statement
    }

    /// `"*"` (or any string) is everyone; an object maps each type to one identifier or a list.
    private static func principals(_ value: Value, _ name: String) throws(ParseError) -> [PolicyPrincipal] {
        switch value.kind {
        case .string:
            return [PolicyPrincipal(type: "*", identifiers: .many(["*"]))]
        case .object(let entries):
            var result: [PolicyPrincipal] = []
            for type in entries.keys.sorted(by: GoJSON.goLess) {
                let identifiers = entries[type]!
                switch identifiers.kind {
                case .string(let identifier):
                    result.append(PolicyPrincipal(type: type, identifiers: .one(identifier)))
                case .tuple(let elements):
                    var strings: [String] = []
                    for (index, element) in elements.enumerated() {
                        guard let s = element.stringValue else {
                            throw ParseError(description: "\(name) identifier \(index) of type \(type) is \(kindName(element)): it must be a string")
                        }
                        strings.append(s)
                    }
                    result.append(PolicyPrincipal(type: type, identifiers: .many(strings.sorted(by: GoJSON.goLess))))
                default:
                    throw ParseError(description: "\(name) identifiers of type \(type) are \(kindName(identifiers)): they must be a string or a list of strings")
                }
            }
            return result
        default:
            throw ParseError(description: "\(name) is \(kindName(value)): it must be \"*\" or an object")
        }
    }

    /// `{test: {variable: values}}`; a boolean value is its text, a number is dropped (as the
    /// provider drops it).
    private static func conditions(_ value: Value) throws(ParseError) -> [PolicyCondition] {
        if value.isNull { return [] }
        guard case .object(let tests) = value.kind else {
            throw ParseError(description: "Condition is \(kindName(value)): it must be an object")
        }
        var result: [PolicyCondition] = []
        for test in tests.keys.sorted(by: GoJSON.goLess) {
            guard case .object(let variables) = tests[test]!.kind else {
                if tests[test]!.isNull { continue }
                throw ParseError(description: "Condition \(test) is \(kindName(tests[test]!)): it must be an object")
            }
            for variable in variables.keys.sorted(by: GoJSON.goLess) {
                let values = variables[variable]!
                switch values.kind {
                case .string(let s):
                    result.append(PolicyCondition(test: test, variable: variable, values: .many([s])))
                case .bool(let b):
                    result.append(PolicyCondition(test: test, variable: variable, values: .one(b ? "true" : "false")))
                case .tuple(let elements):
                    var strings: [String] = []
                    for element in elements {
                        guard let s = element.stringValue else {
                            throw ParseError(description: "Condition \(test) \(variable) holds \(kindName(element)): values must be strings")
                        }
                        strings.append(s)
                    }
                    result.append(PolicyCondition(test: test, variable: variable, values: .many(strings)))
                default:
                    continue
                }
            }
        }
        return result
    }

    /// The member named `name`: an exact match, or else one that differs only in case.
    private static func field(_ fields: [String: Value], _ name: String) -> Value? {
        if let exact = fields[name] { return exact }
        let folded = name.lowercased()
        return fields.first { $0.key.lowercased() == folded }?.value
    }

    private static func string(_ value: Value?, _ name: String) throws(ParseError) -> String {
        guard let value, !value.isNull else { return "" }
        guard let s = value.stringValue else {
            throw ParseError(description: "\(name) is \(kindName(value)): it must be a string")
        }
        return s
    }

    private static func kindName(_ value: Value) -> String {
        switch value.kind {
        case .null, .unknown: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .list, .set, .tuple: "a list"
        case .map, .object: "an object"
        }
    }
}
