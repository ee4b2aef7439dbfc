import Foundation
import Provisioner
import ResourceGraph

/// `data "aws_iam_policy_document"`: a policy document built from `statement` blocks and other
/// documents, locally (no API call), with the provider's exact JSON, since configurations
/// compare these strings.
struct IAMPolicyDocumentDataSource: AWSDataSourceType {
    static let typeName = "aws_iam_policy_document"
    static let defaultVersion = "2012-10-17"

    static let principalsSchema = BlockSchema(attributes: [
        "identifiers": AttributeSchema(.set(.string), .required),
        "type": AttributeSchema(.string, .required),
    ])

    static let conditionSchema = BlockSchema(attributes: [
        "test": AttributeSchema(.string, .required),
        "values": AttributeSchema(.list(.string), .required),
        "variable": AttributeSchema(.string, .required),
    ])

    static let statementSchema = BlockSchema(
        attributes: [
            "sid": AttributeSchema(.string, .optional),
            "effect": AttributeSchema(.string, .optional, default: .string("Allow")),
            "actions": AttributeSchema(.set(.string), .optional),
            "not_actions": AttributeSchema(.set(.string), .optional),
            "resources": AttributeSchema(.set(.string), .optional),
            "not_resources": AttributeSchema(.set(.string), .optional),
        ],
        blocks: [
            "principals": NestedBlockSchema(.set, principalsSchema),
            "not_principals": NestedBlockSchema(.set, principalsSchema),
            "condition": NestedBlockSchema(.set, conditionSchema),
        ])

    let schema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "json": AttributeSchema(.string, .computed),
            "minified_json": AttributeSchema(.string, .computed),
            "policy_id": AttributeSchema(.string, .optional),
            "version": AttributeSchema(.string, .optional, default: .string(defaultVersion)),
            "source_policy_documents": AttributeSchema(.list(.string), .optional),
            "override_policy_documents": AttributeSchema(.list(.string), .optional),
            // Deprecated and no longer used by the provider: only an empty string is accepted.
            "source_json": AttributeSchema(.string, .optional),
            "override_json": AttributeSchema(.string, .optional),
        ],
        blocks: ["statement": NestedBlockSchema(.list, statementSchema)])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        do {
            return try Self.render(configuration)
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderError("Writing IAM Policy Document", detail: "\(error)")
        }
    }

    struct DocumentError: Error, CustomStringConvertible {
        var description: String
    }

    /// The data source's value: the configuration with its defaults and the documents.
    static func render(_ configuration: Value) throws -> Value {
        for deprecated in ["source_json", "override_json"] {
            if let text = configuration.string(deprecated), !text.isEmpty {
                throw DocumentError(description: "expected \"\(deprecated)\" to be an empty string, got \(text): it is no longer used; use \(deprecated == "source_json" ? "source_policy_documents" : "override_policy_documents")")
            }
        }
        let version = configuration.string("version") ?? defaultVersion
        guard version == "2008-10-17" || version == "2012-10-17" else {
            throw DocumentError(description: "expected version to be one of [\"2008-10-17\" \"2012-10-17\"], got \(version)")
        }

        var merged = PolicyDocument()
        var sourceSids = Set<String>()
        for (index, text) in (configuration.stringList("source_policy_documents") ?? []).enumerated() {
            let source = try parse(text, "source", index)
            for (statementIndex, statement) in source.statements.enumerated() where !statement.sid.isEmpty {
                guard sourceSids.insert(statement.sid).inserted else {
                    throw DocumentError(description: "merging source document \(index): duplicate Sid (\(statement.sid)) in source_policy_documents (statement \(statementIndex)). Remove the Sid or ensure Sids are unique.")
                }
            }
            merged.merge(source)
        }

        var document = PolicyDocument(version: version, id: configuration.string("policy_id") ?? "")
        var sids = Set<String>()
        for statement in configuration.objects("statement") {
            let sid = statement.string("sid") ?? ""
            guard sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw DocumentError(description: "invalid sid \(sid): must only include alphanumeric characters")
            }
            if !sid.isEmpty, !sids.insert(sid).inserted {
                throw DocumentError(description: "duplicate Sid (\(sid)). Remove the Sid or ensure the Sid is unique.")
            }
            document.statements.append(try PolicyStatementBuilder(version: version).statement(statement))
        }
        merged.merge(document)

        for (index, text) in (configuration.stringList("override_policy_documents") ?? []).enumerated() {
            merged.merge(try parse(text, "override", index))
        }

        let json = merged.json.indented
        let statements = configuration.objects("statement").map { statement in
            statement.setting(["effect": .string(statement.string("effect") ?? "Allow")])
        }
        return configuration.setting([
            "id": .string(String(SDKSetOrder.crc32(Array(json.utf8)))),
            "json": .string(json),
            "minified_json": .string(merged.json.compact),
            "version": .string(version),
            "statement": .list(statements, of: statementSchema.valueType),
        ])
    }

    private static func parse(_ text: String, _ kind: String, _ index: Int) throws -> PolicyDocument {
        do {
            return try PolicyDocumentParser.parse(text)
        } catch {
            throw DocumentError(description: "merging \(kind) document \(index): \(error.description)")
        }
    }
}

