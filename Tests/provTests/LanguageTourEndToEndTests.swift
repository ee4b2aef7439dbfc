import Foundation
import Testing
import TestSupport

/// The language tour (every construct prov supports) validates, applies, plans nothing more,
/// and destroys completely, on an emulator that checks signatures.
@Suite struct LanguageTourEndToEndTests {
    @Test func validatesAppliesAndDestroysCompletely() throws {
        let server = try MotoServer.start(enforceSignatures: true)
        defer { server.stop() }
        // The workspace holds the whole example: its modules, template and tfvars too.
        let directory = try ProvProcess.workspace(example: "language-tour")
        let prov = ProvProcess(directory: directory, environment: server.environment)

        let validate = try prov.run("validate")
        #expect(validate.status == 0, "\(validate.output)")

        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: 11 added, 0 changed, 0 destroyed."))
        #expect(apply.stdout.contains("db_connection = <sensitive>"))
        #expect(!apply.output.contains("correct-horse-battery-staple"), "a sensitive variable never appears in output")

        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
        let vpcs = try #require(outputs["vpc_ids"]?["value"] as? [String: String])
        #expect(Set(vpcs.keys) == ["app", "data"])
        #expect(outputs["subnets_by_zone"]?["value"] as? [String: [String]] == ["eu-west-1a": ["app-0", "data-0", "data-2"], "eu-west-1b": ["app-1", "data-1"]])
        #expect(outputs["banner"]?["value"] as? String == "Environment TOUR in eu-west-1\n- app: 10.10.0.0/16 (public)\n- data: 10.20.0.0/16\n")
        #expect(outputs["summary"]?["value"] as? String == "tour/app = 10.10.0.0/16 with 2 subnets\ntour/data = 10.20.0.0/16 with 3 subnets\n")

        let answers = try server.oracle([
            .init("ec2", "describe_vpcs", ["VpcIds": [vpcs["app"]!]]),
            .init("ec2", "describe_subnets", ["Filters": [["Name": "vpc-id", "Values": [vpcs["data"]!]]]]),
            .init("secretsmanager", "get_secret_value", ["SecretId": "tour-eu-west-1/db"]),
            .init("secretsmanager", "list_secrets", [:], region: "eu-central-1"),
        ])
        let appVPC = try #require((answers[0].response?["Vpcs"] as? [[String: Any]])?.first)
        #expect(UserTags.of(QuickstartEndToEndTests.tags(appVPC)) == ["Environment": "tour", "ManagedBy": "prov", "Owner": "platform", "Network": "app", "Name": "tour-eu-west-1-app"], "default_tags merged with the resource's own")
        let dataSubnets = try #require(answers[1].response?["Subnets"] as? [[String: Any]])
        #expect(Set(dataSubnets.compactMap { $0["CidrBlock"] as? String }) == ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"])
        #expect(dataSubnets.allSatisfy { $0["MapPublicIpOnLaunch"] as? Bool == false })
        let secret = try JSONSerialization.jsonObject(with: Data((answers[2].response?["SecretString"] as? String ?? "").utf8)) as? [String: Any]
        #expect(secret?["password"] as? String == "correct-horse-battery-staple")
        #expect(secret?["networks"] as? [String: String] == vpcs)
        let secondary = (answers[3].response?["SecretList"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }
        #expect(Set(secondary) == ["tour-eu-west-1/network/app", "tour-eu-west-1/network/data"], "the aliased provider's secrets are in its region")

        let second = try prov.run("plan", "-detailed-exitcode")
        #expect(second.status == 0, "the second plan must be empty: \(second.output)")

        let destroy = try prov.run("destroy", "-auto-approve")
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: 11 destroyed."))
        let after = try server.oracle([
            .init("ec2", "describe_vpcs", ["Filters": [["Name": "tag:ManagedBy", "Values": ["prov"]]]]),
            .init("ec2", "describe_subnets", ["Filters": [["Name": "tag:ManagedBy", "Values": ["prov"]]]]),
            .init("secretsmanager", "list_secrets"),
            .init("secretsmanager", "list_secrets", [:], region: "eu-central-1"),
        ])
        #expect((after[0].response?["Vpcs"] as? [Any])?.isEmpty == true)
        #expect((after[1].response?["Subnets"] as? [Any])?.isEmpty == true)
        #expect((after[2].response?["SecretList"] as? [Any])?.isEmpty == true)
        #expect((after[3].response?["SecretList"] as? [Any])?.isEmpty == true)
    }
}
