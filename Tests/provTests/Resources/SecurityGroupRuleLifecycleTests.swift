import Foundation
import Testing
import TestSupport

/// aws_vpc_security_group_ingress_rule, aws_vpc_security_group_egress_rule and
/// aws_security_group_rule through their whole life, on groups without inline rules.
@Suite struct SecurityGroupRuleLifecycleTests {
    static func configuration(httpsCIDR: String = "10.64.0.0/16", httpsIPv6CIDR: String? = nil, ruleTag: String = "a", sshPort: Int = 22, sshDescription: String = "ssh") -> String {
        let source = httpsIPv6CIDR.map { "cidr_ipv6 = \"\($0)\"" } ?? "cidr_ipv4 = \"\(httpsCIDR)\""
        return """
        resource "aws_vpc" "rules" {
          cidr_block = "10.64.0.0/16"
        }
        resource "aws_security_group" "rules" {
          name        = "lifecycle-rules"
          description = "rules"
          vpc_id      = aws_vpc.rules.id
        }
        resource "aws_security_group" "peer" {
          name        = "lifecycle-rules-peer"
          description = "peer"
          vpc_id      = aws_vpc.rules.id
        }
        resource "aws_vpc_security_group_ingress_rule" "https" {
          security_group_id = aws_security_group.rules.id
          \(source)
          ip_protocol       = "6"
          from_port         = 443
          to_port           = 443
          description       = "https-\(ruleTag)"
          tags              = { Rule = "\(ruleTag)" }
        }
        resource "aws_vpc_security_group_egress_rule" "peer" {
          security_group_id            = aws_security_group.rules.id
          referenced_security_group_id = aws_security_group.peer.id
          ip_protocol                  = "-1"
        }
        resource "aws_security_group_rule" "ssh" {
          type              = "ingress"
          security_group_id = aws_security_group.rules.id
          protocol          = "tcp"
          from_port         = \(sshPort)
          to_port           = \(sshPort)
          cidr_blocks       = ["10.65.0.0/24", "10.65.1.0/24"]
          description       = "\(sshDescription)"
        }
        """
    }

