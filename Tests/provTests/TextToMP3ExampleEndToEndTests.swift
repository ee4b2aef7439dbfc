import Foundation
import Testing
import TestSupport

/// Examples/texttomp3 end to end: seed 002's architecture (a six-subnet VPC with NAT gateways
/// and network ACLs, ECS on EC2 instances from a launch template and auto scaling group behind
/// an ALB, RDS PostgreSQL with a read replica, S3, the Polly Lambda, a bastion and a public
/// Route 53 zone). It applies, the next plan is empty, the main objects are checked through
/// boto3, destroy runs in the order AWS requires and leaves nothing behind.
///
/// The emulator runs without signature checks because its Route 53 and Lambda refuse signed
/// GET and DELETE requests, knows AWS's managed policies (the example attaches three), and
/// runs Lambda without Docker (see ARCHITECTURE.md, emulator differences).
@Suite(.serialized) struct TextToMP3ExampleEndToEndTests {
    static let password = "example-password-4711"
    static let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPEm3gzotPCCtFYCn+o5Duc9joyb7z8ZWyv3buchr5Uk texttomp3-example"
    static let resourceCount = 64

    @Test func appliesTheApplicationAndDestroysEverything() throws {
        let server = try MotoServer.start(enforceSignatures: false, awsManagedPolicies: true)
        defer { server.stop() }
        try SecretRotationLifecycleTests.runLambdaWithoutDocker(server)
        var environment = server.environment
        environment["TF_VAR_db_password"] = Self.password
        environment["TF_VAR_ssh_public_key"] = Self.publicKey
        let directory = try ProvProcess.workspace(example: "texttomp3")
        let prov = ProvProcess(directory: directory, environment: environment)

        #expect(try prov.run("init").status == 0)
        let applyStarted = ContinuousClock.now
        let apply = try prov.run("apply", "-auto-approve")
        print("texttomp3: apply took \(ContinuousClock.now - applyStarted)")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: \(Self.resourceCount) added, 0 changed, 0 destroyed."), "\(apply.stdout.suffix(2000))")
        #expect(!apply.output.contains(Self.password), "the password is never printed")
        let second = try prov.run("plan", "-detailed-exitcode")
        #expect(second.status == 0, "the plan after apply must be empty: \(second.output)")
        #expect(second.stdout.contains("No changes."))
        #expect(!second.stdout.contains("changed outside"), "nothing that matters drifted")

        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
        func output(_ name: String) throws -> Any { try #require(outputs[name]?["value"]) }
        let subnets = try #require(try output("subnet_ids") as? [String: [String]])
        let vpcID = try #require(try output("vpc_id") as? String)
        let zoneID = try #require(try output("zone_id") as? String)
        let secretARN = try #require(try output("db_secret_arn") as? String)
        let buckets = try #require(try output("buckets") as? [String: String])
        let loadBalancerName = try #require(try output("load_balancer_dns_name") as? String)
        let order = try checkObjects(server, vpcID: vpcID, subnets: subnets, zoneID: zoneID, secretARN: secretARN, buckets: buckets, loadBalancerName: loadBalancerName)

        try server.startRecording()
        let destroyStarted = ContinuousClock.now
        let destroy = try prov.run("destroy", "-auto-approve")
        print("texttomp3: destroy took \(ContinuousClock.now - destroyStarted)")
        let calls = try server.stopRecording()
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: \(Self.resourceCount) destroyed."), "\(destroy.stdout.suffix(2000))")
        order.expect(calls)
        let left = try leftovers(server, vpcID: vpcID)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    static func oracle(_ service: String, _ operation: String, _ params: [String: Any] = [:]) -> MotoServer.OracleCall {
        .init(service, operation, params, region: "us-east-1")
    }

    /// The main objects as boto3 sees them, in one batch; returns the rules of their deletion
    /// order.
    private func checkObjects(_ server: MotoServer, vpcID: String, subnets: [String: [String]], zoneID: String, secretARN: String, buckets: [String: String], loadBalancerName: String) throws -> TextToMP3DestroyOrder {
        let inVPC = ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]
        let answers = try server.oracle([
            Self.oracle("ec2", "describe_subnets", inVPC),
            Self.oracle("ec2", "describe_nat_gateways", ["Filter": [["Name": "vpc-id", "Values": [vpcID]]]]),
            Self.oracle("ec2", "describe_network_acls", ["Filters": [["Name": "vpc-id", "Values": [vpcID]], ["Name": "default", "Values": ["false"]]]]),
            Self.oracle("ecs", "describe_services", ["cluster": "texttomp3", "services": ["app"]]),
            Self.oracle("autoscaling", "describe_auto_scaling_groups", ["AutoScalingGroupNames": ["texttomp3-ecs"]]),
            Self.oracle("ec2", "describe_launch_template_versions", ["LaunchTemplateName": "texttomp3-ecs", "Versions": ["$Latest"]]),
            Self.oracle("rds", "describe_db_instances", ["DBInstanceIdentifier": "texttomp3-db"]),
            Self.oracle("rds", "describe_db_instances", ["DBInstanceIdentifier": "texttomp3-db-replica"]),
            Self.oracle("secretsmanager", "get_secret_value", ["SecretId": secretARN]),
            Self.oracle("route53", "list_resource_record_sets", ["HostedZoneId": zoneID]),
            Self.oracle("elbv2", "describe_target_groups", ["Names": ["texttomp3-app"]]),
            Self.oracle("lambda", "get_function", ["FunctionName": "texttomp3-polly"]),
            Self.oracle("s3", "get_public_access_block", ["Bucket": buckets["audio"] ?? ""]),
            Self.oracle("iam", "list_attached_role_policies", ["RoleName": "texttomp3-ecs-instance"]),
            Self.oracle("ec2", "describe_instances", ["Filters": [["Name": "tag:Name", "Values": ["texttomp3-bastion"]]]]),
            Self.oracle("ecs", "describe_task_definition", ["taskDefinition": "texttomp3-migrate"]),
            Self.oracle("ec2", "describe_route_tables", inVPC),
            Self.oracle("ec2", "describe_security_groups", inVPC),
        ])
        func response(_ i: Int) -> [String: Any] { answers[i].response ?? [:] }

        // Six /24 subnets, three in each zone; a NAT gateway in each public subnet; the
        // private ACL on the four private subnets, with the application and database ports.
        let subnetList = response(0)["Subnets"] as? [[String: Any]] ?? []
        #expect(Set(subnetList.compactMap { $0["CidrBlock"] as? String }) == Set((1...6).map { "172.2.\($0).0/24" }))
        #expect(subnetList.filter { $0["AvailabilityZone"] as? String == "us-east-1e" }.count == 3)
        let natGateways = (response(1)["NatGateways"] as? [[String: Any]] ?? []).filter { $0["State"] as? String != "deleted" }
        #expect(Set(natGateways.compactMap { $0["SubnetId"] as? String }) == Set(subnets["public"] ?? []))
        let acls = response(2)["NetworkAcls"] as? [[String: Any]] ?? []
        let privateACL = acls.first { ($0["Associations"] as? [[String: Any]] ?? []).count == 4 }
        #expect(Set((privateACL?["Associations"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String }) == Set((subnets["app"] ?? []) + (subnets["db"] ?? [])))
        let inboundPorts = Set((privateACL?["Entries"] as? [[String: Any]] ?? []).filter { $0["Egress"] as? Bool == false }.compactMap { ($0["PortRange"] as? [String: Any])?["From"] as? Int })
        #expect(inboundPorts.isSuperset(of: [22, 80, 443, 5000, 5432]), "\(inboundPorts)")

        // The service runs on EC2 behind the load balancer's target group; the container
        // instances come from the launch template, join the cluster and sit in the app subnets.
        let service = try #require((response(3)["services"] as? [[String: Any]])?.first)
        let targetGroup = try #require((response(10)["TargetGroups"] as? [[String: Any]])?.first)
        #expect(service["launchType"] as? String == "EC2")
        #expect(service["desiredCount"] as? Int == 2)
        let balancer = (service["loadBalancers"] as? [[String: Any]])?.first
        #expect(balancer?["targetGroupArn"] as? String == targetGroup["TargetGroupArn"] as? String)
        #expect(balancer?["containerPort"] as? Int == 5000)
        #expect((targetGroup["LoadBalancerArns"] as? [String])?.count == 1, "the listener attaches the target group to the load balancer")
        let group = try #require((response(4)["AutoScalingGroups"] as? [[String: Any]])?.first)
        #expect(Set((group["VPCZoneIdentifier"] as? String ?? "").split(separator: ",").map(String.init)) == Set(subnets["app"] ?? []))
        #expect((group["LaunchTemplate"] as? [String: Any])?["LaunchTemplateName"] as? String == "texttomp3-ecs")
        #expect((group["Instances"] as? [[String: Any]])?.count == 2)
        let template = ((response(5)["LaunchTemplateVersions"] as? [[String: Any]])?.first?["LaunchTemplateData"] as? [String: Any]) ?? [:]
        let userData = String(decoding: Data(base64Encoded: template["UserData"] as? String ?? "") ?? Data(), as: UTF8.self)
        #expect(userData.contains("ECS_CLUSTER=texttomp3"), "\(userData)")
        #expect(((template["IamInstanceProfile"] as? [String: Any])?["Arn"] as? String)?.hasSuffix(":instance-profile/texttomp3-ecs-instance") == true)
        #expect((response(13)["AttachedPolicies"] as? [[String: Any]])?.first?["PolicyName"] as? String == "AmazonEC2ContainerServiceforEC2Role")
        let migrate = (response(15)["taskDefinition"] as? [String: Any])?["containerDefinitions"] as? [[String: Any]]
        #expect(migrate?.first?["command"] as? [String] == ["flask", "db", "upgrade"])
        #expect(((migrate?.first?["logConfiguration"] as? [String: Any])?["options"] as? [String: String])?["awslogs-group"] == "/ecs/texttomp3")

        // The database in the first zone, its replica in the second, and the secret leading
        // to both.
        let primary = try #require((response(6)["DBInstances"] as? [[String: Any]])?.first)
        let replica = try #require((response(7)["DBInstances"] as? [[String: Any]])?.first)
        #expect(primary["AvailabilityZone"] as? String == "us-east-1a")
        #expect(replica["AvailabilityZone"] as? String == "us-east-1e")
        #expect(replica["ReadReplicaSourceDBInstanceIdentifier"] as? String == "texttomp3-db")
        let secret = try #require(response(8)["SecretString"] as? String)
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(secret.utf8)) as? [String: Any])
        #expect(settings["host"] as? String == (primary["Endpoint"] as? [String: Any])?["Address"] as? String)
        #expect(settings["reader_host"] as? String == (replica["Endpoint"] as? [String: Any])?["Address"] as? String)
        #expect(settings["password"] as? String == Self.password)

