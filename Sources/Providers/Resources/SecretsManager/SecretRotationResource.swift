import Foundation
import Provisioner
import ResourceGraph

/// `aws_secretsmanager_secret_rotation`: a secret's rotation schedule and function. Import id:
/// the secret's ARN (which is also the id).
struct SecretRotationResource: AWSResourceType {
    static let displayName = "Secrets Manager Secret Rotation"
    static let typeName = "aws_secretsmanager_secret_rotation"

    private static let externalReason = "rotation managed by a partner (external secret rotation) is not implemented yet"

    static let rulesSchema = BlockSchema(attributes: [
        "automatically_after_days": AttributeSchema(.number, .optional),
        "duration": AttributeSchema(.string, .optional),
        "schedule_expression": AttributeSchema(.string, .optional),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "secret_id": AttributeSchema(.string, .required, forceNew: true),
            "rotation_lambda_arn": AttributeSchema(.string, .optional),
            "rotate_immediately": AttributeSchema(.bool, .optional, default: .true),
            "rotation_enabled": AttributeSchema(.bool, .computed),
            "external_secret_rotation_role_arn": AttributeSchema(.string, .optional, unsupported: externalReason),
        ],
        blocks: [
            "rotation_rules": NestedBlockSchema(.list, rulesSchema, minItems: 1, maxItems: 1),
            "external_secret_rotation_metadata": NestedBlockSchema(.list, BlockSchema(attributes: [
                "key": AttributeSchema(.string, .required, unsupported: externalReason),
                "value": AttributeSchema(.string, .required, unsupported: externalReason),
            ])),
        ]), version: 1)

    /// Rules the configuration leaves partly unset stay as read (empty duration and schedule
    /// expression), so that an imported rotation plans no change to them.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        PlannedChange(planned: PlannedValues.keepingEquivalentPrior(proposed, prior: prior, ["rotation_rules", "rotation_lambda_arn"]))
    }

    /// How long AWS may take to let Secrets Manager invoke a function or assume a role just
    /// granted to it.
    static let propagationTimeout = Duration.seconds(120)

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let secretID = planned.string("secret_id") else {
            throw ProviderError("Creating Secrets Manager Secret Rotation", detail: "secret_id is not known.")
        }
        let arn: String
        do {
            let response = try await rotate(planned, secretID: secretID, in: context)
            arn = response.string("ARN") ?? secretID
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Secrets Manager Secret Rotation (\(secretID))")
        }
        return try await readBack(planned.setting(["id": .string(arn)]), in: context, after: "creating")
    }

    /// RotateSecret with the planned schedule, retried while permissions just granted spread.
    private func rotate(_ planned: Value, secretID: String, in context: AWSContext) async throws -> Value {
        var body: [String: Value] = [
            "SecretId": .string(secretID),
            "RotateImmediately": .bool(planned.bool("rotate_immediately") ?? true),
        ]
        // The token names the version a rotation creates, so a repeated request creates none.
        body["ClientRequestToken"] = .string(SecretsManager.clientRequestToken(context) ?? UUID().uuidString.lowercased())
        if let rules = planned.objects("rotation_rules").first { body["RotationRules"] = Self.rotationRules(rules) }
        if let lambda = planned.string("rotation_lambda_arn"), !lambda.isEmpty { body["RotationLambdaARN"] = .string(lambda) }
        let deadline = ContinuousClock.now.advanced(by: Self.propagationTimeout)
        while true {
            do {
                return try await SecretsManager.call("RotateSecret", body, in: context)
            } catch let error as AWSError where (error.code == "AccessDeniedException" || error.code == "InvalidRequestException") && ContinuousClock.now < deadline {
                context.progress("waiting for Secrets Manager to be allowed to rotate: \(error.message)")
                try await Task.sleep(for: .seconds(5))
            }
        }
    }

    /// A schedule expression wins over a number of days, as in the provider.
    static func rotationRules(_ rules: Value) -> Value {
        var object: [String: Value] = [:]
        if let expression = rules.string("schedule_expression"), !expression.isEmpty {
            object["ScheduleExpression"] = .string(expression)
        } else if let days = rules.int("automatically_after_days"), days != 0 {
            object["AutomaticallyAfterDays"] = .number(days)
        }
        if let duration = rules.string("duration"), !duration.isEmpty { object["Duration"] = .string(duration) }
        return .object(object)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        let secret: Value
        do {
            secret = try await SecretsManager.call("DescribeSecret", ["SecretId": .string(id)], in: context)
        } catch where SecretsManager.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Secrets Manager Secret Rotation (\(id))")
        }
        if let deleted = secret[attribute: "DeletedDate"], !deleted.isNull { return nil }
        let enabled = secret.bool("RotationEnabled") ?? false
        var rules: [Value] = []
        if enabled, let remote = secret[attribute: "RotationRules"], !remote.isNull {
            let expression = remote.string("ScheduleExpression") ?? ""
            // With a schedule expression AWS computes the days itself; the provider leaves
            // them out so that the configuration's expression alone describes the schedule.
            let days = expression.isEmpty ? remote.int("AutomaticallyAfterDays").flatMap { $0 == 0 ? nil : $0 } : nil
            rules = [.object([
                "automatically_after_days": .number(days),
                "duration": .string(remote.string("Duration") ?? ""),
                "schedule_expression": .string(expression),
            ])]
        }
        return .object([
            "id": .string(id),
            "secret_id": .string(id),
            "rotation_enabled": .bool(enabled),
            "rotation_lambda_arn": .string(enabled ? secret.string("RotationLambdaARN") ?? "" : ""),
            "rotation_rules": .list(rules, of: Self.rulesSchema.valueType),
            "rotate_immediately": current[attribute: "rotate_immediately"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .true,
            "external_secret_rotation_role_arn": .null(.string),
            "external_secret_rotation_metadata": .list([], of: schema.block.blocks["external_secret_rotation_metadata"]!.block.valueType),
        ])
    }

    /// Any change of schedule or function is a new RotateSecret; `rotate_immediately` alone
    /// only matters for the next one.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else {
            throw ProviderError("Updating Secrets Manager Secret Rotation", detail: "the rotation has no id in state.")
        }
        let changed = !ObjectPlanning.equivalent(prior[attribute: "rotation_rules"] ?? .null, planned[attribute: "rotation_rules"] ?? .null)
            || (prior.string("rotation_lambda_arn") ?? "") != (planned.string("rotation_lambda_arn") ?? "")
        if changed {
            do {
                _ = try await rotate(planned, secretID: planned.string("secret_id") ?? id, in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "updating Secrets Manager Secret Rotation (\(id))")
            }
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let secretID = current.string("secret_id") ?? current.string("id") else { return }
        do {
            _ = try await SecretsManager.call("CancelRotateSecret", ["SecretId": .string(secretID)], in: context)
        } catch where SecretsManager.isNotFound(error) {
            return
        } catch let error as AWSError where error.code == "InvalidRequestException" && error.message.contains("marked deleted") {
            // A secret scheduled for deletion rotates no more.
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Secrets Manager Secret Rotation (\(secretID))")
        }
    }
}

extension SecretRotationResource {
    /// A secret has one rotation configuration; the id is the secret's.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        configuration.string("secret_id").map { ["id": .string($0)] }
    }
}
