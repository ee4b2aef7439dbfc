import Foundation
import Provisioner
import ResourceGraph

/// `aws_lb_listener_rule` (also `aws_alb_listener_rule`): conditions under which a listener
/// takes other actions than its default ones. Its id is its ARN. Import id: the ARN.
struct ListenerRuleResource: AWSResourceType {
    static let displayName = "ELBv2 Listener Rule"
    static let typeName = "aws_lb_listener_rule"

    static let unsupportedTransforms = "host header and URL rewrite transforms are not implemented yet"
    static let rewriteSchema = BlockSchema(blocks: [
        "rewrite": NestedBlockSchema(.list, BlockSchema(attributes: [
            "regex": AttributeSchema(.string, .required, unsupported: unsupportedTransforms),
            "replace": AttributeSchema(.string, .required, unsupported: unsupportedTransforms),
        ]), maxItems: 1),
    ])
    static let transformSchema = BlockSchema(
        attributes: ["type": AttributeSchema(.string, .required, unsupported: unsupportedTransforms)],
        blocks: [
            "host_header_rewrite_config": NestedBlockSchema(.list, rewriteSchema, maxItems: 1),
            "url_rewrite_config": NestedBlockSchema(.list, rewriteSchema, maxItems: 1),
        ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "listener_arn": AttributeSchema(.string, .required, forceNew: true),
            "priority": AttributeSchema(.number, .optionalComputed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "action": ListenerActions.block,
            "condition": ListenerRuleConditions.block,
            "transform": NestedBlockSchema(.set, transformSchema, maxItems: 2),
        ]))

    /// The priority of a listener's default rule, as Terraform writes it.
    static let defaultRulePriority = 99_999

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        try ListenerActions.validate(planned.objects("action"), name: "action")
        if let priority = planned.int("priority"), priority < 1 || (priority > 50_000 && priority != Self.defaultRulePriority) {
            throw ProviderError("Invalid priority", detail: "\"priority\" must be in the range 1-50000 for normal rule or \(Self.defaultRulePriority) for the default rule")
        }
        if let prior {
            planned = planned.setting(["action": .list(ListenerActions.plan(planned.objects("action"), prior: prior.objects("action")), of: ListenerActions.actionSchema.valueType)])
        }
        return PlannedChange(planned: planned)
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let listenerARN = planned.string("listener_arn") else { throw ProviderError("Creating ELBv2 Listener Rule", detail: "listener_arn is not known.") }
        let arn: String
        do {
            var parameters = QueryParameters()
            parameters.set("ListenerArn", listenerARN)
            parameters.setList("Actions", ListenerActions.parameters(planned.objects("action")))
            parameters.setList("Conditions", try ListenerRuleConditions.parameters(planned.objects("condition")))
            ELBv2.setTags(&parameters, planned.stringMap("tags_all") ?? [:])
            let response: XMLNode
            if let priority = planned.int("priority") {
                parameters.set("Priority", priority)
                response = try await ELBv2.call("CreateRule", parameters, in: context, idempotent: false)
            } else {
                // No priority configured: the next after the listener's highest, tried again
                // while another rule takes it first, as the provider does.
                response = try await ELBv2.retrying("a free priority on listener \(listenerARN)", timeout: .seconds(300), in: context, while: { $0.code == "PriorityInUse" }) {
                    var withPriority = parameters
                    withPriority.set("Priority", try await Self.highestPriority(listenerARN, in: context) + 1)
                    return try await ELBv2.call("CreateRule", withPriority, in: context, idempotent: false)
                }
            }
            guard let created = response.all("Rules", "member").first?.string("RuleArn") else {
                throw ProviderError("Creating ELBv2 Listener Rule (\(listenerARN))", detail: "CreateRule answered without an ARN.")
            }
            arn = created
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Listener Rule (\(listenerARN))")
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn)])
        do {
            let waiter = AWSWaiter(timeout: .seconds(120), minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
            try await waiter.wait(for: "ELBv2 Listener Rule \(arn) to exist", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
                try await Self.describe(arn, in: context) == nil ? .pending("not visible yet") : .done(())
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Listener Rule (\(arn))", partialObject: partial)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let arn = current.string("id") ?? current.string("arn") else { return nil }
        do {
            guard let rule = try await Self.describe(arn, in: context) else { return nil }
            let priorityText = rule.string("Priority") ?? ""
            let priorActions = current[attribute: "action"].flatMap { $0.isKnown && !($0.elements ?? []).isEmpty ? $0.elements : nil }
            var attributes = try await ELBv2.tagAttributes(arn: arn, current: current, in: context)
            attributes.merge([
                "id": .string(arn),
                "arn": .string(arn),
                // The listener is not in the answer, but its ARN is part of the rule's.
                "listener_arn": .string(ELBv2.listenerARN(ofRule: arn)),
                "priority": .number(priorityText == "default" ? Self.defaultRulePriority : Int(priorityText) ?? 0),
                "action": ListenerActions.blocks(rule.all("Actions", "member"), prior: priorActions),
                "condition": ListenerRuleConditions.blocks(rule.all("Conditions", "member")),
                "transform": .set([], of: Self.transformSchema.valueType),
            ]) { _, new in new }
            return .object(attributes)
        } catch {
            throw ELBv2.wrap(error, doing: "reading ELBv2 Listener Rule (\(arn))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating ELBv2 Listener Rule", detail: "the rule has no ARN in state.") }
        let changed = { (name: String) in PlanSuppression.changed(name, prior, planned) }
        do {
            if changed("priority"), let priority = planned.int("priority") {
                var parameters = QueryParameters()
                parameters.setList("RulePriorities", [QueryParameters { $0.set("RuleArn", arn); $0.set("Priority", priority) }])
                _ = try await ELBv2.call("SetRulePriorities", parameters, in: context)
            }
            if changed("action") || changed("condition") {
                var parameters = QueryParameters()
                parameters.set("RuleArn", arn)
                if changed("action") { parameters.setList("Actions", ListenerActions.parameters(planned.objects("action"))) }
                if changed("condition") { parameters.setList("Conditions", try ListenerRuleConditions.parameters(planned.objects("condition"))) }
                _ = try await ELBv2.call("ModifyRule", parameters, in: context)
            }
            try await ELBv2.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ELBv2.wrap(error, doing: "updating ELBv2 Listener Rule (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") else { return }
        do {
            var parameters = QueryParameters()
            parameters.set("RuleArn", arn)
            _ = try await ELBv2.call("DeleteRule", parameters, in: context)
        } catch where ELBv2.isError(error, "RuleNotFound", "ListenerNotFound") {
            return
        } catch {
            throw ELBv2.wrap(error, doing: "deleting ELBv2 Listener Rule (\(arn))")
        }
    }

    // MARK: Calls

    static func describe(_ arn: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("RuleArns", [arn])
        do {
            return try await ELBv2.call("DescribeRules", parameters, in: context).all("Rules", "member").first { $0.string("RuleArn") == arn }
        } catch where ELBv2.isError(error, "RuleNotFound", "ListenerNotFound", "LoadBalancerNotFound") {
            return nil
        }
    }

    /// The highest priority among the listener's rules (0 when it has only its default rule).
    static func highestPriority(_ listenerARN: String, in context: AWSContext) async throws -> Int {
        var parameters = QueryParameters()
        parameters.set("ListenerArn", listenerARN)
        let rules = try await context.client.queryPages(.elbv2, action: "DescribeRules", parameters: parameters, token: .nextMarker)
            .flatMap { $0.all("Rules", "member") }
        return rules.compactMap { $0.string("Priority").flatMap { Int($0) } }.max() ?? 0
    }
}