        // The domain's apex is an alias of the load balancer.
        let records = response(9)["ResourceRecordSets"] as? [[String: Any]] ?? []
        let apex = records.first { $0["Type"] as? String == "A" }
        #expect(((apex?["AliasTarget"] as? [String: Any])?["DNSName"] as? String)?.hasPrefix(loadBalancerName) == true, "\(records)")

        // The Polly function writes to the audio bucket, which is private.
        let function = response(11)["Configuration"] as? [String: Any]
        #expect((function?["Environment"] as? [String: Any])?["Variables"] as? [String: String] == ["AUDIO_BUCKET": buckets["audio"] ?? ""])
        #expect((function?["Role"] as? String)?.hasSuffix(":role/texttomp3-polly") == true)
        let block = response(12)["PublicAccessBlockConfiguration"] as? [String: Bool]
        #expect(block == ["BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true])

        // The bastion: in the first public subnet, with the key pair.
        let bastion = ((response(14)["Reservations"] as? [[String: Any]])?.first?["Instances"] as? [[String: Any]])?.first
        #expect(bastion?["SubnetId"] as? String == subnets["public"]?.first)
        #expect(bastion?["KeyName"] as? String == "texttomp3")

        let routeTables = (response(16)["RouteTables"] as? [[String: Any]] ?? []).filter { $0["VpcId"] as? String == vpcID }
        let groups = response(17)["SecurityGroups"] as? [[String: Any]] ?? []
        return TextToMP3DestroyOrder(
            subnets: subnets,
            natGateways: natGateways.map { gateway in
                TextToMP3DestroyOrder.NATGateway(
                    id: gateway["NatGatewayId"] as? String ?? "?", subnet: gateway["SubnetId"] as? String ?? "?",
                    allocation: (gateway["NatGatewayAddresses"] as? [[String: Any]])?.first?["AllocationId"] as? String ?? "?")
            },
            routeTables: Dictionary(uniqueKeysWithValues: routeTables.map { table in
                (table["RouteTableId"] as? String ?? "?", (table["Associations"] as? [[String: Any]] ?? []).filter { $0["Main"] as? Bool != true }.compactMap { $0["RouteTableAssociationId"] as? String })
            }),
            securityGroups: Dictionary(groups.map { ($0["GroupName"] as? String ?? "?", $0["GroupId"] as? String ?? "?") }) { first, _ in first })
    }

    /// What is still there after destroy: EC2 objects with the example's tag or in its VPC, and
    /// the other services' objects by the example's names.
    private func leftovers(_ server: MotoServer, vpcID: String) throws -> [String] {
        let tagged = ["Filters": [["Name": "tag:Project", "Values": ["texttomp3"]]]]
        let ec2Kinds: [(operation: String, list: String, params: [String: Any])] = [
            ("describe_vpcs", "Vpcs", tagged), ("describe_subnets", "Subnets", tagged),
            ("describe_internet_gateways", "InternetGateways", tagged), ("describe_route_tables", "RouteTables", tagged),
            ("describe_security_groups", "SecurityGroups", tagged), ("describe_network_acls", "NetworkAcls", tagged),
            ("describe_nat_gateways", "NatGateways", ["Filter": [["Name": "vpc-id", "Values": [vpcID]]]]),
            ("describe_addresses", "Addresses", tagged), ("describe_launch_templates", "LaunchTemplates", tagged),
            ("describe_key_pairs", "KeyPairs", tagged),
        ]
        let answers = try server.oracle(ec2Kinds.map { Self.oracle("ec2", $0.operation, $0.params) } + [
            Self.oracle("ec2", "describe_instances", ["Filters": [["Name": "vpc-id", "Values": [vpcID]]]]),
            // A deleted cluster stays listed, INACTIVE, as in AWS for a while.
            Self.oracle("ecs", "describe_clusters", ["clusters": ["texttomp3"]]),
            Self.oracle("ecr", "describe_repositories"),
            Self.oracle("rds", "describe_db_instances"),
            Self.oracle("rds", "describe_db_subnet_groups"),
            Self.oracle("secretsmanager", "list_secrets"),
            Self.oracle("route53", "list_hosted_zones"),
            Self.oracle("lambda", "list_functions"),
            Self.oracle("s3", "list_buckets"),
            Self.oracle("iam", "list_roles"),
            Self.oracle("iam", "list_instance_profiles"),
            Self.oracle("logs", "describe_log_groups"),
            Self.oracle("autoscaling", "describe_auto_scaling_groups"),
            Self.oracle("elbv2", "describe_load_balancers"),
            Self.oracle("elbv2", "describe_target_groups"),
        ])
        var left: [String] = []
        for (kind, answer) in zip(ec2Kinds, answers) {
            let items = answer.response?[kind.list] as? [[String: Any]] ?? []
            left += items.filter { ($0["State"] as? String)?.lowercased() != "deleted" }.map { "\(kind.list): \($0)" }
        }
        let others = answers.dropFirst(ec2Kinds.count).map { $0.response ?? [:] }
        func named(_ answer: [String: Any], _ list: String, _ key: String) -> [String] {
            (answer[list] as? [[String: Any]] ?? []).compactMap { $0[key] as? String }.filter { $0.contains("texttomp3") || $0.hasPrefix("slangz.com") }
        }
        let instances = (others[0]["Reservations"] as? [[String: Any]] ?? []).flatMap { $0["Instances"] as? [[String: Any]] ?? [] }
        left += instances.filter { ($0["State"] as? [String: Any])?["Name"] as? String != "terminated" }.compactMap { $0["InstanceId"] as? String }
        left += (others[1]["clusters"] as? [[String: Any]] ?? []).filter { $0["status"] as? String != "INACTIVE" }.compactMap { $0["clusterArn"] as? String }
        left += named(others[2], "repositories", "repositoryName")
        left += named(others[3], "DBInstances", "DBInstanceIdentifier")
        left += named(others[4], "DBSubnetGroups", "DBSubnetGroupName")
        left += named(others[5], "SecretList", "Name")
        left += named(others[6], "HostedZones", "Name")
        left += named(others[7], "Functions", "FunctionName")
        left += named(others[8], "Buckets", "Name")
        left += named(others[9], "Roles", "RoleName")
        left += named(others[10], "InstanceProfiles", "InstanceProfileName")
        left += named(others[11], "logGroups", "logGroupName")
        left += named(others[12], "AutoScalingGroups", "AutoScalingGroupName")
        left += named(others[13], "LoadBalancers", "LoadBalancerName")
        left += named(others[14], "TargetGroups", "TargetGroupName")
        return left
    }
}
