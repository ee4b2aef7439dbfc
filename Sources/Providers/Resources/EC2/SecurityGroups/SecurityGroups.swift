import Foundation
import Provisioner
import ResourceGraph

/// What the security group types share: finding groups, reading them into Terraform's shape,
/// and authorizing and revoking their rules.
enum SecurityGroups {
    enum Direction: String, CaseIterable, Sendable {
        case ingress, egress

        var authorizeAction: String { self == .ingress ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress" }
        var revokeAction: String { self == .ingress ? "RevokeSecurityGroupIngress" : "RevokeSecurityGroupEgress" }
        /// Where a described group lists these rules.
        var permissionsElement: String { self == .ingress ? "ipPermissions" : "ipPermissionsEgress" }
    }

    /// Reading back a new group or rule waits this long for EC2 to show it.
    static let propagationTimeout = Duration.seconds(300)

    /// The described group, or nil when there is none with this id.
    static func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("GroupId", [id])
        do {
            return try await context.client.query(.ec2, action: "DescribeSecurityGroups", parameters: parameters).all("securityGroupInfo", "item").first
        } catch where EC2.isNotFound(error) || (error as? AWSError)?.code == "InvalidGroupId.Malformed" {
            return nil
        }
    }

    /// The groups matching EC2 filters.
    static func find(_ filters: [QueryParameters], in context: AWSContext) async throws -> [XMLNode] {
        var parameters = QueryParameters()
        if !filters.isEmpty { parameters.setList("Filter", filters) }
        return try await context.client.queryPages(.ec2, action: "DescribeSecurityGroups", parameters: parameters, token: .ec2)
            .flatMap { $0.all("securityGroupInfo", "item") }
    }

    /// The group's grants in one direction.
    static func grants(of group: XMLNode, _ direction: Direction) -> [SecurityGroupGrant] {
        SecurityGroupGrant.grants(in: group.all(direction.permissionsElement, "item"), groupID: group.string("groupId") ?? "", ownerID: group.string("ownerId"))
    }

    /// The attributes `aws_security_group` and `aws_default_security_group` share, read from a
    /// described group; `current` shapes the rule blocks (see `SecurityGroupRuleSet.read`).
    static func attributes(of group: XMLNode, current: Value, in context: AWSContext) -> [String: Value] {
        let id = group.string("groupId") ?? ""
        let owner = group.string("ownerId")
        let name = group.string("groupName")
        var attributes: [String: Value] = [
            "id": .string(id),
            "arn": .string(EC2.arn(context, owner: owner, resource: "security-group/\(id)")),
            "description": .string(group.string("groupDescription")),
            "name": .string(name),
            "name_prefix": .string(name.flatMap(TerraformIdentifiers.namePrefix)),
            "owner_id": .string(owner),
            "vpc_id": .string(group.string("vpcId")),
            "ingress": SecurityGroupRuleSet.read(remote: grants(of: group, .ingress), local: current[attribute: "ingress"]),
            "egress": SecurityGroupRuleSet.read(remote: grants(of: group, .egress), local: current[attribute: "egress"]),
            "revoke_rules_on_delete": .bool(current.bool("revoke_rules_on_delete") ?? false),
        ]
        attributes.merge(AWSTags.attributes(remote: EC2.tags(of: group), prior: current, settings: context.settings)) { _, new in new }
        return attributes
    }

    /// Brings the group's inline rules from the prior ones to the planned ones: revokes the
    /// grants no longer planned, then authorizes the new ones (a changed description is both,
    /// as in Terraform). A direction whose plan is not known is left alone.
    static func updateRules(_ groupID: String, prior: Value?, planned: Value, in context: AWSContext) async throws {
        for direction in Direction.allCases {
            guard let wanted = planned[attribute: direction.rawValue], wanted.isWhollyKnown else { continue }
            let old = SecurityGroupInlineRule.grants(of: prior?[attribute: direction.rawValue])
            let new = SecurityGroupInlineRule.grants(of: wanted)
            let revoke = old.filter { !new.contains($0) }
            let authorize = new.filter { !old.contains($0) }
            try await change(groupID, direction, revoke: revoke, authorize: authorize, in: context)
        }
    }

