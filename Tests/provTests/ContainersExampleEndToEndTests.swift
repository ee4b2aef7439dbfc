import Foundation
import Testing
import TestSupport

/// Examples/containers end to end: the design card's families together (VPC networking, ECR
/// and ECS, RDS, Route 53, Secrets Manager). It applies, the next plan is empty, the main
/// objects are checked through boto3, the password is never printed, and destroy leaves
/// nothing behind. The emulator runs without signature checks because its Route 53 refuses
/// signed GET and DELETE requests (see ARCHITECTURE.md, emulator differences).
@Suite(.serialized) struct ContainersExampleEndToEndTests {
    static let password = "example-password-4711"

    @Test func appliesTheApplicationAndDestroysEverything() throws {
        let server = try MotoServer.start(enforceSignatures: false)
        defer { server.stop() }
        var environment = server.environment
        environment["TF_VAR_db_password"] = Self.password
        let prov = ProvProcess(directory: try ProvProcess.workspace(example: "containers"), environment: environment)

        #expect(try prov.run("init").status == 0)
        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: 31 added, 0 changed, 0 destroyed."), "\(apply.stdout.suffix(2000))")
        #expect(!apply.output.contains(Self.password), "the password is never printed")
        let second = try prov.run("plan", "-detailed-exitcode")
        #expect(second.status == 0, "the plan after apply must be empty: \(second.output)")
        #expect(second.stdout.contains("No changes."))
        #expect(!second.stdout.contains("changed outside"), "nothing that matters drifted")

        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
        func output(_ name: String) throws -> Any { try #require(outputs[name]?["value"]) }
        let privateSubnets = try #require(try output("private_subnet_ids") as? [String])
        let secretARN = try #require(try output("db_secret_arn") as? String)
        let zoneID = try #require(try output("zone_id") as? String)
        let database = try #require(try output("db_endpoint") as? [String: Any])

        let answers = try server.oracle([
            .init("ecs", "describe_services", ["cluster": "containers-example", "services": ["app"]]),
            .init("rds", "describe_db_instances", ["DBInstanceIdentifier": "containers-example-db"]),
            .init("secretsmanager", "get_secret_value", ["SecretId": secretARN]),
            .init("route53", "list_resource_record_sets", ["HostedZoneId": zoneID]),
            .init("ecr", "describe_repositories", ["repositoryNames": ["containers-example/app"]]),
            .init("ec2", "describe_network_acls", ["Filters": [["Name": "tag:Name", "Values": ["containers-example-private"]]]]),
        ])

        // The service runs the task on Fargate in the private subnets.
        let service = try #require((answers[0].response?["services"] as? [[String: Any]])?.first)
        #expect(service["desiredCount"] as? Int == 2)
        #expect(service["launchType"] as? String == "FARGATE")
        let network = (service["networkConfiguration"] as? [String: Any])?["awsvpcConfiguration"] as? [String: Any]
        #expect(Set(network?["subnets"] as? [String] ?? []) == Set(privateSubnets))

        // The database is in the private subnets, and its secret and DNS name lead to it.
        let instance = try #require((answers[1].response?["DBInstances"] as? [[String: Any]])?.first)
        let address = try #require((instance["Endpoint"] as? [String: Any])?["Address"] as? String)
        #expect(address == database["address"] as? String)
        let subnetGroup = instance["DBSubnetGroup"] as? [String: Any]
        #expect(Set(((subnetGroup?["Subnets"] as? [[String: Any]]) ?? []).compactMap { $0["SubnetIdentifier"] as? String }) == Set(privateSubnets))
        let secret = try #require(answers[2].response?["SecretString"] as? String)
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(secret.utf8)) as? [String: Any])
        #expect(settings["host"] as? String == "db.app.internal")
        #expect(settings["password"] as? String == Self.password)
        let records = try #require(answers[3].response?["ResourceRecordSets"] as? [[String: Any]])
        let cname = records.first { $0["Type"] as? String == "CNAME" }
        #expect((cname?["ResourceRecords"] as? [[String: Any]])?.first?["Value"] as? String == address)

        #expect((answers[4].response?["repositories"] as? [[String: Any]])?.count == 1)
        let acl = try #require((answers[5].response?["NetworkAcls"] as? [[String: Any]])?.first)
        #expect(Set((acl["Associations"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String }) == Set(privateSubnets))

