import Foundation
import Testing
import TestSupport

/// aws_security_group (inline rules) and aws_default_security_group through their whole life.
@Suite struct SecurityGroupLifecycleTests {
    static func configuration(name: String = "lifecycle-web", tag: String = "web", httpsDescription: String = "https", extraCIDR: String = "192.168.61.0/24", defaultPort: Int = 22) -> String {
        """
        resource "aws_vpc" "sg" {
          cidr_block = "10.61.0.0/16"
        }
        resource "aws_security_group" "web" {
          name                   = "\(name)"
          description            = "web-servers"
          vpc_id                 = aws_vpc.sg.id
          revoke_rules_on_delete = true
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "6"
            cidr_blocks = ["10.61.0.0/16", "\(extraCIDR)"]
            description = "\(httpsDescription)"
          }
          ingress {
            from_port = 0
            to_port   = 0
            protocol  = "-1"
            self      = true
          }
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "all"
            cidr_blocks = ["0.0.0.0/0"]
          }
          tags = { Name = "\(tag)" }
        }
        resource "aws_security_group" "generated" {
          vpc_id      = aws_vpc.sg.id
          description = "generated-name"
        }
        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.sg.id
          ingress {
            from_port   = \(defaultPort)
            to_port     = \(defaultPort)
            protocol    = "tcp"
            cidr_blocks = ["10.61.0.0/16"]
          }
          tags = { Name = "\(tag)-default" }
        }
        """
    }

    static func group(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String: Any]? {
        let result = try lifecycle.oracle("ec2", "describe_security_groups", ["GroupIds": [id]])
        return (result.response?["SecurityGroups"] as? [[String: Any]])?.first
    }

    static func permissions(_ group: [String: Any]?, _ key: String) -> [[String: Any]] {
        group?[key] as? [[String: Any]] ?? []
    }

    static func cidrs(_ permission: [String: Any]) -> Set<String> {
        Set((permission["IpRanges"] as? [[String: Any]] ?? []).compactMap { $0["CidrIp"] as? String })
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration())
        try lifecycle.expectNoChanges()
        let webID = try #require(try lifecycle.attribute("aws_security_group.web", "id") as? String)
        let generatedID = try #require(try lifecycle.attribute("aws_security_group.generated", "id") as? String)
        let defaultID = try #require(try lifecycle.attribute("aws_default_security_group.default", "id") as? String)
        #expect(try lifecycle.attribute("aws_security_group.web", "arn") as? String == "arn:aws:ec2:eu-west-1:123456789012:security-group/\(webID)")
        #expect(try lifecycle.attribute("aws_security_group.web", "owner_id") as? String == "123456789012")
        let generatedName = try #require(try lifecycle.attribute("aws_security_group.generated", "name") as? String)
        #expect(generatedName.hasPrefix("terraform-") && generatedName.count == "terraform-".count + 26)
        #expect(try lifecycle.attribute("aws_security_group.generated", "name_prefix") as? String == "terraform-")

        // AWS's view: the declared rules, the protocol normalised, the default egress revoked.
        let web = try Self.group(lifecycle, webID)
        #expect(web?["GroupName"] as? String == "lifecycle-web")
        let https = Self.permissions(web, "IpPermissions").first { $0["FromPort"] as? Int == 443 }
        #expect(https?["IpProtocol"] as? String == "tcp")
        #expect(https.map(Self.cidrs) == ["10.61.0.0/16", "192.168.61.0/24"])
        #expect((https?["IpRanges"] as? [[String: Any]])?.first?["Description"] as? String == "https")
        let selfRule = Self.permissions(web, "IpPermissions").first { $0["IpProtocol"] as? String == "-1" }
        #expect((selfRule?["UserIdGroupPairs"] as? [[String: Any]])?.first?["GroupId"] as? String == webID)
        #expect(Self.permissions(web, "IpPermissionsEgress").map(Self.cidrs) == [["0.0.0.0/0"]])
        #expect(Self.permissions(try Self.group(lifecycle, generatedID), "IpPermissionsEgress").isEmpty)
        let adopted = try Self.group(lifecycle, defaultID)
        #expect(adopted?["GroupName"] as? String == "default")
        #expect(Self.permissions(adopted, "IpPermissions").map { $0["FromPort"] as? Int } == [22])
        #expect(Self.permissions(adopted, "IpPermissionsEgress").isEmpty, "adopting the default group removes the rules the configuration does not declare")

        // In place: a new CIDR and description, tags, the default group's port.
        try lifecycle.apply(Self.configuration(tag: "web2", httpsDescription: "tls", extraCIDR: "192.168.62.0/24", defaultPort: 2222))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_security_group.web", "id") as? String == webID)
        let updated = try Self.group(lifecycle, webID)
        let tls = Self.permissions(updated, "IpPermissions").first { $0["FromPort"] as? Int == 443 }
        #expect(tls.map(Self.cidrs) == ["10.61.0.0/16", "192.168.62.0/24"])
        #expect((tls?["IpRanges"] as? [[String: Any]])?.allSatisfy { $0["Description"] as? String == "tls" } == true)
        #expect(QuickstartEndToEndTests.tags(updated ?? [:])["Name"] == "web2")
        #expect(Self.permissions(try Self.group(lifecycle, defaultID), "IpPermissions").map { $0["FromPort"] as? Int } == [2222])

