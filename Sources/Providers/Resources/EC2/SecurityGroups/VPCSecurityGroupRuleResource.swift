import Foundation
import Provisioner
import ResourceGraph

/// What `aws_vpc_security_group_ingress_rule` and `aws_vpc_security_group_egress_rule` share:
/// one rule with one source, known to AWS by its own id (`sgr-…`), changed in place with
/// ModifySecurityGroupRules. Import id: the rule id.
protocol VPCSecurityGroupRuleResource: AWSResourceType {
    static var direction: SecurityGroups.Direction { get }
}

extension VPCSecurityGroupRuleResource {
    static var systemTagSearch: SystemTagSearch { .ec2 }

    var schema: ResourceTypeSchema {
        ResourceTypeSchema(block: BlockSchema(attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "security_group_id": AttributeSchema(.string, .required, forceNew: true),
            "security_group_rule_id": AttributeSchema(.string, .computed),
            "ip_protocol": AttributeSchema(.string, .required),
            "from_port": AttributeSchema(.number, .optional),
            "to_port": AttributeSchema(.number, .optional),
            "cidr_ipv4": AttributeSchema(.string, .optional),
            "cidr_ipv6": AttributeSchema(.string, .optional),
            "prefix_list_id": AttributeSchema(.string, .optional),
            "referenced_security_group_id": AttributeSchema(.string, .optional),
            "description": AttributeSchema(.string, .optional),
        ].merging(AWSTags.schemaAttributes) { a, _ in a }))
    }

    /// The attributes naming the rule's source; exactly one is set.
    private var sourceAttributes: [String] { ["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"] }

    private func sourceAttribute(of object: Value) -> String? {
        sourceAttributes.first { object[attribute: $0].map { !$0.isNull } ?? false }
    }

    /// A protocol written differently (`6` for `tcp`) is the same rule, so the prior spelling
    /// stays; and AWS cannot change a rule's kind of source in place.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        guard let prior else { return PlannedChange(planned: planned) }
        if let old = prior.string("ip_protocol"), let new = planned.string("ip_protocol"),
           IPProtocols.securityGroupForm(old) == IPProtocols.securityGroupForm(new) {
            planned = planned.setting(["ip_protocol": .string(old)])
        }
        var replace: [ValuePath] = []
        if let old = sourceAttribute(of: prior), let new = sourceAttribute(of: planned), old != new {
            replace = [[old], [new]]
        }
        return PlannedChange(planned: planned, requiresReplace: replace)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let what = "VPC Security Group \(Self.direction == .ingress ? "Ingress" : "Egress") Rule"
        let sources = sourceAttributes.filter { planned.string($0) != nil }
        guard sources.count == 1 else {
            throw ProviderError("Invalid \(Self.typeName)", detail: "exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id must be set\(sources.isEmpty ? "" : "; found \(sources.joined(separator: ", "))").")
        }
        var parameters = QueryParameters()
        parameters.set("GroupId", planned.string("security_group_id"))
        parameters.setList("IpPermissions", [ipPermission(planned)])
        EC2.setTagSpecification(&parameters, resourceType: "security-group-rule", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: Self.direction.authorizeAction, parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating \(what)")
        }
        guard let id = response.all("securityGroupRuleSet", "item").first?.string("securityGroupRuleId") else {
            throw ProviderError("Creating \(what)", detail: "\(Self.direction.authorizeAction) answered without a security group rule id.")
        }
        let partial = planned.setting(["id": .string(id), "security_group_rule_id": .string(id)])
        do {
            try await EC2.waitUntilExists("\(what) \(id)", timeout: SecurityGroups.propagationTimeout, in: context) {
                try await describe(id, in: context) != nil
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating \(what) (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let rule = try await describe(id, in: context) else { return nil }
            // The account owning the group, to tell its own groups from other accounts' ones.
            var account = rule.string("groupOwnerId")
            if account == nil, let groupID = rule.string("groupId") {
                account = try await SecurityGroups.describe(groupID, in: context)?.string("ownerId")
            }
            let remoteProtocol = rule.string("ipProtocol") ?? "-1"
            let ipProtocol = current.string("ip_protocol").map { IPProtocols.securityGroupForm($0) == IPProtocols.securityGroupForm(remoteProtocol) ? $0 : remoteProtocol } ?? remoteProtocol
            var attributes: [String: Value] = [
                "id": .string(id),
                "arn": .string(rule.string("securityGroupRuleArn") ?? EC2.arn(context, owner: account, resource: "security-group-rule/\(id)")),
                "security_group_id": .string(rule.string("groupId")),
                "security_group_rule_id": .string(rule.string("securityGroupRuleId") ?? id),
                "ip_protocol": .string(ipProtocol),
                "from_port": port(rule.child("fromPort")?.intValue, configured: current[attribute: "from_port"]),
                "to_port": port(rule.child("toPort")?.intValue, configured: current[attribute: "to_port"]),
                "cidr_ipv4": .string(rule.string("cidrIpv4")),
                "cidr_ipv6": .string(rule.string("cidrIpv6")),
                "prefix_list_id": .string(rule.string("prefixListId")),
                "referenced_security_group_id": .string(referencedGroup(rule, account: account)),
                "description": .string(rule.string("description")),
            ]
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: rule), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading VPC Security Group Rule (\(id))")
        }
    }

    /// AWS reports -1 for "all ports"; a configuration that left the port out keeps it null.
    private func port(_ remote: Int?, configured: Value?) -> Value {
        if remote == -1, configured?.isNull ?? true { return .null(.number) }
        return .number(remote)
    }

    /// `sg-…`, or `account/sg-…` for a group of another account.
    private func referencedGroup(_ rule: XMLNode, account: String?) -> String? {
        guard let group = rule.string("referencedGroupInfo", "groupId") else { return nil }
        guard let user = rule.string("referencedGroupInfo", "userId"), !user.isEmpty, user != account else { return group }
        return "\(user)/\(group)"
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating VPC Security Group Rule", detail: "the rule has no id in state.") }
        let ruleAttributes = ["ip_protocol", "from_port", "to_port", "description"] + sourceAttributes
        do {
            if ruleAttributes.contains(where: { !ObjectPlanning.equivalent(prior[attribute: $0] ?? .null, planned[attribute: $0] ?? .null) }) {
                var parameters = QueryParameters()
                parameters.set("GroupId", planned.string("security_group_id"))
                parameters.setList("SecurityGroupRule", [QueryParameters { update in
                    update.set("SecurityGroupRuleId", id)
                    update.set("SecurityGroupRule", QueryParameters { rule in
                        rule.set("IpProtocol", planned.string("ip_protocol"))
                        rule.set("FromPort", planned.int("from_port"))
                        rule.set("ToPort", planned.int("to_port"))
                        rule.set("CidrIpv4", planned.string("cidr_ipv4"))
                        rule.set("CidrIpv6", planned.string("cidr_ipv6"))
                        rule.set("PrefixListId", planned.string("prefix_list_id"))
                        rule.set("ReferencedGroupId", planned.string("referenced_security_group_id"))
                        rule.set("Description", planned.string("description"))
                    })
                }])
                _ = try await context.client.query(.ec2, action: "ModifySecurityGroupRules", parameters: parameters)
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating VPC Security Group Rule (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        var parameters = QueryParameters()
        parameters.set("GroupId", current.string("security_group_id"))
        parameters.setList("SecurityGroupRuleId", [id])
        do {
            _ = try await context.client.query(.ec2, action: Self.direction.revokeAction, parameters: parameters)
        } catch let error as AWSError where error.code == "InvalidGroup.NotFound" || error.code == "InvalidSecurityGroupRuleId.NotFound" {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting VPC Security Group Rule (\(id))")
        }
    }

    /// The rule in this direction with this id, or nil.
    private func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("SecurityGroupRuleId", [id])
        do {
            let rule = try await context.client.query(.ec2, action: "DescribeSecurityGroupRules", parameters: parameters).all("securityGroupRuleSet", "item").first
            guard let rule, (rule.child("isEgress")?.boolValue == true) == (Self.direction == .egress) else { return nil }
            return rule
        } catch where EC2.isNotFound(error) || (error as? AWSError)?.code == "InvalidSecurityGroupRuleId.Malformed" {
            return nil
        }
    }

    /// The rule as one `IpPermission` with one source.
    private func ipPermission(_ planned: Value) -> QueryParameters {
        QueryParameters { permission in
            permission.set("IpProtocol", planned.string("ip_protocol"))
            permission.set("FromPort", planned.int("from_port"))
            permission.set("ToPort", planned.int("to_port"))
            let description = planned.string("description")
            if let cidr = planned.string("cidr_ipv4") {
                permission.setList("IpRanges", [QueryParameters { $0.set("CidrIp", cidr); $0.set("Description", description) }])
            }
            if let cidr = planned.string("cidr_ipv6") {
                permission.setList("Ipv6Ranges", [QueryParameters { $0.set("CidrIpv6", cidr); $0.set("Description", description) }])
            }
            if let prefixList = planned.string("prefix_list_id") {
                permission.setList("PrefixListIds", [QueryParameters { $0.set("PrefixListId", prefixList); $0.set("Description", description) }])
            }
            if let group = planned.string("referenced_security_group_id") {
                permission.setList("Groups", [SecurityGroupGrant.groupPair(group, description: description)])
            }
        }
    }
}