        try server.startRecording()
        let destroy = try prov.run("destroy", "-auto-approve")
        let calls = try server.stopRecording()
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: 31 destroyed."))
        expectAWSOrder(calls, serviceSubnets: privateSubnets)
        let left = try leftovers(server)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// The emulator deletes in any order; AWS does not. Each pair: every call of the first kind
    /// ends before the first call of the second.
    private func expectAWSOrder(_ calls: [RecordedCall], serviceSubnets: [String]) {
        let before: [(first: String, then: String)] = [
            ("DeleteSubnet", "DeleteVpc"),
            ("DeleteSecurityGroup", "DeleteVpc"),
            ("DetachInternetGateway", "DeleteInternetGateway"),
            ("DetachInternetGateway", "DeleteVpc"),
            ("DisassociateRouteTable", "DeleteRouteTable"),
            ("DeleteVpcEndpoints", "DeleteRouteTable"),
            ("DeleteDBInstance", "DeleteDBSubnetGroup"),
            ("DeleteDBInstance", "DeleteDBParameterGroup"),
            ("DeleteService", "DeleteCluster"),
            ("DeleteLifecyclePolicy", "DeleteRepository"),
        ]
        for (first, then) in before {
            guard let last = calls.lastIndex(of: first), let next = calls.firstIndex(of: then) else {
                Issue.record("\(first) or \(then) was never called: \(calls)")
                continue
            }
            #expect(last < next, "\(first) must end before \(then)")
        }
        // The service's tasks run in the private subnets, so those go after it. The public
        // subnets have nothing to do with the service and may go first.
        let serviceDeleted = calls.lastIndex(of: "DeleteService")
        let serviceSubnetDeleted = serviceSubnets.compactMap { calls.firstIndex(of: "DeleteSubnet", where: "SubnetId", is: $0) }.min()
        #expect(serviceDeleted != nil && serviceSubnetDeleted != nil && serviceDeleted! < serviceSubnetDeleted!, "DeleteService must end before its subnets are deleted: \(calls)")
        // Route 53: the zone's records go before the zone.
        let recordChange = calls.lastIndex { $0.service == "route53" && $0.operation.hasPrefix("POST") && $0.operation.contains("/rrset") }
        let zoneDelete = calls.firstIndex { $0.service == "route53" && $0.operation.hasPrefix("DELETE /2013-04-01/hostedzone/") }
        #expect(recordChange != nil && zoneDelete != nil && recordChange! < zoneDelete!, "records before their zone: \(calls.filter { $0.service == "route53" })")
    }

    /// What is still there after destroy: EC2 objects with the example's tag, and the other
    /// services' objects by the example's names.
    private func leftovers(_ server: MotoServer) throws -> [String] {
        let ec2Kinds: [(operation: String, list: String)] = [
            ("describe_vpcs", "Vpcs"), ("describe_subnets", "Subnets"), ("describe_internet_gateways", "InternetGateways"),
            ("describe_route_tables", "RouteTables"), ("describe_security_groups", "SecurityGroups"),
            ("describe_network_acls", "NetworkAcls"), ("describe_vpc_endpoints", "VpcEndpoints"),
        ]
        let tagged = ["Filters": [["Name": "tag:Project", "Values": ["containers-example"]]]]
        let answers = try server.oracle(ec2Kinds.map { .init("ec2", $0.operation, tagged) } + [
            .init("ecs", "describe_clusters", ["clusters": ["containers-example"]]),
            .init("ecr", "describe_repositories", [:]),
            .init("rds", "describe_db_instances", [:]),
            .init("rds", "describe_db_subnet_groups", [:]),
            .init("secretsmanager", "list_secrets", [:]),
            .init("route53", "list_hosted_zones", [:]),
        ])
        var left: [String] = []
        for (kind, answer) in zip(ec2Kinds, answers) {
            let items = answer.response?[kind.list] as? [[String: Any]] ?? []
            left += items.filter { ($0["State"] as? String)?.lowercased() != "deleted" }.map { "\(kind.list): \($0)" }
        }
        let others = answers.dropFirst(ec2Kinds.count).map { $0.response ?? [:] }
        // A deleted cluster stays visible for a while as INACTIVE, as on AWS.
        left += (others[0]["clusters"] as? [[String: Any]] ?? []).filter { $0["status"] as? String != "INACTIVE" }.compactMap { $0["clusterArn"] as? String }
        left += (others[1]["repositories"] as? [[String: Any]] ?? []).compactMap { $0["repositoryName"] as? String }.filter { $0.hasPrefix("containers-example") }
        left += (others[2]["DBInstances"] as? [[String: Any]] ?? []).compactMap { $0["DBInstanceIdentifier"] as? String }.filter { $0.hasPrefix("containers-example") }
        left += (others[3]["DBSubnetGroups"] as? [[String: Any]] ?? []).compactMap { $0["DBSubnetGroupName"] as? String }.filter { $0.hasPrefix("containers-example") }
        left += (others[4]["SecretList"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }.filter { $0.hasPrefix("containers-example") }
        left += (others[5]["HostedZones"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String }.filter { $0.hasPrefix("app.internal") }
        return left
    }
}
