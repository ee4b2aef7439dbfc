import Foundation
import Testing
import TestSupport

/// `prov import` of an object made outside prov, and `taint`/`untaint` deciding whether the
/// next plan replaces it.
@Suite struct ImportAndTaintTests {
    @Test func aVPCMadeThroughBoto3IsImportedThenTaintedAndUntainted() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let created = try server.oracle(.init("ec2", "create_vpc", ["CidrBlock": "10.50.0.0/16"]))
        let vpcID = try #require((created.response?["Vpc"] as? [String: Any])?["VpcId"] as? String)
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            variable "cidr" {
              type = string
            }
            resource "aws_vpc" "imported" {
              cidr_block = var.cidr
            }
            """]), environment: server.environment)

        let undeclared = try prov.run("import", "-var", "cidr=10.50.0.0/16", "aws_vpc.elsewhere", vpcID)
        #expect(undeclared.status == 1)
        #expect(undeclared.messages.contains("Configuration for import target does not exist"))

        let imported = try prov.run("import", "-var", "cidr=10.50.0.0/16", "aws_vpc.imported", vpcID)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.stdout.contains("aws_vpc.imported: Importing from ID \"\(vpcID)\"..."))
        #expect(imported.stdout.contains("aws_vpc.imported: Import prepared!\n  Prepared aws_vpc for import"))
        #expect(imported.stdout.contains("aws_vpc.imported: Refreshing state... [id=\(vpcID)]"))
        #expect(imported.stdout.contains("Import successful!"))
        #expect(imported.stdout.contains("will henceforth be managed by prov"))

        let plan = try prov.run("plan", "-var=cidr=10.50.0.0/16", "-detailed-exitcode")
        #expect(plan.status == 0, "the imported VPC matches its configuration: \(plan.output)")
        #expect(plan.stdout.contains("No changes."))

        let again = try prov.run("import", "--var=cidr=10.50.0.0/16", "aws_vpc.imported", vpcID)
        #expect(again.status == 1)
        #expect(again.messages.contains("Resource already managed by prov"))

        let taint = try prov.run("taint", "aws_vpc.imported")
        #expect(taint.status == 0, "\(taint.output)")
        #expect(taint.stdout == "Resource instance aws_vpc.imported has been marked as tainted.\n")
        let replace = try prov.run("plan", "-var=cidr=10.50.0.0/16", "-detailed-exitcode")
        #expect(replace.status == 2, "\(replace.output)")
        #expect(replace.stdout.contains("# aws_vpc.imported is tainted, so must be replaced"))
        #expect(replace.stdout.contains("Plan: 1 to add, 0 to change, 1 to destroy."))
        #expect(try prov.run("state", "list").stdout == "aws_vpc.imported\n")
        let human = try prov.run("state", "show", "aws_vpc.imported")
        #expect(human.stdout.hasPrefix("# aws_vpc.imported: (tainted)\n"))

        let untaint = try prov.run("untaint", "aws_vpc.imported")
        #expect(untaint.stdout == "Resource instance aws_vpc.imported has been successfully untainted.\n")
        #expect(try prov.run("plan", "-var=cidr=10.50.0.0/16", "-detailed-exitcode").status == 0)
        let notTainted = try prov.run("untaint", "aws_vpc.imported")
        #expect(notTainted.status == 1)
        #expect(notTainted.messages.contains("is not currently tainted"))

        let unknown = try prov.run("taint", "aws_vpc.other")
        #expect(unknown.status == 1)
        #expect(unknown.messages.contains("There is no resource instance in the state with the address aws_vpc.other."))
        let allowed = try prov.run("taint", "-allow-missing", "aws_vpc.other")
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("-allow-missing was set"))

        #expect(try prov.run("destroy", "-auto-approve", "-var=cidr=10.50.0.0/16").status == 0)
        let after = try server.oracle(.init("ec2", "describe_vpcs", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]))
        #expect((after.response?["Vpcs"] as? [Any])?.isEmpty == true)
    }
}
