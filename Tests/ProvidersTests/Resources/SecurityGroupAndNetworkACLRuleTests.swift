import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// The pure parts of the security group and network ACL types: Terraform's ids and names,
/// protocol normalisation, and how rules read back from AWS are shaped into the configured
/// blocks.
struct SecurityGroupAndNetworkACLRuleTests {
    @Test func hashcodeIsCRC32() {
        // The standard CRC-32 check value.
        #expect(TerraformIdentifiers.hashcode("123456789") == 0xCBF4_3926)
        #expect(TerraformIdentifiers.hashcode("") == 0)
    }

    @Test func generatedNamesGiveBackTheirPrefix() {
        let name = TerraformIdentifiers.uniqueName(prefix: "web-", now: Date(timeIntervalSince1970: 1_700_000_000.12345))
        #expect(name.hasPrefix("web-202311142213201234"))
        #expect(name.count == "web-".count + 26)
        #expect(TerraformIdentifiers.namePrefix(of: name) == "web-")
        #expect(TerraformIdentifiers.namePrefix(of: "lifecycle-web") == nil)
        #expect(TerraformIdentifiers.namePrefix(of: "default") == nil)
    }

    @Test func protocolsAreNormalisedAsTheProviderDoes() {
        #expect(IPProtocols.securityGroupForm("6") == "tcp")
        #expect(IPProtocols.securityGroupForm("TCP") == "tcp")
        #expect(IPProtocols.securityGroupForm("58") == "icmpv6")
        #expect(IPProtocols.securityGroupForm("all") == "-1")
        #expect(IPProtocols.securityGroupForm("50") == "50")
        #expect(IPProtocols.networkACLNumber("tcp") == 6)
        #expect(IPProtocols.networkACLNumber("all") == -1)
        #expect(IPProtocols.networkACLNumber("ipv6-icmp") == 58)
        #expect(IPProtocols.networkACLNumber("254") == 254)
        #expect(IPProtocols.networkACLNumber("57") == nil, "57 is unassigned")
        #expect(IPProtocols.networkACLNumber("icmpv6") == nil, "network ACLs take IANA keywords only")
    }

    static func rule(_ ipProtocol: String, _ from: Int, _ to: Int, cidrs: [String] = [], selfReference: Bool = false, description: String = "") -> Value {
        .object([
            "cidr_blocks": .stringList(cidrs), "description": .string(description), "from_port": .number(from),
            "ipv6_cidr_blocks": .stringList([]), "prefix_list_ids": .stringList([]), "protocol": .string(ipProtocol),
            "security_groups": .stringSet([]), "self": .bool(selfReference), "to_port": .number(to),
        ])
    }

    static func grant(_ ipProtocol: String, _ from: Int, _ to: Int, _ source: SecurityGroupGrant.Source, _ description: String = "") -> SecurityGroupGrant {
        SecurityGroupGrant(ipProtocol: ipProtocol, fromPort: from, toPort: to, source: source, description: description)
    }

    @Test func readKeepsConfiguredBlocksAndGroupsTheRest() {
        let local = Value.set([Self.rule("tcp", 443, 443, cidrs: ["10.1.0.0/16", "10.0.0.0/16"], description: "web")])
        let remote = [
            Self.grant("tcp", 443, 443, .ipv4("10.0.0.0/16"), "web"),
            Self.grant("tcp", 443, 443, .ipv4("10.1.0.0/16"), "web"),
            Self.grant("-1", 0, 0, .selfReference),
            Self.grant("tcp", 8080, 8080, .ipv4("10.2.0.0/16")),
            Self.grant("tcp", 8080, 8080, .group("sg-2")),
        ]
        let read = SecurityGroupRuleSet.read(remote: remote, local: local)
        let expected = Value.set([
            Self.rule("tcp", 443, 443, cidrs: ["10.1.0.0/16", "10.0.0.0/16"], description: "web"),
            Self.rule("-1", 0, 0, selfReference: true),
            Self.rule("tcp", 8080, 8080, cidrs: ["10.2.0.0/16"]).setting(["security_groups": .stringSet(["sg-2"])]),
        ])
        #expect(read == expected)
    }

    @Test func aBlockMissingASourceIsNotClaimed() {
        let local = Value.set([Self.rule("tcp", 22, 22, cidrs: ["10.0.0.0/16", "10.9.0.0/16"])])
        let read = SecurityGroupRuleSet.read(remote: [Self.grant("tcp", 22, 22, .ipv4("10.0.0.0/16"))], local: local)
        #expect(read == .set([Self.rule("tcp", 22, 22, cidrs: ["10.0.0.0/16"])]))
    }

