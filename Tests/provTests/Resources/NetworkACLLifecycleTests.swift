import Foundation
import Testing
import TestSupport

/// aws_network_acl, aws_default_network_acl, aws_network_acl_rule and
/// aws_network_acl_association through their whole life.
@Suite struct NetworkACLLifecycleTests {
    struct Settings {
        var tag = "acl"
        var mainSubnets = "[aws_subnet.a.id]"
        var httpsPort = 443
        var extraEgress = false
        var rulePort = 22
        var associatedSubnet = "c"
        var movedVPC = "acl"
        var defaultIngressPort = 80
    }

    static func configuration(_ settings: Settings = Settings()) -> String {
        let subnets = ["a": 1, "b": 2, "c": 3, "d": 4].sorted { $0.key < $1.key }.map { name, index in
            """
            resource "aws_subnet" "\(name)" {
              vpc_id            = aws_vpc.acl.id
              cidr_block        = "10.67.\(index).0/24"
              availability_zone = "eu-west-1a"
            }
            """
        }.joined(separator: "\n")
        let extraEgress = settings.extraEgress ? """
          egress {
            protocol   = "udp"
            rule_no    = 210
            action     = "deny"
            cidr_block = "10.70.0.0/16"
            from_port  = 53
            to_port    = 53
          }
        """ : ""
        return """
        resource "aws_vpc" "acl" {
          cidr_block = "10.67.0.0/16"
        }
        resource "aws_vpc" "acl2" {
          cidr_block = "10.68.0.0/16"
        }
        \(subnets)
        resource "aws_subnet" "e" {
          vpc_id            = aws_vpc.acl2.id
          cidr_block        = "10.68.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_network_acl" "main" {
          vpc_id     = aws_vpc.acl.id
          subnet_ids = \(settings.mainSubnets)
          ingress {
            protocol   = "tcp"
            rule_no    = 100
            action     = "ALLOW"
            cidr_block = "10.0.0.0/8"
            from_port  = \(settings.httpsPort)
            to_port    = \(settings.httpsPort)
          }
          egress {
            protocol   = "-1"
            rule_no    = 200
            action     = "allow"
            cidr_block = "0.0.0.0/0"
            from_port  = 0
            to_port    = 0
          }
        \(extraEgress)
          tags = { Name = "\(settings.tag)" }
        }
        resource "aws_network_acl" "assoc" {
          vpc_id = aws_vpc.acl.id
        }
        resource "aws_network_acl_rule" "ssh" {
          network_acl_id = aws_network_acl.assoc.id
          rule_number    = 300
          protocol       = "tcp"
          rule_action    = "allow"
          cidr_block     = "10.69.0.0/16"
          from_port      = 22
          to_port        = \(settings.rulePort)
        }
        resource "aws_network_acl_association" "assoc" {
          network_acl_id = aws_network_acl.assoc.id
          subnet_id      = aws_subnet.\(settings.associatedSubnet).id
        }
        resource "aws_network_acl" "moved" {
          vpc_id = aws_vpc.\(settings.movedVPC).id
        }
        resource "aws_default_network_acl" "default" {
          default_network_acl_id = aws_vpc.acl2.default_network_acl_id
          subnet_ids             = [aws_subnet.e.id]
          ingress {
            protocol   = "6"
            rule_no    = 110
            action     = "allow"
            cidr_block = "10.68.0.0/16"
            from_port  = \(settings.defaultIngressPort)
            to_port    = \(settings.defaultIngressPort)
          }
          tags = { Name = "\(settings.tag)-default" }
        }
        """
    }

    static func acl(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any]? {
        (try lifecycle.oracle("ec2", "describe_network_acls", ["NetworkAclIds": [id]]).response?["NetworkAcls"] as? [[String: Any]])?.first
    }

