import Foundation
import Provisioner
import ResourceGraph

/// `aws_cloudwatch_log_group`: a CloudWatch Logs log group. Import id: the log group name
/// (which is also the id).
struct LogGroupResource: AWSResourceType {
    static let displayName = "CloudWatch Logs Log Group"
    static let typeName = "aws_cloudwatch_log_group"

    /// How long a permission just granted to the caller may take to let PutRetentionPolicy in.
    static let propagationTimeout = Duration.seconds(120)

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "retention_in_days": AttributeSchema(.number, .optional, default: .number(0)),
        "kms_key_id": AttributeSchema(.string, .optional),
        "log_group_class": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "skip_destroy": AttributeSchema(.bool, .optional, default: .false),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try NameOrPrefix.validate(configuration)
        var planned = NameOrPrefix.plan(AWSTags.planTagsAll(proposed, settings: settings), prior: prior, configuration: configuration)
        // Delivery log groups keep their logs for a fixed time: the provider ignores
        // retention_in_days for them unless the class itself changes.
        if let prior, planned.string("log_group_class") == "DELIVERY", !PlanSuppression.changed("log_group_class", prior, planned) {
            planned = planned.setting(["retention_in_days": prior[attribute: "retention_in_days"] ?? .number(0)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = NameOrPrefix.toCreate(planned)
        var body: [String: Value] = ["logGroupName": .string(name)]
        if let key = planned.string("kms_key_id"), !key.isEmpty { body["kmsKeyId"] = .string(key) }
        let logClass = planned.string("log_group_class") ?? ""
        if !logClass.isEmpty { body["logGroupClass"] = .string(logClass) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["tags"] = .object(tags.mapValues(Value.string)) }
        do {
            // A repeat of a create whose answer was lost fails as "already exists".
            _ = try await CloudWatchLogs.call("CreateLogGroup", body, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating CloudWatch Logs Log Group (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            if let days = planned.int("retention_in_days"), days != 0, logClass != "DELIVERY" {
                try await putRetention(name, days: days, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "setting CloudWatch Logs Log Group (\(name)) retention policy", partialObject: partial)
        }
    }

    /// PutRetentionPolicy, retried while a policy that allows it is still spreading.
    private func putRetention(_ name: String, days: Int, in context: AWSContext) async throws {
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(TimeInterval(Self.propagationTimeout.components.seconds))
        while true {
            do {
                _ = try await CloudWatchLogs.call("PutRetentionPolicy", ["logGroupName": .string(name), "retentionInDays": .number(days)], in: context)
                return
            } catch let error as AWSError where error.code == "AccessDeniedException"
                && error.message.contains("no identity-based policy allows the logs:PutRetentionPolicy action") && clock.now() < deadline {
                context.progress("waiting for permission to set the retention policy to take effect")
                try await clock.sleep(.seconds(5))
            }
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        do {
            guard let group = try await Self.describe(name, in: context) else { return nil }
            let arn = CloudWatchLogs.trimmedARN(group.string("arn") ?? "")
            var attributes: [String: Value] = [
                "id": .string(name),
                "arn": .string(arn),
                "name": .string(name),
                "name_prefix": NameOrPrefix.prefix(fromName: name),
                "retention_in_days": .number(group.int("retentionInDays") ?? 0),
                "kms_key_id": .string(group.string("kmsKeyId")),
                // AWS reports the class of every group; STANDARD is what one without it has.
                "log_group_class": .string(group.string("logGroupClass") ?? "STANDARD"),
                "skip_destroy": current[attribute: "skip_destroy"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false,
            ]
            let tags = arn.isEmpty ? [:] : try await CloudWatchLogs.tags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading CloudWatch Logs Log Group (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating CloudWatch Logs Log Group", detail: "the log group has no name in state.") }
        do {
            if PlanSuppression.changed("retention_in_days", prior, planned) {
                if let days = planned.int("retention_in_days"), days != 0 {
                    try await putRetention(name, days: days, in: context)
                } else {
                    _ = try await CloudWatchLogs.call("DeleteRetentionPolicy", ["logGroupName": .string(name)], in: context)
                }
            }
            if PlanSuppression.changed("kms_key_id", prior, planned) {
                if let key = planned.string("kms_key_id"), !key.isEmpty {
                    _ = try await CloudWatchLogs.call("AssociateKmsKey", ["logGroupName": .string(name), "kmsKeyId": .string(key)], in: context)
                } else {
                    _ = try await CloudWatchLogs.call("DisassociateKmsKey", ["logGroupName": .string(name)], in: context)
                }
            }
            if let arn = prior.string("arn"), !arn.isEmpty {
                try await CloudWatchLogs.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating CloudWatch Logs Log Group (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Deletes the group unless `skip_destroy` keeps it; retries while AWS asks to try again
    /// (another operation on the group is under way).
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        if current.bool("skip_destroy") == true {
            context.progress("retaining the log group (skip_destroy)")
            return
        }
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(60)
        while true {
            do {
                _ = try await CloudWatchLogs.call("DeleteLogGroup", ["logGroupName": .string(name)], in: context)
                return
            } catch where CloudWatchLogs.isNotFound(error) {
                return
            } catch let error as AWSError where error.code == "OperationAbortedException" && error.message.contains("try again") && clock.now() < deadline {
                context.progress("waiting to delete the log group: \(error.message)")
                try await clock.sleep(.seconds(2))
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "deleting CloudWatch Logs Log Group (\(name))")
            }
        }
    }

    /// The group of exactly that name (DescribeLogGroups matches by prefix), or nil.
    static func describe(_ name: String, in context: AWSContext) async throws -> Value? {
        let pages = try await context.client.jsonPages(.cloudWatchLogs, operation: "DescribeLogGroups", body: .object(["logGroupNamePrefix": .string(name)]), token: CloudWatchLogs.pageToken)
        for page in pages {
            if let group = page.objects("logGroups").first(where: { $0.string("logGroupName") == name }) { return group }
        }
        return nil
    }
}

// MARK: Reconciliation

extension LogGroupResource {
    /// The id is the name, from `arn:…:log-group:NAME` (with or without a trailing `:*`).
    func identity(fromARN arn: String) -> [String: Value] {
        let trimmed = CloudWatchLogs.trimmedARN(arn)
        let name = trimmed.range(of: ":log-group:").map { String(trimmed[$0.upperBound...]) } ?? trimmed
        return ["id": .string(name), "arn": .string(trimmed)]
    }

    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "name") }
}