    static func change(_ groupID: String, _ direction: Direction, revoke: [SecurityGroupGrant], authorize: [SecurityGroupGrant], in context: AWSContext) async throws {
        if !revoke.isEmpty {
            var parameters = QueryParameters()
            parameters.set("GroupId", groupID)
            parameters.setList("IpPermissions", try SecurityGroupGrant.ipPermissions(revoke, groupID: groupID))
            do {
                _ = try await context.client.query(.ec2, action: direction.revokeAction, parameters: parameters)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "revoking Security Group (\(groupID)) \(direction.rawValue) rules")
            }
        }
        if !authorize.isEmpty {
            var parameters = QueryParameters()
            parameters.set("GroupId", groupID)
            parameters.setList("IpPermissions", try SecurityGroupGrant.ipPermissions(authorize, groupID: groupID))
            do {
                // A repeated authorize fails as a duplicate, so it is not retried blindly.
                _ = try await context.client.query(.ec2, action: direction.authorizeAction, parameters: parameters, idempotent: false)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "authorizing Security Group (\(groupID)) \(direction.rawValue) rules")
            }
        }
    }

    /// AWS gives every new VPC group an allow-all egress rule (and one for IPv6 in IPv6 VPCs);
    /// Terraform removes them so that only the configured rules exist.
    static func revokeDefaultEgress(_ groupID: String, waitingUpTo timeout: Duration, in context: AWSContext) async throws {
        func allTraffic(_ range: QueryParameters, listName: String) -> QueryParameters {
            var parameters = QueryParameters()
            parameters.set("GroupId", groupID)
            parameters.setList("IpPermissions", [QueryParameters { permission in
                permission.set("IpProtocol", "-1")
                permission.set("FromPort", 0)
                permission.set("ToPort", 0)
                permission.setList(listName, [range])
            }])
            return parameters
        }
        do {
            _ = try await EC2.retrying(on: ["InvalidGroup.NotFound"], timeout: timeout) {
                try await context.client.query(.ec2, action: "RevokeSecurityGroupEgress", parameters: allTraffic(QueryParameters { $0.set("CidrIp", "0.0.0.0/0") }, listName: "IpRanges"))
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "revoking default IPv4 egress rule for Security Group (\(groupID))")
        }
        do {
            _ = try await context.client.query(.ec2, action: "RevokeSecurityGroupEgress", parameters: allTraffic(QueryParameters { $0.set("CidrIpv6", "::/0") }, listName: "Ipv6Ranges"))
        } catch let error as AWSError where error.code == "InvalidPermission.NotFound" || (error.code == "InvalidParameterValue" && error.message.contains("remote-ipv6-range")) {
            // The VPC has no IPv6, so there was no IPv6 rule to remove.
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "revoking default IPv6 egress rule for Security Group (\(groupID))")
        }
    }

    /// Revokes every rule of the group and every rule of other groups that refers to it, so
    /// that the group can be deleted. Without `searchAll` only the groups this one refers to
    /// are searched (usually enough); with it, every group the account can see.
    static func forceRevokeRules(_ groupID: String, searchAll: Bool, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        if !searchAll {
            guard let group = try await describe(groupID, in: context) else { return }
            var related = [groupID]
            for direction in Direction.allCases {
                for pair in group.all(direction.permissionsElement, "item").flatMap({ $0.all("groups", "item") }) {
                    if let id = pair.string("groupId"), !related.contains(id) { related.append(id) }
                }
            }
            parameters.setList("Filter", [EC2.filter("group-id", related)])
        }
        let rules: [XMLNode]
        do {
            rules = try await context.client.queryPages(.ec2, action: "DescribeSecurityGroupRules", parameters: parameters, token: .ec2)
                .flatMap { $0.all("securityGroupRuleSet", "item") }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "describing security group rules of Security Group (\(groupID))")
        }
        for rule in rules {
            guard let owner = rule.string("groupId"), let ruleID = rule.string("securityGroupRuleId"),
                  owner == groupID || rule.string("referencedGroupInfo", "groupId") == groupID else { continue }
            var revoke = QueryParameters()
            revoke.set("GroupId", owner)
            revoke.setList("SecurityGroupRuleId", [ruleID])
            let egress = rule.child("isEgress")?.boolValue == true
            do {
                _ = try await context.client.query(.ec2, action: egress ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress", parameters: revoke)
            } catch let error as AWSError where error.code == "InvalidSecurityGroupRuleId.NotFound" || error.code == "InvalidGroup.NotFound" {
                continue
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "revoking Security Group (\(groupID)) Rule (\(ruleID))")
            }
        }
    }
}