    @Test func plannedRulesFollowTheProvidersComputedSet() {
        let prior = Value.object(["ingress": .set([Self.rule("tcp", 80, 80, cidrs: ["10.0.0.0/16", "10.1.0.0/16"])])])
        let unset = Value.object(["ingress": .null(SecurityGroupInlineRule.setType)])
        let empty = Value.object(["ingress": .set([], of: SecurityGroupInlineRule.elementSchema.valueType)])
        // Neither blocks nor `ingress = [...]`: what the group has stays, or is known after the create.
        #expect(SecurityGroupRuleSet.planned("ingress", proposed: unset, configuration: unset, prior: prior) == prior[attribute: "ingress"])
        #expect(SecurityGroupRuleSet.planned("ingress", proposed: unset, configuration: unset, prior: nil).isKnown == false)
        // `ingress = []`: no rules.
        #expect(SecurityGroupRuleSet.planned("ingress", proposed: empty, configuration: empty, prior: prior) == empty[attribute: "ingress"])
        // The same sources in another order, or a protocol by number, are no change.
        let reordered = Value.object(["ingress": .set([Self.rule("6", 80, 80, cidrs: ["10.1.0.0/16", "10.0.0.0/16"])])])
        #expect(SecurityGroupRuleSet.planned("ingress", proposed: reordered, configuration: reordered, prior: prior) == prior[attribute: "ingress"])
    }

    @Test func securityGroupRuleIDsHashTheProvidersText() {
        var rule = SecurityGroupInlineRule(ipProtocol: "tcp", fromPort: 80, toPort: 8080, description: "ignored")
        rule.cidrBlocks = ["10.1.0.0/16", "10.0.0.0/16"]
        rule.selfReference = true
        let id = SecurityGroupRuleResource.resourceID(groupID: "sg-1", type: "ingress", rule: rule)
        #expect(id == "sgrule-\(TerraformIdentifiers.hashcode("sg-1-80-8080-tcp-ingress-10.0.0.0/16-10.1.0.0/16-sg-1--"))")
        let all = SecurityGroupInlineRule(ipProtocol: "-1", fromPort: 0, toPort: 0, description: "")
        #expect(SecurityGroupRuleResource.resourceID(groupID: "sg-1", type: "egress", rule: all) == "sgrule-\(TerraformIdentifiers.hashcode("sg-1--1-egress-"))")
        #expect(NetworkACLRuleResource.resourceID(aclID: "acl-1", ruleNumber: 100, egress: false, protocol: "tcp") == "nacl-\(TerraformIdentifiers.hashcode("acl-1-100-false-tcp-"))")
    }

    @Test func securityGroupRuleImportIDs() throws {
        let rule = try SecurityGroupRuleImportID.parse("sg-0123_ingress_6_80_80_10.0.0.0/16_2001:db8::/48_pl-1234_self")
        #expect(rule.string("security_group_id") == "sg-0123")
        #expect(rule.string("type") == "ingress")
        #expect(rule.string("protocol") == "tcp")
        #expect(rule.int("from_port") == 80)
        #expect(rule.stringList("cidr_blocks") == ["10.0.0.0/16"])
        #expect(rule.stringList("ipv6_cidr_blocks") == ["2001:db8::/48"])
        #expect(rule.stringList("prefix_list_ids") == ["pl-1234"])
        #expect(rule.bool("self") == true)
        #expect(try SecurityGroupRuleImportID.parse("sg-0123_egress_all_0_0_sg-0456").string("source_security_group_id") == "sg-0456")
        for invalid in ["sg-0123_ingress_tcp_80_80", "vpc-1_ingress_tcp_80_80_10.0.0.0/8", "sg-1_sideways_tcp_80_80_10.0.0.0/8", "sg-1_ingress_tcp_90_80_10.0.0.0/8", "sg-1_ingress_bogus_80_80_10.0.0.0/8", "sg-1_ingress_tcp_80_80_nowhere"] {
            #expect(throws: ProviderError.self, "\(invalid)") { try SecurityGroupRuleImportID.parse(invalid) }
        }
    }

    @Test func networkACLBlocksAreStoredAsAWSKeepsThem() throws {
        let block = Value.object([
            "action": .string("ALLOW"), "cidr_block": .null(.string), "from_port": .number(443), "icmp_code": .null(.number),
            "icmp_type": .null(.number), "ipv6_cidr_block": .null(.string), "protocol": .string("tcp"), "rule_no": .number(100), "to_port": .number(443),
        ])
        let entry = try #require(NetworkACLEntry(block: block))
        #expect(entry.value.string("protocol") == "6")
        #expect(entry.value.string("action") == "allow")
        #expect(entry.value.string("cidr_block") == "")
        #expect(throws: ProviderError.self) {
            var all = entry
            all.ipProtocol = "-1"
            _ = try all.createParameters(aclID: "acl-1", egress: false)
        }
    }
}
