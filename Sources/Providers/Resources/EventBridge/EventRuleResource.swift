import Foundation
import Provisioner
import ResourceGraph

/// `aws_cloudwatch_event_rule`: an EventBridge rule, matching an event pattern or running on a
/// schedule. Import id: the rule name, or `EVENT_BUS_NAME/RULE_NAME` on another bus than the
/// default one (which is also the id).
struct EventRuleResource: AWSResourceType {
    static let displayName = "EventBridge Rule"
    static let typeName = "aws_cloudwatch_event_rule"

    /// How long a role just created may take before EventBridge can assume it.
    static let propagationTimeout = Duration.seconds(120)

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "description": AttributeSchema(.string, .optional),
        "event_bus_name": AttributeSchema(.string, .optional, forceNew: true, default: .string(EventBridge.defaultBusName)),
        "event_pattern": AttributeSchema(.string, .optional),
        "schedule_expression": AttributeSchema(.string, .optional),
        "role_arn": AttributeSchema(.string, .optional),
        "state": AttributeSchema(.string, .optional),
        "is_enabled": AttributeSchema(.bool, .optional),
        "force_destroy": AttributeSchema(.bool, .optional, default: .false),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }), version: 1)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try NameOrPrefix.validate(configuration)
        let configuredState = configuration[attribute: "state"] ?? .null(.string)
        let configuredEnabled = configuration[attribute: "is_enabled"] ?? .null(.bool)
        if !configuredState.isNull, !configuredEnabled.isNull {
            throw ProviderError("Conflicting configuration arguments", detail: "\"state\": conflicts with is_enabled")
        }
        let pattern = configuration[attribute: "event_pattern"] ?? .null(.string)
        let schedule = configuration[attribute: "schedule_expression"] ?? .null(.string)
        if pattern.isNull, schedule.isNull {
            throw ProviderError("Missing required argument", detail: "\"event_pattern\": one of `event_pattern,schedule_expression` must be specified")
        }
        var planned = NameOrPrefix.plan(AWSTags.planTagsAll(proposed, settings: settings), prior: prior, configuration: configuration)
        // The provider stores the pattern as compact JSON, and a pattern that means the same
        // as the one applied is no change.
        if let text = planned.string("event_pattern") {
            planned = planned.setting(["event_pattern": .string(EventBridge.normalizedPattern(text))])
        }
        planned = PlanSuppression.keepPriorString("event_pattern", in: planned, prior: prior, equivalent: PolicyDocuments.equivalent)
        // Left unset, `state` and the deprecated `is_enabled` keep what AWS reports.
        var kept: [String: Value] = [:]
        if let prior {
            if configuredState.isNull { kept["state"] = prior[attribute: "state"] }
            if configuredEnabled.isNull { kept["is_enabled"] = prior[attribute: "is_enabled"] }
        }
        if configuredState.isNull, let enabled = configuredEnabled.boolValue {
            let priorState = prior?.string("state") ?? ""
            let priorEnabled = priorState.hasPrefix("ENABLED")
            kept["state"] = priorEnabled == enabled && !priorState.isEmpty ? .string(priorState) : .string(enabled ? "ENABLED" : "DISABLED")
        }
        return PlannedChange(planned: planned.setting(kept))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = NameOrPrefix.toCreate(planned)
        let bus = planned.string("event_bus_name") ?? EventBridge.defaultBusName
        var body = Self.putRuleBody(planned, name: name)
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { body["Tags"] = EventBridge.tagLists.list(tags) }
        let id = Self.resourceID(bus: bus, name: name)
        do {
            try await Self.putRule(body, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EventBridge Rule (\(name))")
        }
        let partial = planned.setting(["id": .string(id), "name": .string(name)])
        do {
            let waiter = AWSWaiter(timeout: .seconds(120), clock: context.client.configuration.clock)
            try await waiter.wait(for: "EventBridge Rule \(id) to exist", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
                try await Self.describe(bus: bus, name: name, in: context) == nil ? .pending("not visible yet") : .done(())
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for EventBridge Rule (\(id)) create", partialObject: partial)
        }
    }

    /// PutRule's settings (everything but tags): the call replaces the rule as a whole.
    static func putRuleBody(_ planned: Value, name: String) -> [String: Value] {
        var body: [String: Value] = ["Name": .string(name)]
        if let bus = planned.string("event_bus_name"), !bus.isEmpty { body["EventBusName"] = .string(bus) }
        for (attribute, member) in [("description", "Description"), ("event_pattern", "EventPattern"), ("role_arn", "RoleArn"), ("schedule_expression", "ScheduleExpression")] {
            if let text = planned.string(attribute), !text.isEmpty { body[member] = .string(text) }
        }
        if let state = planned.string("state"), !state.isEmpty {
            body["State"] = .string(state)
        } else if let enabled = planned.bool("is_enabled") {
            body["State"] = .string(enabled ? "ENABLED" : "DISABLED")
        }
        return body
    }

    /// PutRule, retried while a role just granted is not yet assumable by EventBridge.
    static func putRule(_ body: [String: Value], in context: AWSContext) async throws {
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(TimeInterval(propagationTimeout.components.seconds))
        while true {
            do {
                _ = try await EventBridge.call("PutRule", body, in: context)
                return
            } catch let error as AWSError where error.code == "ValidationException" && error.message.contains("cannot be assumed by principal") && clock.now() < deadline {
                context.progress("waiting for the rule's role to be assumable: \(error.message)")
                try await clock.sleep(.seconds(5))
            }
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        guard let (bus, name) = Self.parseID(id) else {
            throw ProviderError("Reading EventBridge Rule", detail: "unexpected format for ID (\(id)), expected EVENTBUSNAME/RULENAME or RULENAME")
        }
        do {
            guard let rule = try await Self.describe(bus: bus, name: name, in: context) else { return nil }
            let arn = rule.string("Arn") ?? ""
            let remotePattern = EventBridge.normalizedPattern(rule.string("EventPattern"))
            let priorPattern = current.string("event_pattern")
            let state = rule.string("State") ?? ""
            var attributes: [String: Value] = [
                "id": .string(id),
                "arn": .string(arn),
                "name": .string(rule.string("Name") ?? name),
                "name_prefix": NameOrPrefix.prefix(fromName: rule.string("Name") ?? name),
                "description": .string(rule.string("Description")),
                // The bus as the id names it: AWS may answer with a collapsed ARN.
                "event_bus_name": .string(bus),
                "event_pattern": .string(PolicyDocuments.equivalent(priorPattern, remotePattern) && priorPattern != nil ? priorPattern : remotePattern),
                "schedule_expression": .string(rule.string("ScheduleExpression")),
                "role_arn": .string(rule.string("RoleArn")),
                "state": .string(state),
                "is_enabled": .bool(state.hasPrefix("ENABLED")),
                "force_destroy": current[attribute: "force_destroy"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false,
            ]
            let tags = arn.isEmpty ? [:] : try await EventBridge.tags(arn: arn, in: context)
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EventBridge Rule (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let (_, name) = Self.parseID(id) else {
            throw ProviderError("Updating EventBridge Rule", detail: "the rule has no id in state.")
        }
        let settings = ["description", "event_pattern", "schedule_expression", "role_arn", "state", "is_enabled"]
        do {
            if settings.contains(where: { PlanSuppression.changed($0, prior, planned) }) {
                try await Self.putRule(Self.putRuleBody(planned, name: name), in: context)
            }
            if let arn = prior.string("arn"), !arn.isEmpty {
                try await EventBridge.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EventBridge Rule (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Deletes the rule, retrying while AWS still counts targets on it (a target removed just
    /// before can take a moment to go).
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id"), let (bus, name) = Self.parseID(id) else { return }
        var body: [String: Value] = ["Name": .string(name), "EventBusName": .string(bus)]
        if current.bool("force_destroy") == true { body["Force"] = .true }
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(300)
        while true {
            do {
                _ = try await EventBridge.call("DeleteRule", body, in: context)
                return
            } catch where EventBridge.isNotFound(error) {
                return
            } catch let error as AWSError where error.code == "ValidationException" && error.message.contains("Rule can't be deleted since it has targets") && clock.now() < deadline {
                context.progress("waiting for the rule's targets to be removed")
                try await clock.sleep(.seconds(5))
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "deleting EventBridge Rule (\(id))")
            }
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard Self.parseID(id) != nil else {
            throw ProviderError("Invalid import id", detail: "unexpected format for ID (\(id)), expected EVENTBUSNAME/RULENAME or RULENAME")
        }
        guard let object = try await read(.object(["id": .string(id)]), in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No EventBridge rule \(id) exists in \(context.region).")
        }
        return object
    }

    // MARK: Ids and calls

    /// The rule name alone on the default bus, `bus/name` on any other.
    static func resourceID(bus: String, name: String) -> String {
        bus.isEmpty || bus == EventBridge.defaultBusName ? name : "\(bus)/\(name)"
    }

    static func parseID(_ id: String) -> (bus: String, name: String)? {
        if !id.isEmpty, !id.contains("/") { return (EventBridge.defaultBusName, id) }
        guard let parts = EventBridge.splitTrailing(id, names: 2) else { return nil }
        return (parts[0], parts[1])
    }

    /// DescribeRule's answer, or nil when there is no such rule.
    static func describe(bus: String, name: String, in context: AWSContext) async throws -> Value? {
        var body: [String: Value] = ["Name": .string(name)]
        if !bus.isEmpty { body["EventBusName"] = .string(bus) }
        do {
            return try await EventBridge.call("DescribeRule", body, in: context)
        } catch where EventBridge.isNotFound(error) {
            return nil
        }
    }
}

// MARK: Reconciliation

extension EventRuleResource {
    /// The id is `NAME` on the default bus, `BUS/NAME` on another, as in `…:rule/BUS/NAME`.
    func identity(fromARN arn: String) -> [String: Value] {
        let path = arn.split(separator: ":", maxSplits: 5).last.map(String.init) ?? arn
        let id = path.hasPrefix("rule/") ? String(path.dropFirst("rule/".count)) : path
        return ["id": .string(id), "arn": .string(arn)]
    }

    /// Rule names are unique on their bus.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard let name = configuration.string("name") else { return nil }
        let bus = configuration.string("event_bus_name") ?? EventBridge.defaultBusName
        return ["id": .string(bus == EventBridge.defaultBusName ? name : "\(bus)/\(name)")]
    }
}
