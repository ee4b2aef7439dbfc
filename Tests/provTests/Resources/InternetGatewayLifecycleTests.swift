import Foundation
import Testing
import TestSupport

/// aws_internet_gateway, aws_internet_gateway_attachment and aws_egress_only_internet_gateway
/// through their whole life.
@Suite struct InternetGatewayLifecycleTests {
    /// Three VPCs; `main` is attached through its own `vpc_id`, `detached` through an
    /// attachment resource, and the egress-only gateway belongs to `egressVPC`.
    static func configuration(mainVPC: String, attachedVPC: String, egressVPC: String, tag: String) -> String {
        """
        resource "aws_vpc" "a" {
          cidr_block = "10.201.0.0/16"
          tags       = { Name = "igw-lifecycle-a" }
        }
        resource "aws_vpc" "b" {
          cidr_block = "10.202.0.0/16"
          tags       = { Name = "igw-lifecycle-b" }
        }
        resource "aws_vpc" "c" {
          cidr_block = "10.203.0.0/16"
          tags       = { Name = "igw-lifecycle-c" }
        }
        resource "aws_internet_gateway" "main" {
          vpc_id = aws_vpc.\(mainVPC).id
          tags   = { Name = "\(tag)" }
        }
        resource "aws_internet_gateway" "detached" {
          tags = { Name = "igw-lifecycle-detached" }
        }
        resource "aws_internet_gateway_attachment" "detached" {
          internet_gateway_id = aws_internet_gateway.detached.id
          vpc_id              = aws_vpc.\(attachedVPC).id
        }
        resource "aws_egress_only_internet_gateway" "main" {
          vpc_id = aws_vpc.\(egressVPC).id
          tags   = { Name = "\(tag)-egress" }
        }
        """
    }

    @Test func createReadUpdateReplaceImportDelete() throws {
        let lifecycle = try ResourceLifecycle()
        try lifecycle.apply(Self.configuration(mainVPC: "a", attachedVPC: "b", egressVPC: "a", tag: "igw-first"))
        try lifecycle.expectNoChanges()
        let vpc = { (name: String) throws -> String in try #require(try lifecycle.attribute("aws_vpc.\(name)", "id") as? String) }
        let mainID = try #require(try lifecycle.attribute("aws_internet_gateway.main", "id") as? String)
        let detachedID = try #require(try lifecycle.attribute("aws_internet_gateway.detached", "id") as? String)
        let egressID = try #require(try lifecycle.attribute("aws_egress_only_internet_gateway.main", "id") as? String)
        let attachmentID = try #require(try lifecycle.attribute("aws_internet_gateway_attachment.detached", "id") as? String)
        #expect(try lifecycle.attribute("aws_internet_gateway.main", "arn") as? String == "arn:aws:ec2:eu-west-1:123456789012:internet-gateway/\(mainID)")
        #expect(try lifecycle.attribute("aws_internet_gateway.main", "owner_id") as? String == "123456789012")
        #expect(attachmentID == "\(detachedID):\(try vpc("b"))")
        #expect(try attachedVPCs(lifecycle, mainID) == [try vpc("a")])
        #expect(try attachedVPCs(lifecycle, detachedID) == [try vpc("b")])
        let egress = try #require((try lifecycle.oracle("ec2", "describe_egress_only_internet_gateways", ["EgressOnlyInternetGatewayIds": [egressID]]).response?["EgressOnlyInternetGateways"] as? [[String: Any]])?.first)
        #expect((egress["Attachments"] as? [[String: Any]])?.first?["VpcId"] as? String == (try vpc("a")))
        #expect(QuickstartEndToEndTests.tags(egress)["Name"] == "igw-first-egress")

        // In place: the gateway moves to another VPC (detach, attach) and both get new tags.
        try lifecycle.apply(Self.configuration(mainVPC: "c", attachedVPC: "b", egressVPC: "a", tag: "igw-second"))
        try lifecycle.expectNoChanges()
        #expect(try lifecycle.attribute("aws_internet_gateway.main", "id") as? String == mainID)
        #expect(try lifecycle.attribute("aws_egress_only_internet_gateway.main", "id") as? String == egressID)
        #expect(try attachedVPCs(lifecycle, mainID) == [try vpc("c")])
        // The gateway attached by the attachment resource shows its VPC (read since), without a diff.
        #expect(try lifecycle.attribute("aws_internet_gateway.detached", "vpc_id") as? String == (try vpc("b")))
        let gateway = try #require((try lifecycle.oracle("ec2", "describe_internet_gateways", ["InternetGatewayIds": [mainID]]).response?["InternetGateways"] as? [[String: Any]])?.first)
        #expect(QuickstartEndToEndTests.tags(gateway)["Name"] == "igw-second")

        try lifecycle.reimport("aws_internet_gateway.main", id: mainID)
        try lifecycle.reimport("aws_internet_gateway_attachment.detached", id: attachmentID)
        try lifecycle.reimport("aws_egress_only_internet_gateway.main", id: egressID)

        // Replace: an egress-only gateway and an attachment cannot change VPC in place.
        try lifecycle.write(Self.configuration(mainVPC: "c", attachedVPC: "a", egressVPC: "b", tag: "igw-second"))
        let replace = try lifecycle.plan()
        #expect(replace.stdout.contains("# aws_egress_only_internet_gateway.main must be replaced"))
        #expect(replace.stdout.contains("# aws_internet_gateway_attachment.detached must be replaced"))
        try lifecycle.apply()
        try lifecycle.expectNoChanges()
        let newEgressID = try #require(try lifecycle.attribute("aws_egress_only_internet_gateway.main", "id") as? String)
        #expect(newEgressID != egressID)
        #expect(try lifecycle.attribute("aws_internet_gateway_attachment.detached", "id") as? String == "\(detachedID):\(try vpc("a"))")
        #expect(try attachedVPCs(lifecycle, detachedID) == [try vpc("a")])
        let oldEgress = try lifecycle.oracle("ec2", "describe_egress_only_internet_gateways", ["EgressOnlyInternetGatewayIds": [egressID]])
        #expect((oldEgress.response?["EgressOnlyInternetGateways"] as? [Any])?.isEmpty == true, "the replaced egress-only gateway is gone")

        try lifecycle.destroy()
        for id in [mainID, detachedID] {
            if case .error(let code, _) = try lifecycle.oracle("ec2", "describe_internet_gateways", ["InternetGatewayIds": [id]]) {
                #expect(code == "InvalidInternetGatewayID.NotFound")
            } else {
                Issue.record("internet gateway \(id) still exists")
            }
        }
        let egressAfter = try lifecycle.oracle("ec2", "describe_egress_only_internet_gateways", ["EgressOnlyInternetGatewayIds": [newEgressID]])
        #expect((egressAfter.response?["EgressOnlyInternetGateways"] as? [Any])?.isEmpty == true)
    }

    /// The VPCs a gateway is attached to, as boto3 sees them.
    private func attachedVPCs(_ lifecycle: ResourceLifecycle, _ id: String) throws -> [String] {
        let gateways = try lifecycle.oracle("ec2", "describe_internet_gateways", ["InternetGatewayIds": [id]]).response?["InternetGateways"] as? [[String: Any]]
        return (gateways?.first?["Attachments"] as? [[String: Any]] ?? []).compactMap { $0["VpcId"] as? String }
    }
}
