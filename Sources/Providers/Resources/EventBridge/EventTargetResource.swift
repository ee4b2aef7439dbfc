import Foundation
import Provisioner
import ResourceGraph

/// `aws_cloudwatch_event_target`: where an EventBridge rule sends what it matches. The id is
/// `RULE-TARGET_ID` (`BUS-RULE-TARGET_ID` on another bus), as the provider makes it; the import
/// id is `RULE/TARGET_ID` or `EVENT_BUS_NAME/RULE/TARGET_ID`.
struct EventTargetResource: AWSResourceType {
    static let displayName = "EventBridge Target"
    static let typeName = "aws_cloudwatch_event_target"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .required),
            "rule": AttributeSchema(.string, .required, forceNew: true),
            "target_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "event_bus_name": AttributeSchema(.string, .optional, forceNew: true, default: .string(EventBridge.defaultBusName)),
            "force_destroy": AttributeSchema(.bool, .optional, default: .false),
            "input": AttributeSchema(.string, .optional),
            "input_path": AttributeSchema(.string, .optional),
            "role_arn": AttributeSchema(.string, .optional),
        ],
        blocks: EventTargetBlocks.blocks), version: 1)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        let inputs = ["input", "input_path", "input_transformer"].filter { name in
            guard let value = configuration[attribute: name] else { return false }
            return !value.isNull && !(value.elements?.isEmpty ?? false)
        }
        if inputs.count > 1 {
            throw ProviderError("Conflicting configuration arguments", detail: "\"\(inputs[0])\": conflicts with \(inputs[1])")
        }
        var planned = proposed
        if prior == nil, configuration[attribute: "target_id"]?.isNull ?? true {
            planned = planned.setting(["target_id": .unknown(.string)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let rule = planned.string("rule") else { throw ProviderError("Creating EventBridge Target", detail: "rule is not known.") }
        let targetID = planned.string("target_id") ?? NameOrPrefix.make(prefix: NameOrPrefix.defaultPrefix)
        let bus = planned.string("event_bus_name") ?? EventBridge.defaultBusName
        let id = Self.resourceID(bus: bus, rule: rule, targetID: targetID)
        do {
            try await Self.putTarget(planned, targetID: targetID, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EventBridge Target (\(id))")
        }
        let partial = planned.setting(["id": .string(id), "target_id": .string(targetID)])
        return try await readBack(partial, in: context, after: "creating")
    }

    /// PutTargets with the one target; its per-target failures are errors too.
    static func putTarget(_ planned: Value, targetID: String, in context: AWSContext) async throws {
        var target = EventTargetBlocks.request(planned)
        target["Id"] = .string(targetID)
        target["Arn"] = .string(planned.string("arn") ?? "")
        for (attribute, member) in [("input", "Input"), ("input_path", "InputPath"), ("role_arn", "RoleArn")] {
            EventTargetBlocks.put(&target, member, planned.string(attribute))
        }
        var body: [String: Value] = ["Rule": .string(planned.string("rule") ?? ""), "Targets": .tuple([.object(target)])]
        EventTargetBlocks.put(&body, "EventBusName", planned.string("event_bus_name"))
        let response = try await EventBridge.call("PutTargets", body, in: context)
        try Self.check(response.objects("FailedEntries"))
    }

    private static func check(_ failures: [Value]) throws {
        guard !failures.isEmpty else { return }
        let text = failures.map { "\($0.string("TargetId") ?? ""): \($0.string("ErrorCode") ?? ""): \($0.string("ErrorMessage") ?? "")" }
        throw ProviderError("EventBridge refused the target", detail: text.joined(separator: "; "))
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let rule = current.string("rule"), let targetID = current.string("target_id") else { return nil }
        let bus = current.string("event_bus_name") ?? EventBridge.defaultBusName
        let id = Self.resourceID(bus: bus, rule: rule, targetID: targetID)
        do {
            guard let target = try await Self.find(bus: bus, rule: rule, targetID: targetID, in: context) else { return nil }
            var attributes: [String: Value] = [
                "id": .string(id),
                "arn": .string(target.string("Arn") ?? ""),
                "rule": .string(rule),
                "target_id": .string(target.string("Id") ?? targetID),
                "event_bus_name": .string(bus),
                "force_destroy": current[attribute: "force_destroy"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false,
                "input": .string(target.string("Input")),
                "input_path": .string(target.string("InputPath")),
                "role_arn": .string(target.string("RoleArn")),
            ]
            attributes.merge(EventTargetBlocks.read(target)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EventBridge Target (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let targetID = prior.string("target_id") else {
            throw ProviderError("Updating EventBridge Target", detail: "the target has no id in state.")
        }
        let names = Array(schema.block.attributes.keys) + Array(schema.block.blocks.keys)
        if names.contains(where: { $0 != "force_destroy" && PlanSuppression.changed($0, prior, planned) }) {
            do {
                try await Self.putTarget(planned, targetID: targetID, in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "updating EventBridge Target (\(id))")
            }
        }
        return try await readBack(planned.setting(["id": .string(id), "target_id": .string(targetID)]), in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let rule = current.string("rule"), let targetID = current.string("target_id") else { return }
        var body: [String: Value] = ["Rule": .string(rule), "Ids": .tuple([.string(targetID)])]
        EventTargetBlocks.put(&body, "EventBusName", current.string("event_bus_name"))
        if current.bool("force_destroy") == true { body["Force"] = .true }
        do {
            let response = try await EventBridge.call("RemoveTargets", body, in: context)
            try Self.check(response.objects("FailedEntries"))
        } catch where EventBridge.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EventBridge Target (\(current.string("id") ?? targetID))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let (bus, rule, targetID) = Self.parseImportID(id) else {
            throw ProviderError("Invalid import id", detail: "unexpected format for ID (\(id)), expected EVENTBUSNAME/RULENAME/TARGETID or RULENAME/TARGETID")
        }
        let seed = Value.object([
            "id": .string(Self.resourceID(bus: bus, rule: rule, targetID: targetID)),
            "rule": .string(rule), "target_id": .string(targetID), "event_bus_name": .string(bus),
        ])
        guard let object = try await read(seed, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No EventBridge target \(targetID) of rule \(rule) on bus \(bus) exists in \(context.region).")
        }
        return object
    }

    // MARK: Ids and calls

    /// `RULE-TARGET_ID`, with the bus in front unless it is the default one. The provider
    /// never parses it back: `-` may appear in every part.
    static func resourceID(bus: String, rule: String, targetID: String) -> String {
        let parts = bus.isEmpty || bus == EventBridge.defaultBusName ? [rule, targetID] : [bus, rule, targetID]
        return parts.joined(separator: "-")
    }

    static func parseImportID(_ id: String) -> (bus: String, rule: String, targetID: String)? {
        let parts = id.components(separatedBy: "/")
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { return (EventBridge.defaultBusName, parts[0], parts[1]) }
        guard let split = EventBridge.splitTrailing(id, names: 3) else { return nil }
        return (split[0], split[1], split[2])
    }

    /// The target with that id among the rule's, or nil when it or the rule is gone.
    static func find(bus: String, rule: String, targetID: String, in context: AWSContext) async throws -> Value? {
        var body: [String: Value] = ["Rule": .string(rule), "Limit": .number(100)]
        if !bus.isEmpty { body["EventBusName"] = .string(bus) }
        do {
            let pages = try await context.client.jsonPages(.eventBridge, operation: "ListTargetsByRule", body: .object(body))
            return pages.flatMap { $0.objects("Targets") }.first { $0.string("Id") == targetID }
        } catch let error as AWSError where error.code == "ValidationException" || error.code == "ResourceNotFoundException" || error.message.hasSuffix(" not found") {
            return nil
        }
    }
}

// MARK: Reconciliation

extension EventTargetResource {
    /// A target id is unique in its rule.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "rule", "target_id") }
}