    /// The ACL's own rules (without AWS's catch-all ones) as "egress/number/protocol/action/cidr/from-to".
    static func entries(_ acl: [String: Any]?) -> Set<String> {
        Set((acl?["Entries"] as? [[String: Any]] ?? []).compactMap { entry -> String? in
            guard let number = entry["RuleNumber"] as? Int, number < 32767 else { return nil }
            let range = entry["PortRange"] as? [String: Any]
            let ports = range.map { "\($0["From"] as? Int ?? -1)-\($0["To"] as? Int ?? -1)" } ?? "all"
            return "\(entry["Egress"] as? Bool == true ? "egress" : "ingress")/\(number)/\(entry["Protocol"] as? String ?? "")/\(entry["RuleAction"] as? String ?? "")/\(entry["CidrBlock"] as? String ?? "")/\(ports)"
        })
    }

    static func subnets(_ acl: [String: Any]?) -> Set<String> {
        Set((acl?["Associations"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String })
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let mainID = try #require(try lifecycle.attribute("aws_network_acl.main", "id") as? String)
        let assocACLID = try #require(try lifecycle.attribute("aws_network_acl.assoc", "id") as? String)
        let movedID = try #require(try lifecycle.attribute("aws_network_acl.moved", "id") as? String)
        let defaultID = try #require(try lifecycle.attribute("aws_default_network_acl.default", "id") as? String)
        let ruleID = try #require(try lifecycle.attribute("aws_network_acl_rule.ssh", "id") as? String)
        let associationID = try #require(try lifecycle.attribute("aws_network_acl_association.assoc", "id") as? String)
        let subnet = { (name: String) throws -> String in try #require(try lifecycle.attribute("aws_subnet.\(name)", "id") as? String) }
        #expect(try lifecycle.attribute("aws_network_acl.main", "arn") as? String == "arn:aws:ec2:eu-west-1:123456789012:network-acl/\(mainID)")
        #expect(try lifecycle.attribute("aws_default_network_acl.default", "vpc_id") as? String == (try lifecycle.attribute("aws_vpc.acl2", "id") as? String))
        #expect(ruleID.hasPrefix("nacl-"))
        #expect(associationID.hasPrefix("aclassoc-"))
        #expect(try lifecycle.attribute("aws_network_acl_rule.ssh", "protocol") as? String == "6", "AWS stores protocol numbers")

        // AWS's view: the rules as numbers and lower-case actions, subnets where they belong.
        let main = try Self.acl(lifecycle, mainID)
        #expect(Self.entries(main) == ["ingress/100/6/allow/10.0.0.0/8/443-443", "egress/200/-1/allow/0.0.0.0/0/0-0"])
        #expect(Self.subnets(main) == [try subnet("a")])
        #expect(QuickstartEndToEndTests.tags(main ?? [:])["Name"] == "acl")
        let assoc = try Self.acl(lifecycle, assocACLID)
        #expect(Self.entries(assoc) == ["ingress/300/6/allow/10.69.0.0/16/22-22"])
        #expect(Self.subnets(assoc) == [try subnet("c")])
        let adopted = try Self.acl(lifecycle, defaultID)
        #expect(Self.entries(adopted) == ["ingress/110/6/allow/10.68.0.0/16/80-80"], "adopting removes the default ACL's own allow-all rules")
        #expect(QuickstartEndToEndTests.tags(adopted ?? [:])["Name"] == "acl-default")

        // In place: the main ACL's rules, subnets and tags, the default ACL's rule. Replaced: the
        // rule (its port), the association (its subnet) and an ACL moved to another VPC.
        var changed = Settings()
        changed.tag = "acl2"
        changed.mainSubnets = "[aws_subnet.a.id, aws_subnet.b.id]"
        changed.httpsPort = 8443
        changed.extraEgress = true
        changed.rulePort = 23
        changed.associatedSubnet = "d"
        changed.movedVPC = "acl2"
        changed.defaultIngressPort = 8080
        try lifecycle.write(Self.configuration(changed))
        let plan = try lifecycle.plan()
        #expect(plan.stdout.contains("aws_network_acl.main will be updated in-place"))
        #expect(plan.stdout.contains("aws_default_network_acl.default will be updated in-place"))
        #expect(plan.stdout.contains("aws_network_acl_rule.ssh must be replaced"))
        #expect(plan.stdout.contains("aws_network_acl_association.assoc must be replaced"))
        #expect(plan.stdout.contains("aws_network_acl.moved must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_network_acl.main", "id") as? String == mainID)
        #expect(try lifecycle.attribute("aws_default_network_acl.default", "id") as? String == defaultID)
        let updated = try Self.acl(lifecycle, mainID)
        #expect(Self.entries(updated) == ["ingress/100/6/allow/10.0.0.0/8/8443-8443", "egress/200/-1/allow/0.0.0.0/0/0-0", "egress/210/17/deny/10.70.0.0/16/53-53"])
        #expect(Self.subnets(updated) == [try subnet("a"), try subnet("b")])
        #expect(QuickstartEndToEndTests.tags(updated ?? [:])["Name"] == "acl2")
        #expect(Self.entries(try Self.acl(lifecycle, defaultID)) == ["ingress/110/6/allow/10.68.0.0/16/8080-8080"])
        #expect(Self.entries(try Self.acl(lifecycle, assocACLID)) == ["ingress/300/6/allow/10.69.0.0/16/22-23"])
        let newAssociationID = try #require(try lifecycle.attribute("aws_network_acl_association.assoc", "id") as? String)
        #expect(newAssociationID != associationID)
        #expect(Self.subnets(try Self.acl(lifecycle, assocACLID)) == [try subnet("d")])
        let vpcDefault = try lifecycle.oracle("ec2", "describe_network_acls", ["Filters": [["Name": "vpc-id", "Values": [try #require(try lifecycle.attribute("aws_vpc.acl", "id") as? String)]], ["Name": "default", "Values": ["true"]]]])
        #expect(Self.subnets((vpcDefault.response?["NetworkAcls"] as? [[String: Any]])?.first).contains(try subnet("c")), "the subnet left behind returns to the default ACL")
        let newMovedID = try #require(try lifecycle.attribute("aws_network_acl.moved", "id") as? String)
        #expect(newMovedID != movedID)
        #expect(try Self.acl(lifecycle, movedID) == nil)

        try lifecycle.reimport("aws_network_acl.main", id: mainID)
        // The default ACL cannot be imported as an ordinary one.
        #expect(try lifecycle.prov.run("state", "rm", "aws_network_acl.moved").status == 0)
        let wrongImport = try lifecycle.prov.run("import", "aws_network_acl.moved", defaultID)
        #expect(wrongImport.status != 0)
        #expect(wrongImport.output.contains("aws_default_network_acl"), "\(wrongImport.output)")
        let rightImport = try lifecycle.prov.run("import", "aws_network_acl.moved", newMovedID)
        #expect(rightImport.status == 0, "\(rightImport.output)")
        try lifecycle.expectNoChanges()
        try lifecycle.reimport("aws_default_network_acl.default", id: defaultID)
        try lifecycle.reimport("aws_network_acl_rule.ssh", id: "\(assocACLID):300:tcp:false")
        try lifecycle.reimport("aws_network_acl_association.assoc", id: newAssociationID)

        // Destroying the default ACL only forgets it: its rules stay.
        let forget = try lifecycle.prov.run("destroy", "-auto-approve", "-target=aws_default_network_acl.default")
        #expect(forget.status == 0, "\(forget.output)")
        #expect(Self.entries(try Self.acl(lifecycle, defaultID)) == ["ingress/110/6/allow/10.68.0.0/16/8080-8080"])

        try lifecycle.destroy()
        for id in [mainID, assocACLID, newMovedID] {
            #expect(try Self.acl(lifecycle, id) == nil, "network ACL \(id) still exists")
        }
    }
}