        // A rule added outside prov is drift the next plan removes.
        _ = try lifecycle.oracle("ec2", "authorize_security_group_ingress", ["GroupId": webID, "IpPermissions": [["IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [["CidrIp": "10.99.0.0/16"]]]]])
        let drift = try lifecycle.plan()
        #expect(drift.stdout.contains("aws_security_group.web will be updated in-place"), "\(drift.output)")
        try lifecycle.apply()
        #expect(!Self.permissions(try Self.group(lifecycle, webID), "IpPermissions").contains { $0["FromPort"] as? Int == 8080 })

        try lifecycle.reimport("aws_security_group.web", id: webID, configurationOnly: ["revoke_rules_on_delete"])
        try lifecycle.reimport("aws_security_group.generated", id: generatedID)
        try lifecycle.reimport("aws_default_security_group.default", id: defaultID)

        // Replace: a new name is a new group.
        try lifecycle.apply(Self.configuration(name: "lifecycle-web-renamed", tag: "web2", httpsDescription: "tls", extraCIDR: "192.168.62.0/24", defaultPort: 2222))
        let renamedID = try #require(try lifecycle.attribute("aws_security_group.web", "id") as? String)
        #expect(renamedID != webID)
        if case .error(let code, _) = try lifecycle.oracle("ec2", "describe_security_groups", ["GroupIds": [webID]]) {
            #expect(code == "InvalidGroup.NotFound")
        } else {
            Issue.record("the replaced group still exists")
        }

        // Destroying the default group only forgets it: its rules stay.
        let forget = try lifecycle.prov.run("destroy", "-auto-approve", "-target=aws_default_security_group.default")
        #expect(forget.status == 0, "\(forget.output)")
        #expect(Self.permissions(try Self.group(lifecycle, defaultID), "IpPermissions").map { $0["FromPort"] as? Int } == [2222])

        try lifecycle.destroy()
        for id in [renamedID, generatedID] {
            if case .error(let code, _) = try lifecycle.oracle("ec2", "describe_security_groups", ["GroupIds": [id]]) {
                #expect(code == "InvalidGroup.NotFound")
            } else {
                Issue.record("security group \(id) still exists")
            }
        }
    }

    /// The defaults: Terraform's description, a generated name or one from `name_prefix`, the
    /// default VPC, and no rules at all when none are declared.
    @Test func defaultsAndNamePrefix() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply("""
        resource "aws_security_group" "plain" {}
        resource "aws_security_group" "prefixed" {
          name_prefix = "lifecycle-prefixed-"
        }
        """)
        try lifecycle.expectNoChanges()
        let plainID = try #require(try lifecycle.attribute("aws_security_group.plain", "id") as? String)
        let prefixedID = try #require(try lifecycle.attribute("aws_security_group.prefixed", "id") as? String)
        let plain = try Self.group(lifecycle, plainID)
        #expect(plain?["Description"] as? String == "Managed by Terraform")
        #expect((plain?["GroupName"] as? String)?.hasPrefix("terraform-") == true)
        #expect(Self.permissions(plain, "IpPermissionsEgress").isEmpty, "the default allow-all egress rule is revoked")
        let defaultVPC = (try lifecycle.oracle("ec2", "describe_vpcs", ["Filters": [["Name": "isDefault", "Values": ["true"]]]]).response?["Vpcs"] as? [[String: Any]])?.first?["VpcId"] as? String
        #expect(try lifecycle.attribute("aws_security_group.plain", "vpc_id") as? String == defaultVPC)
        let prefixedName = try #require(try Self.group(lifecycle, prefixedID)?["GroupName"] as? String)
        #expect(prefixedName.hasPrefix("lifecycle-prefixed-") && prefixedName.count == "lifecycle-prefixed-".count + 26)
        try lifecycle.reimport("aws_security_group.prefixed", id: prefixedID)
        #expect(try lifecycle.attribute("aws_security_group.prefixed", "name_prefix") as? String == "lifecycle-prefixed-")
        try lifecycle.destroy()
        #expect(try lifecycle.oracle("ec2", "describe_security_groups", ["GroupIds": [plainID]]).response == nil)
    }

    /// Terraform's attribute syntax for the rule sets: `ingress = []` removes every ingress
    /// rule, while leaving `egress` out entirely keeps the rules the group has.
    @Test func anEmptyListRemovesEveryRuleAndNoneKeepsThem() throws {
        func configuration(_ rules: String) -> String {
            """
            resource "aws_vpc" "empty" {
              cidr_block = "10.75.0.0/16"
            }
            resource "aws_security_group" "empty" {
              name   = "lifecycle-empty-list"
              vpc_id = aws_vpc.empty.id
            \(rules)
            }
            """
        }
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(configuration("""
              ingress {
                from_port   = 22
                to_port     = 22
                protocol    = "tcp"
                cidr_blocks = ["10.75.0.0/16"]
              }
              egress {
                from_port   = 0
                to_port     = 0
                protocol    = "-1"
                cidr_blocks = ["0.0.0.0/0"]
              }
            """))
        let id = try #require(try lifecycle.attribute("aws_security_group.empty", "id") as? String)
        #expect(Self.permissions(try Self.group(lifecycle, id), "IpPermissions").count == 1)

        try lifecycle.apply(configuration("  ingress = []"))
        try lifecycle.expectNoChanges()
        let group = try Self.group(lifecycle, id)
        #expect(Self.permissions(group, "IpPermissions").isEmpty, "ingress = [] removed the rule")
        #expect(Self.permissions(group, "IpPermissionsEgress").count == 1, "egress, not mentioned, is left alone")
        #expect(try lifecycle.attribute("aws_security_group.empty", "id") as? String == id)
        try lifecycle.destroy()
    }
}
