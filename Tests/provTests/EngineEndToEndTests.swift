import Foundation
import Testing
import TestSupport

/// The engine's behaviours on real AWS APIs (the emulator): update in place, replacement with
/// dependents following, drift, objects deleted by hand, and targeting.
@Suite struct EngineEndToEndTests {
    static func configuration(cidr: String, tag: String) -> String {
        """
        provider "aws" {
          region = "eu-west-1"
        }
        resource "aws_vpc" "main" {
          cidr_block = "\(cidr)"
          tags       = { Name = "\(tag)" }
        }
        resource "aws_subnet" "a" {
          vpc_id     = aws_vpc.main.id
          cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, 1)
        }
        resource "aws_subnet" "b" {
          vpc_id     = aws_vpc.main.id
          cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, 2)
        }
        output "vpc_id" {
          value = aws_vpc.main.id
        }
        output "subnet_ids" {
          value = [aws_subnet.a.id, aws_subnet.b.id]
        }
        """
    }

    struct Workspace {
        let prov: ProvProcess
        let server: MotoServer

        init(cidr: String) throws {
            server = try MotoServer.shared(enforceSignatures: true)
            prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": EngineEndToEndTests.configuration(cidr: cidr, tag: "first")]), environment: server.environment)
        }

        func write(cidr: String, tag: String) throws {
            try EngineEndToEndTests.configuration(cidr: cidr, tag: tag).write(toFile: prov.directory + "/main.tf", atomically: true, encoding: .utf8)
        }

        func outputs() throws -> (vpc: String, subnets: [String]) {
            let json = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
            return (json["vpc_id"]?["value"] as? String ?? "", json["subnet_ids"]?["value"] as? [String] ?? [])
        }

        func vpc(_ id: String) throws -> [String: Any]? {
            (try server.oracle(.init("ec2", "describe_vpcs", ["Filters": [["Name": "vpc-id", "Values": [id]]]])).response?["Vpcs"] as? [[String: Any]])?.first
        }
    }

    @Test func updatesInPlaceKeepTheIdAndReplacementsMoveDependents() throws {
        let workspace = try Workspace(cidr: "10.61.0.0/16")
        let prov = workspace.prov
        #expect(try prov.run("apply", "-auto-approve").status == 0)
        let first = try workspace.outputs()

        try workspace.write(cidr: "10.61.0.0/16", tag: "second")
        let update = try prov.run("plan")
        #expect(update.stdout.contains("# aws_vpc.main will be updated in-place"))
        #expect(update.stdout.contains("\"Name\" = \"first\" -> \"second\""))
        #expect(update.stdout.contains("Plan: 0 to add, 1 to change, 0 to destroy."))
        #expect(try prov.run("apply", "-auto-approve").status == 0)
        #expect(try workspace.outputs().vpc == first.vpc, "an update in place keeps the object")
        #expect(QuickstartEndToEndTests.tags(try workspace.vpc(first.vpc) ?? [:])["Name"] == "second")

        try workspace.write(cidr: "10.62.0.0/16", tag: "second")
        let replace = try prov.run("plan")
        #expect(replace.stdout.contains("# aws_vpc.main must be replaced"))
        #expect(replace.stdout.split(separator: "\n").contains { $0.contains("cidr_block") && $0.contains("# forces replacement") })
        #expect(replace.stdout.contains("# aws_subnet.a must be replaced"))
        #expect(replace.stdout.contains("Plan: 3 to add, 0 to change, 3 to destroy."))
        let applied = try prov.run("apply", "-auto-approve")
        #expect(applied.status == 0, "\(applied.output)")
        let second = try workspace.outputs()
        #expect(second.vpc != first.vpc)
        #expect(Set(second.subnets).isDisjoint(with: first.subnets))
        #expect(try workspace.vpc(first.vpc) == nil, "the old VPC is gone")
        let subnets = try workspace.server.oracle(.init("ec2", "describe_subnets", ["SubnetIds": second.subnets])).response?["Subnets"] as? [[String: Any]] ?? []
        #expect(subnets.allSatisfy { $0["VpcId"] as? String == second.vpc }, "the dependents follow the new VPC")
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }

    @Test func driftIsPlannedBackAndDeletedObjectsAreRecreated() throws {
        let workspace = try Workspace(cidr: "10.63.0.0/16")
        let prov = workspace.prov
        #expect(try prov.run("apply", "-auto-approve").status == 0)
        let created = try workspace.outputs()

        _ = try workspace.server.oracle([
            .init("ec2", "create_tags", ["Resources": [created.vpc], "Tags": [["Key": "Name", "Value": "changed-by-hand"]]]),
            .init("ec2", "delete_subnet", ["SubnetId": created.subnets[1]]),
        ])
        let plan = try prov.run("plan", "-detailed-exitcode")
        #expect(plan.status == 2)
        #expect(plan.stdout.contains("Objects have changed outside of prov"))
        #expect(plan.stdout.contains("# aws_subnet.b has been deleted"))
        #expect(plan.stdout.contains("\"Name\" = \"changed-by-hand\" -> \"first\""))
        #expect(plan.stdout.contains("# aws_subnet.b will be created"))
        #expect(try prov.run("apply", "-auto-approve").status == 0)
        #expect(QuickstartEndToEndTests.tags(try workspace.vpc(created.vpc) ?? [:])["Name"] == "first")
        #expect(try prov.run("plan", "-detailed-exitcode").status == 0)
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }

    @Test func targetingCreatesOnlyTheTargetAndItsDependencies() throws {
        let workspace = try Workspace(cidr: "10.64.0.0/16")
        let prov = workspace.prov
        let targeted = try prov.run("apply", "-auto-approve", "-target=aws_subnet.a")
        #expect(targeted.status == 0, "\(targeted.output)")
        #expect(targeted.stdout.contains("Apply complete! Resources: 2 added"))
        #expect(targeted.stdout.contains("Warning: Resource targeting is in effect"), "warnings go to standard output, as Terraform prints them")
        let rest = try prov.run("plan")
        #expect(rest.stdout.contains("# aws_subnet.b will be created"))
        #expect(rest.stdout.contains("Plan: 1 to add, 0 to change, 0 to destroy."))
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }
}