    static func rules(_ lifecycle: ResourceLifecycle, group: String) throws -> [[String: Any]] {
        let result = try lifecycle.oracle("ec2", "describe_security_group_rules", ["Filters": [["Name": "group-id", "Values": [group]]]])
        return result.response?["SecurityGroupRules"] as? [[String: Any]] ?? []
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        // A group without inline blocks keeps the rules the rule resources add: no changes.
        try lifecycle.expectNoChanges()
        let groupID = try #require(try lifecycle.attribute("aws_security_group.rules", "id") as? String)
        let peerID = try #require(try lifecycle.attribute("aws_security_group.peer", "id") as? String)
        let httpsID = try #require(try lifecycle.attribute("aws_vpc_security_group_ingress_rule.https", "id") as? String)
        let egressID = try #require(try lifecycle.attribute("aws_vpc_security_group_egress_rule.peer", "id") as? String)
        let sshID = try #require(try lifecycle.attribute("aws_security_group_rule.ssh", "id") as? String)
        #expect(httpsID.hasPrefix("sgr-"))
        #expect(try lifecycle.attribute("aws_vpc_security_group_ingress_rule.https", "security_group_rule_id") as? String == httpsID)
        #expect(try lifecycle.attribute("aws_vpc_security_group_ingress_rule.https", "arn") as? String == "arn:aws:ec2:eu-west-1:123456789012:security-group-rule/\(httpsID)")
        #expect(try lifecycle.attribute("aws_vpc_security_group_ingress_rule.https", "ip_protocol") as? String == "6", "the configured spelling is kept")
        #expect(try lifecycle.attribute("aws_vpc_security_group_egress_rule.peer", "from_port") is NSNull, "all ports: from_port stays unset")
        #expect(sshID.hasPrefix("sgrule-"))

        // AWS's view of the rules.
        var rules = try Self.rules(lifecycle, group: groupID)
        let https = rules.first { $0["SecurityGroupRuleId"] as? String == httpsID }
        #expect(https?["CidrIpv4"] as? String == "10.64.0.0/16")
        #expect(https?["Description"] as? String == "https-a")
        #expect(https?["IpProtocol"] as? String == "tcp")
        #expect(QuickstartEndToEndTests.tags(https ?? [:])["Rule"] == "a")
        let egress = rules.first { $0["SecurityGroupRuleId"] as? String == egressID }
        #expect(egress?["IsEgress"] as? Bool == true)
        #expect((egress?["ReferencedGroupInfo"] as? [String: Any])?["GroupId"] as? String == peerID)
        let ssh = rules.filter { $0["FromPort"] as? Int == 22 }
        #expect(Set(ssh.compactMap { $0["CidrIpv4"] as? String }) == ["10.65.0.0/24", "10.65.1.0/24"])
        #expect(ssh.allSatisfy { $0["Description"] as? String == "ssh" })

        // In place: the rule's CIDR, description and tags; the old-style rule's description.
        try lifecycle.apply(Self.configuration(httpsCIDR: "10.66.0.0/16", ruleTag: "b", sshDescription: "ssh-admins"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_vpc_security_group_ingress_rule.https", "id") as? String == httpsID)
        #expect(try lifecycle.attribute("aws_security_group_rule.ssh", "id") as? String == sshID)
        rules = try Self.rules(lifecycle, group: groupID)
        let modified = rules.first { $0["SecurityGroupRuleId"] as? String == httpsID }
        #expect(modified?["CidrIpv4"] as? String == "10.66.0.0/16")
        #expect(modified?["Description"] as? String == "https-b")
        #expect(UserTags.of(QuickstartEndToEndTests.tags(modified ?? [:])) == ["Rule": "b"])
        #expect(rules.filter { $0["FromPort"] as? Int == 22 }.allSatisfy { $0["Description"] as? String == "ssh-admins" })

        try lifecycle.reimport("aws_vpc_security_group_ingress_rule.https", id: httpsID)
        try lifecycle.reimport("aws_vpc_security_group_egress_rule.peer", id: egressID)
        try lifecycle.reimport("aws_security_group_rule.ssh", id: "\(groupID)_ingress_tcp_22_22_10.65.0.0/24_10.65.1.0/24")
        #expect(try lifecycle.attribute("aws_security_group_rule.ssh", "id") as? String == sshID, "an imported rule gets the provider's hashed id")

        // Replace: a different kind of source, and a different port.
        try lifecycle.apply(Self.configuration(httpsIPv6CIDR: "2001:db8:64::/48", ruleTag: "b", sshPort: 2222, sshDescription: "ssh-admins"))
        try lifecycle.expectNoChanges()
        let newHTTPSID = try #require(try lifecycle.attribute("aws_vpc_security_group_ingress_rule.https", "id") as? String)
        let newSSHID = try #require(try lifecycle.attribute("aws_security_group_rule.ssh", "id") as? String)
        #expect(newHTTPSID != httpsID)
        #expect(newSSHID != sshID)
        rules = try Self.rules(lifecycle, group: groupID)
        #expect(!rules.contains { $0["SecurityGroupRuleId"] as? String == httpsID })
        #expect(rules.first { $0["SecurityGroupRuleId"] as? String == newHTTPSID }?["CidrIpv6"] as? String == "2001:db8:64::/48")
        #expect(!rules.contains { $0["FromPort"] as? Int == 22 })
        #expect(rules.filter { $0["FromPort"] as? Int == 2222 }.count == 2)

        try lifecycle.destroy()
        if case .error(let code, _) = try lifecycle.oracle("ec2", "describe_security_group_rules", ["SecurityGroupRuleIds": [newHTTPSID]]) {
            #expect(code == "InvalidSecurityGroupRuleId.NotFound")
        } else {
            Issue.record("the ingress rule still exists")
        }
        #expect(try lifecycle.oracle("ec2", "describe_security_groups", ["GroupIds": [groupID]]).response == nil)
    }
}
