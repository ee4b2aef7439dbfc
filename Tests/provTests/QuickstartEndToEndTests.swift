import Foundation
import Testing
import TestSupport

/// The walking skeleton, end to end: the quickstart applied to an emulator that checks every
/// request's signature, its result checked through boto3, an empty second plan, and a destroy
/// that leaves nothing behind.
@Suite(.serialized) struct QuickstartEndToEndTests {
    @Test func appliesPlansNothingThenDestroysEverything() throws {
        let server = try MotoServer.start(enforceSignatures: true)
        defer { server.stop() }
        let prov = ProvProcess(directory: try ProvProcess.workspace(example: "quickstart"), environment: server.environment)

        let initResult = try prov.run("init")
        #expect(initResult.status == 0, "\(initResult.output)")

        let plan = try prov.run("plan", "-detailed-exitcode")
        #expect(plan.status == 2, "a first plan has changes: \(plan.output)")
        #expect(plan.stdout.contains("Plan: 5 to add, 0 to change, 0 to destroy."))
        #expect(plan.stdout.contains("# aws_subnet.public[1] will be created"))
        #expect(plan.stdout.split(separator: "\n").contains { $0.contains("+ secret_string") && $0.hasSuffix("= (sensitive value)") })

        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: 5 added, 0 changed, 0 destroyed."))
        #expect(apply.stdout.contains("aws_vpc.main: Creation complete"))

        // What exists, asked of the emulator through boto3.
        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
        let vpcID = try #require(outputs["vpc_id"]?["value"] as? String)
        let answers = try server.oracle([
            .init("ec2", "describe_vpcs", ["VpcIds": [vpcID]]),
            .init("ec2", "describe_vpc_attribute", ["VpcId": vpcID, "Attribute": "enableDnsHostnames"]),
            .init("ec2", "describe_subnets", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]),
            .init("secretsmanager", "get_secret_value", ["SecretId": "quickstart/network"]),
        ])
        let vpc = try #require((answers[0].response?["Vpcs"] as? [[String: Any]])?.first)
        #expect(vpc["CidrBlock"] as? String == "10.0.0.0/16")
        #expect(Self.tags(vpc)["Name"] == "quickstart-vpc")
        #expect((answers[1].response?["EnableDnsHostnames"] as? [String: Any])?["Value"] as? Bool == true)
        let subnets = try #require(answers[2].response?["Subnets"] as? [[String: Any]])
        let byCIDR = Dictionary(uniqueKeysWithValues: subnets.map { ($0["CidrBlock"] as! String, $0) })
        #expect(Set(byCIDR.keys) == ["10.0.0.0/24", "10.0.1.0/24"])
        #expect(byCIDR["10.0.0.0/24"]?["AvailabilityZone"] as? String == "eu-west-1a")
        #expect(byCIDR["10.0.1.0/24"]?["AvailabilityZone"] as? String == "eu-west-1b")
        #expect(Self.tags(byCIDR["10.0.1.0/24"]!)["Name"] == "quickstart-public-1")
        let secretText = try #require(answers[3].response?["SecretString"] as? String)
        let secret = try JSONSerialization.jsonObject(with: Data(secretText.utf8)) as! [String: Any]
        #expect(secret["vpc_id"] as? String == vpcID)
        #expect(Set(secret["subnet_ids"] as? [String] ?? []) == Set(subnets.map { $0["SubnetId"] as! String }))
        #expect((outputs["subnet_cidrs"]?["value"] as? [String: String]) == ["eu-west-1a": "10.0.0.0/24", "eu-west-1b": "10.0.1.0/24"])

        let second = try prov.run("plan", "-detailed-exitcode")
        #expect(second.status == 0, "the second plan must be empty: \(second.output)")
        #expect(second.stdout.contains("No changes."))

        let destroy = try prov.run("destroy", "-auto-approve")
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: 5 destroyed."))
        let after = try server.oracle([
            .init("ec2", "describe_vpcs", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]),
            .init("ec2", "describe_subnets", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]),
            .init("secretsmanager", "describe_secret", ["SecretId": "quickstart/network"]),
        ])
        #expect((after[0].response?["Vpcs"] as? [Any])?.isEmpty == true, "the VPC is gone")
        #expect((after[1].response?["Subnets"] as? [Any])?.isEmpty == true, "the subnets are gone")
        if case .error(let code, _) = after[2] {
            #expect(code == "ResourceNotFoundException")
        } else {
            Issue.record("the secret still exists: \(after[2])")
        }
        let finalPlan = try prov.run("plan", "-destroy", "-detailed-exitcode")
        #expect(finalPlan.status == 0, "nothing is left in state: \(finalPlan.output)")
    }

    static func tags(_ item: [String: Any]) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in item["Tags"] as? [[String: Any]] ?? [] {
            if let key = tag["Key"] as? String { tags[key] = tag["Value"] as? String }
        }
        return tags
    }
}
