import Foundation
import Provisioner
import ResourceGraph

/// `aws_security_group`: a VPC security group with its inline `ingress` and `egress` rules.
/// Import id: the group id.
struct SecurityGroupResource: AWSResourceType {
    static let displayName = "EC2 Security Group"
    static let typeName = "aws_security_group"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "description": AttributeSchema(.string, .optional, forceNew: true, default: .string("Managed by Terraform")),
            "vpc_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "revoke_rules_on_delete": AttributeSchema(.bool, .optional, default: .false),
            "owner_id": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "ingress": SecurityGroupInlineRule.blockSchema,
            "egress": SecurityGroupInlineRule.blockSchema,
            "timeouts": Timeouts.block(create: true, update: false, delete: true),
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
        let name = planned.string("name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("name_prefix") ?? "terraform-")
        var parameters = QueryParameters()
        parameters.set("GroupName", name)
        parameters.set("GroupDescription", planned.string("description"))
        parameters.set("VpcId", planned.string("vpc_id"))
        EC2.setTagSpecification(&parameters, resourceType: "security-group", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            // CreateSecurityGroup takes no client token; a repeat would fail on the taken name.
            response = try await context.client.query(.ec2, action: "CreateSecurityGroup", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Security Group (\(name))")
        }
        guard let id = response.string("groupId") else {
            throw ProviderError("Creating Security Group (\(name))", detail: "CreateSecurityGroup answered without a group id.")
        }
        let partial = planned.setting(["id": .string(id), "name": .string(name)])
        do {
            // The first call on the group is retried while EC2 does not show it yet, rather
            // than describing the group until it does: one Describe call (the read-back) in all.
            try await SecurityGroups.revokeDefaultEgress(id, waitingUpTo: Timeouts.duration(planned, "create", default: .seconds(600)), in: context)
            try await SecurityGroups.updateRules(id, prior: nil, planned: planned, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Security Group (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let group = try await SecurityGroups.describe(id, in: context) else { return nil }
            return Self.object(from: group, current: current, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Security Group (\(id))")
        }
    }

    /// The object `read` gives for a described group.
    static func object(from group: XMLNode, current: Value, in context: AWSContext) -> Value {
        var attributes = SecurityGroups.attributes(of: group, current: current, in: context)
        attributes["timeouts"] = current[attribute: "timeouts"] ?? .null(Timeouts.valueType)
        return .object(attributes)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating Security Group", detail: "the group has no id in state.") }
        do {
            try await SecurityGroups.updateRules(id, prior: prior, planned: planned, in: context)
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Security Group (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Deletes the group, retrying while it is still in use; with `revoke_rules_on_delete`,
    /// first revokes its rules and those of related groups that refer to it, and, when the
    /// group is still in use after a minute, those of every group that refers to it.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let revokeRules = current.bool("revoke_rules_on_delete") == true
        let timeout = Timeouts.duration(current, "delete", default: .seconds(900))
        let inUse: Set<String> = ["DependencyViolation", "InvalidGroup.InUse"]
        let deleteGroup: @Sendable () async throws -> Void = {
            var parameters = QueryParameters()
            parameters.set("GroupId", id)
            _ = try await context.client.query(.ec2, action: "DeleteSecurityGroup", parameters: parameters)
        }
        do {
            if revokeRules { try await SecurityGroups.forceRevokeRules(id, searchAll: false, in: context) }
            let firstTry = min(timeout, .seconds(60))
            do {
                try await EC2.deleteRetrying("Security Group \(id)", codes: inUse, timeout: firstTry, in: context, deleteGroup)
            } catch let error as AWSError where inUse.contains(error.code ?? "") {
                if revokeRules { try await SecurityGroups.forceRevokeRules(id, searchAll: true, in: context) }
                try await EC2.deleteRetrying("Security Group \(id)", codes: inUse, timeout: max(timeout - firstTry, .seconds(30)), in: context, deleteGroup)
            }
            try await EC2.waitUntilGone("Security Group \(id)", timeout: SecurityGroups.propagationTimeout, in: context) {
                try await SecurityGroups.describe(id, in: context) != nil
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Security Group (\(id))")
        }
    }
}
