import Foundation
import Provisioner
import ResourceGraph

/// `aws_security_group_rule`: one or more sources granted a protocol and port range in a
/// security group, found again by comparing the group's permissions (the older way, from
/// before AWS gave rules ids). Import id: `SECURITYGROUPID_TYPE_PROTOCOL_FROMPORT_TOPORT_SOURCE[_SOURCE]*`,
/// e.g. `sg-0123_ingress_tcp_80_80_0.0.0.0/0`; its id in state is `sgrule-<hash>`, as the
/// provider computes it.
struct SecurityGroupRuleResource: AWSResourceType {
    static let displayName = "Security Group Rule"
    static let typeName = "aws_security_group_rule"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "type": AttributeSchema(.string, .required, forceNew: true),
            "security_group_id": AttributeSchema(.string, .required, forceNew: true),
            "protocol": AttributeSchema(.string, .required, forceNew: true),
            "from_port": AttributeSchema(.number, .required, forceNew: true),
            "to_port": AttributeSchema(.number, .required, forceNew: true),
            "cidr_blocks": AttributeSchema(.list(.string), .optional, forceNew: true),
            "ipv6_cidr_blocks": AttributeSchema(.list(.string), .optional, forceNew: true),
            "prefix_list_ids": AttributeSchema(.list(.string), .optional, forceNew: true),
            "self": AttributeSchema(.bool, .optional, forceNew: true, default: .false),
            "source_security_group_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "description": AttributeSchema(.string, .optional),
            "security_group_rule_id": AttributeSchema(.string, .computed),
        ],
        blocks: ["timeouts": Timeouts.block(create: true, update: false, delete: false)]),
        version: 2)

    /// The protocol is stored in its normal form (`tcp` for `6`), and for all protocols a prior
    /// port of 0 stands for whatever ports the configuration gives, as AWS keeps none.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = proposed
        guard let ipProtocol = proposed.string("protocol") else { return PlannedChange(planned: planned) }
        let normal = IPProtocols.securityGroupForm(ipProtocol)
        planned = planned.setting(["protocol": .string(normal)])
        if normal == "-1", let prior {
            for port in ["from_port", "to_port"] where prior.int(port) == 0 {
                planned = planned.setting([port: .number(0)])
            }
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let groupID = planned.string("security_group_id"), let direction = direction(planned) else {
            throw ProviderError("Invalid aws_security_group_rule", detail: "type must be \"ingress\" or \"egress\".")
        }
        let rule = self.rule(planned, groupID: groupID)
        guard !rule.grants.isEmpty else {
            throw ProviderError("Invalid aws_security_group_rule", detail: "one of cidr_blocks, ipv6_cidr_blocks, prefix_list_ids, self or source_security_group_id must be set.")
        }
        let id = Self.resourceID(groupID: groupID, type: direction.rawValue, rule: rule)
        let created: [XMLNode]
        do {
            guard try await SecurityGroups.describe(groupID, in: context) != nil else {
                throw ProviderError("Reading Security Group (\(groupID))", detail: "the security group does not exist.")
            }
            var parameters = QueryParameters()
            parameters.set("GroupId", groupID)
            parameters.setList("IpPermissions", try SecurityGroupGrant.ipPermissions(rule.grants, groupID: groupID))
            created = try await context.client.query(.ec2, action: direction.authorizeAction, parameters: parameters, idempotent: false).all("securityGroupRuleSet", "item")
        } catch let error as AWSError where error.code == "InvalidPermission.Duplicate" {
            throw ProviderError("Authorizing Security Group (\(groupID)) Rule (\(id))", detail: "a duplicate Security Group rule was found on (\(groupID)): the group already grants this rule, perhaps through another resource or an inline rule. \(error)")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "authorizing Security Group (\(groupID)) Rule (\(id))")
        }
        let ruleID = created.count == 1 ? created[0].string("securityGroupRuleId") : nil
        let partial = planned.setting(["id": .string(id), "security_group_rule_id": .string(ruleID ?? "")])
        do {
            try await EC2.waitUntilExists("Security Group (\(groupID)) Rule (\(id))", timeout: Timeouts.duration(planned, "create", default: .seconds(300)), in: context) {
                guard let group = try await SecurityGroups.describe(groupID, in: context) else { return false }
                return Self.matchingDescription(of: rule, in: SecurityGroups.grants(of: group, direction)) != nil
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for Security Group (\(groupID)) Rule (\(id)) create", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let groupID = current.string("security_group_id"), let direction = direction(current) else { return nil }
        do {
            guard let group = try await SecurityGroups.describe(groupID, in: context) else { return nil }
            let rule = self.rule(current, groupID: groupID)
            guard let description = Self.matchingDescription(of: rule, in: SecurityGroups.grants(of: group, direction)) else { return nil }
            var id = current.string("id") ?? ""
            if id.isEmpty || id.contains("_") {
                // Imported by its descriptive id: the state keeps the provider's hashed id.
                id = Self.resourceID(groupID: groupID, type: direction.rawValue, rule: rule)
            }
            let ruleID = try await securityGroupRuleID(of: rule, groupID: groupID, direction: direction, in: context)
            return current.setting([
                "id": .string(id),
                "protocol": .string(rule.ipProtocol),
                "from_port": .number(rule.ipProtocol == "-1" ? 0 : rule.fromPort),
                "to_port": .number(rule.ipProtocol == "-1" ? 0 : rule.toPort),
                "cidr_blocks": .stringList(rule.cidrBlocks),
                "ipv6_cidr_blocks": .stringList(rule.ipv6CIDRBlocks),
                "prefix_list_ids": .stringList(rule.prefixListIDs),
                "self": .bool(rule.selfReference),
                "source_security_group_id": .string(current.string("source_security_group_id") ?? ""),
                "description": description.isEmpty ? current[attribute: "description"] ?? .null(.string) : .string(description),
                "security_group_rule_id": .string(ruleID),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Security Group (\(groupID)) Rule (\(current.string("id") ?? ""))")
        }
    }

    /// Only the description changes in place.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let groupID = planned.string("security_group_id"), let direction = direction(planned) else {
            throw ProviderError("Updating Security Group Rule", detail: "the rule has no security group or type in state.")
        }
        do {
            if planned.string("description") ?? "" != prior.string("description") ?? "" {
                var parameters = QueryParameters()
                parameters.set("GroupId", groupID)
                parameters.setList("IpPermissions", try SecurityGroupGrant.ipPermissions(rule(planned, groupID: groupID).grants, groupID: groupID))
                let action = direction == .ingress ? "UpdateSecurityGroupRuleDescriptionsIngress" : "UpdateSecurityGroupRuleDescriptionsEgress"
                _ = try await context.client.query(.ec2, action: action, parameters: parameters)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Security Group (\(groupID)) Rule (\(prior.string("id") ?? "")) description")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let groupID = current.string("security_group_id"), let direction = direction(current) else { return }
        do {
            guard try await SecurityGroups.describe(groupID, in: context) != nil else { return }
            var parameters = QueryParameters()
            parameters.set("GroupId", groupID)
            parameters.setList("IpPermissions", try SecurityGroupGrant.ipPermissions(rule(current, groupID: groupID).grants, groupID: groupID))
            _ = try await context.client.query(.ec2, action: direction.revokeAction, parameters: parameters)
        } catch let error as AWSError where error.code == "InvalidPermission.NotFound" || error.code == "InvalidGroup.NotFound" {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "revoking Security Group (\(groupID)) Rule (\(current.string("id") ?? ""))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let object = try SecurityGroupRuleImportID.parse(id)
        guard let found = try await read(object, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "Security group \(object.string("security_group_id") ?? "") has no \(object.string("type") ?? "") rule matching \(id) in \(context.region).")
        }
        return found
    }

    // MARK: The rule

    private func direction(_ object: Value) -> SecurityGroups.Direction? {
        object.string("type").flatMap(SecurityGroups.Direction.init(rawValue:))
    }

    /// The rule's sources as one inline rule: `self` and `source_security_group_id` become
    /// group references.
    private func rule(_ object: Value, groupID: String) -> SecurityGroupInlineRule {
        let ipProtocol = IPProtocols.securityGroupForm(object.string("protocol") ?? "-1")
        var rule = SecurityGroupInlineRule(ipProtocol: ipProtocol, fromPort: object.int("from_port") ?? 0, toPort: object.int("to_port") ?? 0, description: object.string("description") ?? "")
        if ipProtocol == "-1" {
            // AWS keeps no ports for all protocols, and neither does the rule sent.
            rule.fromPort = 0
            rule.toPort = 0
        }
        rule.cidrBlocks = object.stringList("cidr_blocks") ?? []
        rule.ipv6CIDRBlocks = object.stringList("ipv6_cidr_blocks") ?? []
        rule.prefixListIDs = object.stringList("prefix_list_ids") ?? []
        rule.selfReference = object.bool("self") ?? false
        if let source = object.string("source_security_group_id"), !source.isEmpty, source != groupID {
            rule.securityGroups = [source]
        }
        return rule
    }

    /// The description AWS has for the rule when every source of it is granted (empty when
    /// none is set), or nil when the rule is not (or no longer) there.
    static func matchingDescription(of rule: SecurityGroupInlineRule, in grants: [SecurityGroupGrant]) -> String? {
        let keys = Set(grants.map(\.key))
        let wanted = rule.grants.map(\.key)
        guard !wanted.isEmpty, wanted.allSatisfy(keys.contains) else { return nil }
        return grants.first { wanted.contains($0.key) && !$0.description.isEmpty }?.description ?? ""
    }

    /// The id of the one AWS rule this resource stands for, when it has a single source
    /// (empty otherwise, as AWS gives each source its own rule id).
    private func securityGroupRuleID(of rule: SecurityGroupInlineRule, groupID: String, direction: SecurityGroups.Direction, in context: AWSContext) async throws -> String {
        guard rule.grants.count == 1, let grant = rule.grants.first else { return "" }
        var parameters = QueryParameters()
        parameters.setList("Filter", [EC2.filter("group-id", [groupID])])
        let rules = try await context.client.queryPages(.ec2, action: "DescribeSecurityGroupRules", parameters: parameters, token: .ec2)
            .flatMap { $0.all("securityGroupRuleSet", "item") }
        let match = rules.first { item in
            guard (item.child("isEgress")?.boolValue == true) == (direction == .egress),
                  IPProtocols.securityGroupForm(item.string("ipProtocol") ?? "") == rule.ipProtocol else { return false }
            if rule.ipProtocol != "-1", item.child("fromPort")?.intValue != rule.fromPort || item.child("toPort")?.intValue != rule.toPort { return false }
            switch grant.source {
            case .ipv4(let cidr): return item.string("cidrIpv4") == cidr
            case .ipv6(let cidr): return item.string("cidrIpv6") == cidr
            case .prefixList(let id): return item.string("prefixListId") == id
            case .group(let reference): return item.string("referencedGroupInfo", "groupId") == reference.split(separator: "/").last.map(String.init)
            case .selfReference: return item.string("referencedGroupInfo", "groupId") == groupID
            }
        }
        return match?.string("securityGroupRuleId") ?? ""
    }

    /// The provider's id for a rule: a hash of the group, ports, protocol, type and sources.
    static func resourceID(groupID: String, type: String, rule: SecurityGroupInlineRule) -> String {
        var text = "\(groupID)-"
        if rule.ipProtocol != "-1" {
            if rule.fromPort > 0 { text += "\(rule.fromPort)-" }
            if rule.toPort > 0 { text += "\(rule.toPort)-" }
        }
        text += "\(rule.ipProtocol)-\(type)-"
        for cidr in rule.cidrBlocks.sorted() { text += "\(cidr)-" }
        for cidr in rule.ipv6CIDRBlocks.sorted() { text += "\(cidr)-" }
        for id in rule.prefixListIDs.sorted() { text += "\(id)-" }
        var groups = rule.securityGroups.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        if rule.selfReference { groups.append(groupID) }
        for group in groups.sorted() { text += "\(group)--" }
        return "sgrule-\(TerraformIdentifiers.hashcode(text))"
    }
}

// MARK: Reconciliation

extension SecurityGroupRuleResource {
    /// A rule is unique by group, direction, protocol, ports and source.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "security_group_id", "type", "protocol") }
}
