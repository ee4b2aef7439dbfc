import Foundation
import Testing
import TestSupport

/// `prov state list/show/mv/rm` against objects made in the emulator.
@Suite struct StateCommandTests {
    static func configuration(cidr: String, subnetName: String = "a") -> String {
        """
        provider "aws" {
          region = "eu-west-1"
        }
        resource "aws_vpc" "main" {
          cidr_block = "\(cidr)"
        }
        resource "aws_subnet" "\(subnetName)" {
          count      = 2
          vpc_id     = aws_vpc.main.id
          cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
        }
        """
    }

    @Test func listShowMoveAndRemoveWorkOnTheStateAlone() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let directory = try ProvProcess.workspace(files: ["main.tf": Self.configuration(cidr: "10.164.0.0/16")])
        let prov = ProvProcess(directory: directory, environment: server.environment)

        let noState = try prov.run("state", "list")
        #expect(noState.status == 1)
        #expect(noState.messages.contains("No state file was found!"))

        #expect(try prov.run("apply", "-auto-approve").status == 0)
        #expect(try prov.run("state", "list").stdout == "aws_subnet.a[0]\naws_subnet.a[1]\naws_vpc.main\n")
        #expect(try prov.run("state", "list", "aws_subnet.a").stdout == "aws_subnet.a[0]\naws_subnet.a[1]\n")
        let unknown = try prov.run("state", "list", "aws_subnet.zzz")
        #expect(unknown.status == 1)
        #expect(unknown.messages.contains("The current state contains no resource aws_subnet.zzz."))

        let show = try prov.run("state", "show", "aws_subnet.a[1]")
        #expect(show.status == 0, "\(show.output)")
        #expect(show.stdout.hasPrefix("# aws_subnet.a[1]:\nresource \"aws_subnet\" \"a\" {\n"))
        #expect(show.stdout.contains("cidr_block") && show.stdout.contains("\"10.164.1.0/24\""))
        let missing = try prov.run("state", "show", "aws_subnet.a[7]")
        #expect(missing.status == 1)
        #expect(missing.messages.contains("No instance found for the given address!"))

        // mv: a dry run changes nothing; the real move renames every instance, and a
        // configuration renamed the same way plans nothing.
        let dryRun = try prov.run("state", "mv", "--dry-run", "aws_subnet.a", "aws_subnet.b")
        #expect(dryRun.stdout == "Would move \"aws_subnet.a\" to \"aws_subnet.b\"\n")
        #expect(try prov.run("state", "list", "aws_subnet.a").status == 0)
        let move = try prov.run("state", "mv", "aws_subnet.a", "aws_subnet.b")
        #expect(move.status == 0, "\(move.output)")
        #expect(move.stdout == "Move \"aws_subnet.a\" to \"aws_subnet.b\"\nSuccessfully moved 1 object(s).\n")
        try Self.configuration(cidr: "10.164.0.0/16", subnetName: "b").write(toFile: directory + "/main.tf", atomically: true, encoding: .utf8)
        let plan = try prov.run("plan", "-detailed-exitcode")
        #expect(plan.status == 0, "the moved objects match the renamed configuration: \(plan.output)")
        let occupied = try prov.run("state", "mv", "aws_subnet.b[0]", "aws_subnet.b[1]")
        #expect(occupied.status == 1)
        #expect(occupied.messages.contains("there is already a resource instance at that address"))

        // rm: forgets the instance; the subnet itself still exists.
        let subnetID = try #require(try Self.attribute("id", of: "aws_subnet.b[1]", prov: prov))
        #expect(try prov.run("state", "rm", "-dry-run", "aws_subnet.b[1]").stdout == "Would remove aws_subnet.b[1]\n")
        let remove = try prov.run("state", "rm", "aws_subnet.b[1]")
        #expect(remove.status == 0, "\(remove.output)")
        #expect(remove.stdout == "Removed aws_subnet.b[1]\nSuccessfully removed 1 resource instance(s).\n")
        #expect(try prov.run("state", "list").stdout == "aws_subnet.b[0]\naws_vpc.main\n")
        let described = try server.oracle(.init("ec2", "describe_subnets", ["SubnetIds": [subnetID]]))
        #expect((described.response?["Subnets"] as? [Any])?.count == 1, "state rm does not delete the remote object")
        let nothing = try prov.run("state", "rm", "aws_subnet.b[1]")
        #expect(nothing.status == 1)
        #expect(nothing.messages.contains("No matching objects found."))

        // Clean up: the forgotten subnet by hand, the rest through prov.
        _ = try server.oracle(.init("ec2", "delete_subnet", ["SubnetId": subnetID]))
        try "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n".write(toFile: directory + "/main.tf", atomically: true, encoding: .utf8)
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }

    /// An attribute of an instance, read from `show -json`.
    static func attribute(_ name: String, of address: String, prov: ProvProcess) throws -> String? {
        let json = try JSONOutput.object(try prov.run("show", "-json").stdout)
        let resources = json.at("values", "root_module", "resources") as? [[String: Any]] ?? []
        return (resources.first { $0["address"] as? String == address }?["values"] as? [String: Any])?[name] as? String
    }
}
