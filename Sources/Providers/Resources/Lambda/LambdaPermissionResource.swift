import Foundation
import Provisioner
import ResourceGraph

/// `aws_lambda_permission`: one statement of a function's resource policy, letting a service
/// or account invoke it. Every argument forces a new permission. The id is the statement id;
/// the import id is `FUNCTION_NAME/STATEMENT_ID` or `FUNCTION_NAME:QUALIFIER/STATEMENT_ID`.
struct LambdaPermissionResource: AWSResourceType {
    static let displayName = "Lambda Permission"
    static let typeName = "aws_lambda_permission"

    /// Lambda drops permission changes made to one function at the same time.
    static let functionLock = KeyedLock()

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "action": AttributeSchema(.string, .required, forceNew: true),
        "function_name": AttributeSchema(.string, .required, forceNew: true),
        "principal": AttributeSchema(.string, .required, forceNew: true),
        "statement_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "statement_id_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "qualifier": AttributeSchema(.string, .optional, forceNew: true),
        "source_arn": AttributeSchema(.string, .optional, forceNew: true),
        "source_account": AttributeSchema(.string, .optional, forceNew: true),
        "event_source_token": AttributeSchema(.string, .optional, forceNew: true),
        "principal_org_id": AttributeSchema(.string, .optional, forceNew: true),
        "function_url_auth_type": AttributeSchema(.string, .optional, forceNew: true),
        "invoked_via_function_url": AttributeSchema(.bool, .optional, forceNew: true),
    ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if let id = configuration[attribute: "statement_id"], !id.isNull, let prefix = configuration[attribute: "statement_id_prefix"], !prefix.isNull {
            throw ProviderError("Conflicting configuration arguments", detail: "\"statement_id\": conflicts with statement_id_prefix")
        }
        var planned = proposed
        let unset = configuration[attribute: "statement_id"]?.isNull ?? true
        if unset, prior == nil || PlanSuppression.changed("statement_id_prefix", prior!, planned) {
            planned = planned.setting(["statement_id": .unknown(.string)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let function = planned.string("function_name") else { throw ProviderError("Adding Lambda Permission", detail: "function_name is not known.") }
        let statementID = planned.string("statement_id") ?? NameOrPrefix.make(prefix: planned.string("statement_id_prefix") ?? NameOrPrefix.defaultPrefix)
        var body: [String: Value] = [
            "Action": .string(planned.string("action") ?? ""),
            "Principal": .string(planned.string("principal") ?? ""),
            "StatementId": .string(statementID),
        ]
        for (attribute, member) in [("event_source_token", "EventSourceToken"), ("function_url_auth_type", "FunctionUrlAuthType"), ("principal_org_id", "PrincipalOrgID"), ("source_account", "SourceAccount"), ("source_arn", "SourceArn")] {
            LambdaFunctionRequests.put(&body, member, planned.string(attribute))
        }
        if let viaURL = planned.bool("invoked_via_function_url") { body["InvokedViaFunctionUrl"] = .bool(viaURL) }
        let qualifier = planned.string("qualifier") ?? ""
        let query: [(name: String, value: String)] = qualifier.isEmpty ? [] : [("Qualifier", qualifier)]
        let what = "Lambda Permission (\(function)/\(statementID))"
        let request = Value.object(body)
        do {
            try await Self.functionLock.withLock(function) {
                // Retried while the function (or IAM) is still settling after a change.
                try await Lambda.retrying("the function to accept the permission", in: context, while: { error in
                    (error.code == "ResourceConflictException" && !error.message.contains("already exists")) || error.code == "ResourceNotFoundException"
                }) {
                    try await Lambda.call("AddPermission", "POST", Lambda.functionPath(function, "/policy"), query: query, body: request, idempotent: false, in: context)
                }
            }
        } catch let error as AWSError where error.code == "ResourceConflictException" {
            throw ProviderError("Adding \(what)", detail: "\(error)", isAlreadyExists: error.message.contains("already exists"))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "adding \(what)")
        }
        let partial = planned.setting(["id": .string(statementID), "statement_id": .string(statementID)])
        do {
            try await Self.waitForStatement(function: function, statementID: statementID, qualifier: qualifier, present: true, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading \(what)", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let function = current.string("function_name"), let statementID = current.string("id") ?? current.string("statement_id") else { return nil }
        do {
            guard let statement = try await LambdaPolicyStatements.find(function: function, statementID: statementID, qualifier: current.string("qualifier"), in: context) else { return nil }
            let resource = statement.string("Resource") ?? ""
            let qualifier = LambdaPolicyStatements.parseFunction(resource)?.qualifier ?? ""
            // The function as the configuration names it: an ARN stays an ARN.
            let functionName: String
            if function.hasPrefix("arn:\(context.partition):lambda:") {
                functionName = qualifier.isEmpty ? resource : String(resource.dropLast(qualifier.count + 1))
            } else {
                functionName = LambdaPolicyStatements.parseFunction(resource)?.name ?? function
            }
            let viaURL = LambdaPolicyStatements.condition(statement, "Bool", "lambda:InvokedViaFunctionUrl")
            return .object([
                "id": .string(statementID),
                "action": .string(statement.string("Action")),
                "function_name": .string(functionName),
                "principal": .string(LambdaPolicyStatements.principal(statement)),
                "statement_id": .string(statement.string("Sid") ?? statementID),
                "statement_id_prefix": NameOrPrefix.prefix(fromName: statement.string("Sid") ?? statementID),
                "qualifier": .string(qualifier),
                "source_arn": .string(LambdaPolicyStatements.condition(statement, "ArnLike", "AWS:SourceArn")),
                "source_account": .string(LambdaPolicyStatements.condition(statement, "StringEquals", "AWS:SourceAccount")),
                "event_source_token": .string(LambdaPolicyStatements.condition(statement, "StringEquals", "lambda:EventSourceToken")),
                "principal_org_id": .string(LambdaPolicyStatements.condition(statement, "StringEquals", "aws:PrincipalOrgID")),
                "function_url_auth_type": .string(LambdaPolicyStatements.condition(statement, "StringEquals", "lambda:FunctionUrlAuthType")),
                "invoked_via_function_url": viaURL.map { Value.bool($0.lowercased() == "true") } ?? .null(.bool),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Lambda Permission (\(function)/\(statementID))")
        }
    }

    /// Every argument forces a new permission: there is nothing to change in place.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let function = current.string("function_name"), let statementID = current.string("id") else { return }
        let qualifier = current.string("qualifier") ?? ""
        let query: [(name: String, value: String)] = qualifier.isEmpty ? [] : [("Qualifier", qualifier)]
        do {
            try await Self.functionLock.withLock(function) {
                try await Lambda.call("RemovePermission", "DELETE", Lambda.functionPath(function, "/policy/" + AWSURIEncoding.encode(statementID)), query: query, in: context)
            }
        } catch where Lambda.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "removing Lambda Permission (\(function)/\(statementID))")
        }
        do {
            try await Self.waitForStatement(function: function, statementID: statementID, qualifier: qualifier, present: false, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for Lambda Permission (\(function)/\(statementID)) delete")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let parts = id.components(separatedBy: "/")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ProviderError("Invalid import id", detail: "Unexpected format of ID (\"\(id)\"), expected FUNCTION_NAME/STATEMENT_ID or FUNCTION_NAME:QUALIFIER/STATEMENT_ID")
        }
        var function = parts[0], qualifier: Value = .null(.string)
        let nameParts = function.split(separator: ":", omittingEmptySubsequences: false)
        if nameParts.count == 2 {
            function = String(nameParts[0])
            qualifier = .string(String(nameParts[1]))
        }
        let seed = Value.object(["id": .string(parts[1]), "function_name": .string(function), "qualifier": qualifier])
        guard let object = try await read(seed, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No statement \(parts[1]) in the policy of Lambda function \(parts[0]) in \(context.region).")
        }
        return object
    }

    /// Waits for the policy to show (or no longer show) the statement: Lambda's policy is
    /// eventually consistent.
    static func waitForStatement(function: String, statementID: String, qualifier: String, present: Bool, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: Lambda.propagationTimeout, minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        let what = "statement \(statementID) of Lambda function \(function) to be \(present ? "added" : "removed")"
        try await waiter.wait(for: what, progress: { context.progress("waiting: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            let found = try await LambdaPolicyStatements.find(function: function, statementID: statementID, qualifier: qualifier, in: context) != nil
            return found == present ? .done(()) : .pending(present ? "not in the policy yet" : "still in the policy")
        }
    }
}

// MARK: Reconciliation

extension LambdaPermissionResource {
    /// A statement id is unique in its function's policy.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "function_name", "statement_id") }
}
