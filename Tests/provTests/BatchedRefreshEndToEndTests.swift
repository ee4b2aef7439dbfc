import Foundation
import Testing
import TestSupport

/// A refresh of many objects of several types reads each batched type with one Describe call
/// (not one per object), falls back to one read per object for types without batches, and
/// still finds what changed outside: an attribute changed and an object deleted.
@Suite(.serialized) struct BatchedRefreshEndToEndTests {
    static let perType = 6
    static let secrets = 2

    static let configuration = """
        provider "aws" {
          region = "eu-west-1"
        }

        resource "aws_vpc" "main" {
          cidr_block = "10.40.0.0/16"
        }

        resource "aws_subnet" "s" {
          count      = \(perType)
          vpc_id     = aws_vpc.main.id
          cidr_block = cidrsubnet("10.40.0.0/16", 8, count.index)
          tags       = { Name = "batch-${count.index}" }
        }

        resource "aws_security_group" "g" {
          count  = \(perType)
          name   = "batch-${count.index}"
          vpc_id = aws_vpc.main.id
        }

        resource "aws_route_table" "r" {
          count  = \(perType)
          vpc_id = aws_vpc.main.id
        }

        resource "aws_secretsmanager_secret" "k" {
          count                   = \(secrets)
          name                    = "batch-refresh-${count.index}"
          recovery_window_in_days = 0
        }

        output "subnet_ids" { value = aws_subnet.s[*].id }
        output "route_table_ids" { value = aws_route_table.r[*].id }
        """

    @Test func readsEachBatchedTypeInOneCallAndFindsWhatChanged() throws {
        let server = try MotoServer.start(enforceSignatures: false)
        defer { server.stop() }
        let prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": Self.configuration]), environment: server.environment)
        #expect(try prov.run("init").status == 0)
        let apply = try prov.run("apply", "-auto-approve")
        try #require(apply.status == 0, "\(apply.output)")

        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as? [String: [String: Any]] ?? [:]
        let subnets = try #require(outputs["subnet_ids"]?["value"] as? [String])
        let tables = try #require(outputs["route_table_ids"]?["value"] as? [String])
        let changed = try server.oracle([
            .init("ec2", "modify_subnet_attribute", ["SubnetId": subnets[1], "MapPublicIpOnLaunch": ["Value": true]]),
            .init("ec2", "delete_route_table", ["RouteTableId": tables[2]]),
        ])
        for answer in changed { #expect(answer.response != nil, "the change made outside failed: \(answer)") }

        try server.startRecording()
        let plan = try prov.run("plan", "-detailed-exitcode")
        let calls = try server.stopRecording()
        #expect(plan.status == 2, "\(plan.output)")
        #expect(plan.stdout.contains("aws_subnet.s[1] will be updated in-place"), "\(plan.stdout)")
        #expect(plan.stdout.contains("aws_route_table.r[2] will be created"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 1 to add, 1 to change, 0 to destroy."), "\(plan.stdout)")

        func count(_ operation: String) -> Int { calls.filter { $0.operation == operation }.count }
        func filtered(_ operation: String, by filter: String) -> [RecordedCall] {
            calls.filter { $0.operation == operation && $0.parameters["Filter.1.Name"] == filter }
        }
        #expect(count("DescribeSubnets") == 1, "one call for every subnet: \(calls)")
        let subnetCall = try #require(filtered("DescribeSubnets", by: "subnet-id").first)
        let asked = Set(subnetCall.parameters.filter { $0.key.hasPrefix("Filter.1.Value.") }.values)
        #expect(asked == Set(subnets), "the one call asks for every subnet in state")
        #expect(filtered("DescribeSecurityGroups", by: "group-id").count == 1, "\(calls)")
        #expect(filtered("DescribeRouteTables", by: "route-table-id").count == 1, "\(calls)")
        #expect(count("DescribeVpcs") == 1)
        #expect(count("DescribeSecret") == Self.secrets, "secrets have no batch: one read each")
        #expect(count("GetResourcePolicy") == Self.secrets)
        let objects = 1 + 3 * Self.perType + Self.secrets
        #expect(calls.count < objects, "fewer calls (\(calls.count)) than objects (\(objects)): \(calls)")

        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }
}
