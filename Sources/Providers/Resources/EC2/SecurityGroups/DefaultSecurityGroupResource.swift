import Foundation
import Provisioner
import ResourceGraph

/// `aws_default_security_group`: adopts a VPC's default security group (never creates one).
/// Adopting it removes all its rules, then authorizes the configured ones; destroying it only
/// forgets it, as the group cannot be deleted. Import id: the group id.
struct DefaultSecurityGroupResource: AWSResourceType {
    static let displayName = "EC2 Default Security Group"
    static let typeName = "aws_default_security_group"
    /// Creating again is harmless: it adopts the VPC's default group.
    static let createIsRepeatable = true
    /// It adopts the object AWS made with the VPC: no system tags, so it is never deleted by them.
    static let receivesSystemTags = false

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .computed),
            "name_prefix": AttributeSchema(.string, .computed),
            "description": AttributeSchema(.string, .computed),
            "vpc_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            // Accepted for compatibility with aws_security_group; the provider ignores it too.
            "revoke_rules_on_delete": AttributeSchema(.bool, .optional, default: .false),
            "owner_id": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "ingress": SecurityGroupInlineRule.blockSchema,
            "egress": SecurityGroupInlineRule.blockSchema,
        ]),
        version: 1)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        let planned = AWSTags.planTagsAll(proposed, settings: settings).setting([
            "ingress": SecurityGroupRuleSet.planned("ingress", proposed: proposed, configuration: configuration, prior: prior),
            "egress": SecurityGroupRuleSet.planned("egress", proposed: proposed, configuration: configuration, prior: prior),
        ])
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var filters = [EC2.filter("group-name", ["default"])]
        if let vpc = planned.string("vpc_id") {
            filters.append(EC2.filter("vpc-id", [vpc]))
        } else {
            // Without a VPC the provider looks for the EC2-Classic default group by its description.
            filters.append(EC2.filter("description", ["default group"]))
        }
        let groups: [XMLNode]
        do {
            groups = try await SecurityGroups.find(filters, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Default Security Group")
        }
        guard groups.count == 1, let group = groups.first, let id = group.string("groupId") else {
            throw ProviderError("Reading Default Security Group", detail: groups.isEmpty
                ? "no default security group found\(planned.string("vpc_id").map { " in VPC \($0)" } ?? "")."
                : "\(groups.count) default security groups matched; set vpc_id to choose one.")
        }
        let adopted = planned.setting(["id": .string(id)])
        do {
            let wanted = planned.stringMap("tags_all") ?? [:]
            let existing = EC2.tags(of: group).filter { !$0.key.hasPrefix("aws:") && !context.settings.ignoresTag($0.key) }
            if wanted != existing {
                try await EC2.updateTags(id: id, from: existing, to: wanted, in: context)
            }
            try await SecurityGroups.forceRevokeRules(id, searchAll: false, in: context)
            try await SecurityGroups.updateRules(id, prior: nil, planned: planned, in: context)
            return try await readBack(adopted, in: context, after: "adopting")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "adopting Default Security Group (\(id))", partialObject: adopted)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let group = try await SecurityGroups.describe(id, in: context) else { return nil }
            return .object(SecurityGroups.attributes(of: group, current: current, in: context))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Default Security Group (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating Default Security Group", detail: "the group has no id in state.") }
        do {
            try await SecurityGroups.updateRules(id, prior: prior, planned: planned, in: context)
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Default Security Group (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// A VPC's default group cannot be deleted: destroying the resource only removes it from
    /// state, leaving its rules and tags as they are.
    func delete(_ current: Value, in context: AWSContext) async throws {
        context.progress("default security groups are not deleted; forgetting \(current.string("id") ?? "it")")
    }
}