/// A `statement` block as the provider turns it into a statement: each set of strings one
/// string or a reverse-sorted list, `&{…}` turned into the policy variable `${…}`, principals
/// and conditions in the order the plugin SDK lists set elements.
struct PolicyStatementBuilder {
    var version: String

    func statement(_ block: Value) throws -> PolicyStatement {
        var statement = PolicyStatement()
        statement.sid = block.string("sid") ?? ""
        statement.effect = block.string("effect") ?? "Allow"
        guard statement.effect == "Allow" || statement.effect == "Deny" else {
            throw IAMPolicyDocumentDataSource.DocumentError(description: "expected effect to be one of [\"Allow\" \"Deny\"], got \(statement.effect)")
        }
        statement.actions = plainStrings(block, "actions")
        statement.notActions = plainStrings(block, "not_actions")
        statement.resources = try strings(block, "resources")
        statement.notResources = try strings(block, "not_resources")
        statement.principals = try principals(block.objects("principals"), "principals")
        statement.notPrincipals = try principals(block.objects("not_principals"), "not_principals")
        statement.conditions = try conditions(block.objects("condition"))
        return statement
    }

    /// Actions keep `&{` as it is: the provider only turns it into a variable in resources,
    /// principals and conditions.
    private func plainStrings(_ block: Value, _ name: String) -> GoJSON? {
        let values = block.stringList(name) ?? []
        return values.isEmpty ? nil : PolicyStrings.decoded(values).json
    }

    private func strings(_ block: Value, _ name: String) throws -> GoJSON? {
        let values = block.stringList(name) ?? []
        guard !values.isEmpty else { return nil }
        return try replacingVariables(PolicyStrings.decoded(values), reading: name).json
    }

    private func principals(_ blocks: [Value], _ name: String) throws -> [PolicyPrincipal] {
        let ordered = SDKSetOrder.ordered(blocks) { principal in
            "identifiers:" + SDKSetOrder.stringSet(principal.stringList("identifiers") ?? [])
                + "type:" + SDKSetOrder.member(principal.string("type") ?? "")
        }
        return try ordered.map { principal in
            let identifiers = PolicyStrings.decoded(principal.stringList("identifiers") ?? [])
            return PolicyPrincipal(type: principal.string("type") ?? "", identifiers: try replacingVariables(identifiers, reading: "\(name) identifiers"))
        }
    }

    private func conditions(_ blocks: [Value]) throws -> [PolicyCondition] {
        let ordered = SDKSetOrder.ordered(blocks) { condition in
            "test:" + SDKSetOrder.member(condition.string("test") ?? "")
                + "values:" + SDKSetOrder.stringList(condition.stringList("values") ?? [])
                + "variable:" + SDKSetOrder.member(condition.string("variable") ?? "")
        }
        return try ordered.map { condition in
            let values = try (condition.stringList("values") ?? []).map { try replacingVariable($0, reading: "condition values") }
            return PolicyCondition(
                test: condition.string("test") ?? "", variable: condition.string("variable") ?? "",
                values: values.count == 1 ? .one(values[0]) : .many(values))
        }
    }

    private func replacingVariables(_ strings: PolicyStrings, reading name: String) throws -> PolicyStrings {
        switch strings {
        case .one(let s): .one(try replacingVariable(s, reading: name))
        case .many(let l): .many(try l.map { try replacingVariable($0, reading: name) })
        }
    }

    /// `&{aws:username}` is how configurations write the policy variable `${aws:username}`,
    /// which Terraform would otherwise interpolate; version 2008-10-17 has no variables.
    private func replacingVariable(_ s: String, reading name: String) throws -> String {
        guard s.contains("&{") else { return s }
        if version == "2008-10-17" {
            throw IAMPolicyDocumentDataSource.DocumentError(description: "reading \(name): found &{ sequence in (\(s)), which is not supported in document version 2008-10-17")
        }
        return s.replacingOccurrences(of: "&{", with: "${")
    }
}
