import Foundation
import Testing
import TestSupport

/// Examples/cloudy end to end: seed 000's architecture (a two-zone network with a NAT instance
/// and a bastion, an auto-scaled web tier behind a load balancer with CPU alarms, database
/// servers on EFS, a scheduled fail-over function, the credentials in Secrets Manager). It
/// applies, the next plan is empty, the main objects are checked through boto3, the password
/// is never printed, destroy deletes in the order AWS requires and leaves nothing behind.
///
/// The emulator runs without signature checks because its Lambda and EFS refuse signed GET and
/// DELETE requests (see ARCHITECTURE.md, emulator differences), and with AWS's managed IAM
/// policies, which the fail-over function's role attaches.
@Suite(.serialized) struct CloudyExampleEndToEndTests {
    static let password = "example-password-4711"
    static let adminCIDR = "198.51.100.7/32"
    static let publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBc9Fh8u3R0QfL4i1nW2gk4l0vQk0b1Yk0J1r1y7j8sT admin@example.com"
    static let resources = 53

    @Test func appliesTheArchitectureAndDestroysEverything() throws {
        try expectPackageHoldsItsSource()
        let server = try MotoServer.start(enforceSignatures: false, awsManagedPolicies: true)
        defer { server.stop() }
        try SecretRotationLifecycleTests.runLambdaWithoutDocker(server)
        var environment = server.environment
        environment["TF_VAR_db_password"] = Self.password
        environment["TF_VAR_admin_cidr_blocks"] = "[\"\(Self.adminCIDR)\"]"
        environment["TF_VAR_ssh_public_key"] = Self.publicKey
        let prov = ProvProcess(directory: try ProvProcess.workspace(example: "cloudy"), environment: environment)

        #expect(try prov.run("init").status == 0)
        let clock = ContinuousClock()
        let applyStart = clock.now
        let apply = try prov.run("apply", "-auto-approve")
        print("cloudy example: apply took \(clock.now - applyStart)")
        #expect(apply.status == 0, "\(apply.output)")
        #expect(apply.stdout.contains("Apply complete! Resources: \(Self.resources) added, 0 changed, 0 destroyed."), "\(apply.stdout.suffix(2000))")
        #expect(!apply.output.contains(Self.password), "the password is never printed")
        let second = try prov.run("plan", "-detailed-exitcode")
        #expect(second.status == 0, "the plan after apply must be empty: \(second.output)")
        #expect(second.stdout.contains("No changes."))
        #expect(!second.stdout.contains("changed outside"), "nothing that matters drifted")

        let outputs = try JSONSerialization.jsonObject(with: Data(try prov.run("output", "-json").stdout.utf8)) as! [String: [String: Any]]
        func output(_ name: String) throws -> Any { try #require(outputs[name]?["value"]) }
        let deployed = Deployed(
            publicSubnets: try #require(try output("public_subnet_ids") as? [String]),
            privateSubnets: try #require(try output("private_subnet_ids") as? [String]),
            natInstance: try #require(try output("nat_instance_id") as? String),
            fileSystem: try #require(try output("database_file_system_id") as? String),
            secretARN: try #require(try output("database_secret_arn") as? String),
            image: try #require(try output("ami_id") as? String),
            bastionAddress: try #require(try output("bastion_public_ip") as? String))

        let objects = try checkTheArchitecture(server, deployed)

        try server.startRecording()
        let destroyStart = clock.now
        let destroy = try prov.run("destroy", "-auto-approve")
        print("cloudy example: destroy took \(clock.now - destroyStart)")
        let calls = try server.stopRecording()
        #expect(destroy.status == 0, "\(destroy.output)")
        #expect(destroy.stdout.contains("Destroy complete! Resources: \(Self.resources) destroyed."))
        expectAWSOrder(calls, deployed, objects)
        let left = try leftovers(server)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// What the outputs say was deployed.
    struct Deployed {
        var publicSubnets: [String]
        var privateSubnets: [String]
        var natInstance: String
        var fileSystem: String
        var secretARN: String
        var image: String
        var bastionAddress: String
    }

    /// Objects found through boto3 that the destroy order is checked against.
    struct Objects {
        var groups: [String: String] = [:]  // security group name → id
        var bastion = ""
        var routeTables: [String: [String]] = [:]  // route table id → its association ids
        var launchConfigurations: [String: String] = [:]  // auto scaling group → its launch configuration
    }

    /// The committed deployment package must hold the committed source: the zip stores it
    /// uncompressed, so the bytes appear as they are.
    private func expectPackageHoldsItsSource() throws {
        let example = TestSupportFiles.repositoryRoot + "/Examples/cloudy/"
        let package = try Data(contentsOf: URL(fileURLWithPath: example + "failover.zip"))
        let source = try Data(contentsOf: URL(fileURLWithPath: example + "failover/index.py"))
        #expect(package.range(of: source) != nil, "failover.zip is out of date: rebuild it from failover/index.py (README.md)")
    }

    private func checkTheArchitecture(_ server: MotoServer, _ deployed: Deployed) throws -> Objects {
        let tagged = ["Filters": [["Name": "tag:Project", "Values": ["cloudy"]]]]
        let answers = try server.oracle([
            .init("ec2", "describe_instances", ["Filters": [["Name": "tag:Project", "Values": ["cloudy"]], ["Name": "instance-state-name", "Values": ["running"]]]]),
            .init("ec2", "describe_route_tables", tagged),
            .init("ec2", "describe_security_groups", tagged),
            .init("autoscaling", "describe_auto_scaling_groups", ["AutoScalingGroupNames": ["cloudy-web", "cloudy-database"]]),
            .init("autoscaling", "describe_policies", ["AutoScalingGroupName": "cloudy-web"]),
            .init("cloudwatch", "describe_alarms", ["AlarmNamePrefix": "cloudy-web-cpu-"]),
            .init("elbv2", "describe_load_balancers", ["Names": ["cloudy-web"]]),
            .init("elbv2", "describe_target_groups", ["Names": ["cloudy-web"]]),
            .init("efs", "describe_mount_targets", ["FileSystemId": deployed.fileSystem]),
            .init("lambda", "get_function", ["FunctionName": "cloudy-database-failover"]),
            .init("lambda", "get_policy", ["FunctionName": "cloudy-database-failover"]),
            .init("events", "describe_rule", ["Name": "cloudy-database-failover"]),
            .init("events", "list_targets_by_rule", ["Rule": "cloudy-database-failover"]),
            .init("iam", "list_attached_role_policies", ["RoleName": "cloudy-database-failover"]),
            .init("iam", "get_instance_profile", ["InstanceProfileName": "cloudy-web"]),
            .init("secretsmanager", "get_secret_value", ["SecretId": deployed.secretARN]),
        ])
        var objects = Objects()

        // The NAT instance forwards others' packets and the private subnets route through its
        // interface; the bastion is reachable at the output's address. Both run the image found.
        let instances = (answers[0].response?["Reservations"] as? [[String: Any]] ?? []).flatMap { $0["Instances"] as? [[String: Any]] ?? [] }
        let nat = try #require(instances.first { $0["InstanceId"] as? String == deployed.natInstance })
        let bastion = try #require(instances.first { $0["PublicIpAddress"] as? String == deployed.bastionAddress })
        objects.bastion = try #require(bastion["InstanceId"] as? String)
        #expect(nat["SourceDestCheck"] as? Bool == false)
        #expect(bastion["SourceDestCheck"] as? Bool == true)
        for instance in [nat, bastion] {
            #expect(instance["SubnetId"] as? String == deployed.publicSubnets[0])
            #expect(instance["ImageId"] as? String == deployed.image)
            #expect(instance["KeyName"] as? String == "cloudy-admin")
        }
        let natInterface = ((nat["NetworkInterfaces"] as? [[String: Any]])?.first)?["NetworkInterfaceId"] as? String
        let tables = try #require(answers[1].response?["RouteTables"] as? [[String: Any]])
        for table in tables {
            let id = try #require(table["RouteTableId"] as? String)
            objects.routeTables[id] = (table["Associations"] as? [[String: Any]] ?? []).filter { $0["Main"] as? Bool != true }.compactMap { $0["RouteTableAssociationId"] as? String }
            let tags = Dictionary(uniqueKeysWithValues: (table["Tags"] as? [[String: String]] ?? []).map { ($0["Key"] ?? "", $0["Value"] ?? "") })
            let internet = (table["Routes"] as? [[String: Any]] ?? []).first { $0["DestinationCidrBlock"] as? String == "0.0.0.0/0" }
            if tags["Name"] == "cloudy private" {
                #expect(internet?["NetworkInterfaceId"] as? String == natInterface, "the private subnets reach the internet through the NAT instance")
            } else {
                #expect(tags["database"] == "true", "the fail-over function finds the public route table by its tag")
                #expect((internet?["GatewayId"] as? String)?.hasPrefix("igw-") == true)
            }
        }
        #expect(objects.routeTables.values.map(\.count).sorted() == [2, 2])

        // Each group lets in what the seed's report lists, from the group it names.
        let groups = try #require(answers[2].response?["SecurityGroups"] as? [[String: Any]])
        for group in groups { objects.groups[group["GroupName"] as? String ?? ""] = group["GroupId"] as? String }
        let names = Dictionary(uniqueKeysWithValues: objects.groups.map { ($0.value, $0.key) })
        var allowed: [String: Set<String>] = [:]
        for group in groups {
            for permission in group["IpPermissions"] as? [[String: Any]] ?? [] {
                let port = permission["FromPort"] as? Int ?? -1
                let sources = (permission["UserIdGroupPairs"] as? [[String: Any]] ?? []).compactMap { names[$0["GroupId"] as? String ?? ""] }
                    + (permission["IpRanges"] as? [[String: Any]] ?? []).compactMap { $0["CidrIp"] as? String }
                allowed[group["GroupName"] as? String ?? "", default: []].formUnion(sources.map { "\(port) from \($0)" })
            }
        }
        #expect(allowed == [
            "cloudy-bastion": ["22 from \(Self.adminCIDR)"],
            "cloudy-load-balancer": ["8080 from 0.0.0.0/0"],
            "cloudy-web": ["8080 from cloudy-load-balancer", "22 from cloudy-bastion"],
            "cloudy-database": ["5432 from cloudy-web", "22 from cloudy-bastion"],
            "cloudy-database-efs": ["2049 from cloudy-database"],
            "cloudy-nat": ["80 from cloudy-database", "443 from cloudy-database"],
        ])

        // The web servers in the public subnets behind the load balancer, the database
        // servers in the private ones, each group on its own launch configuration.
        let scalingGroups = try #require(answers[3].response?["AutoScalingGroups"] as? [[String: Any]])
        let web = try #require(scalingGroups.first { $0["AutoScalingGroupName"] as? String == "cloudy-web" })
        let database = try #require(scalingGroups.first { $0["AutoScalingGroupName"] as? String == "cloudy-database" })
        for group in [web, database] {
            let name = try #require(group["AutoScalingGroupName"] as? String)
            let configuration = try #require(group["LaunchConfigurationName"] as? String)
            #expect(configuration.hasPrefix(name + "-"))
            objects.launchConfigurations[name] = configuration
        }
        let targetGroup = try #require((answers[7].response?["TargetGroups"] as? [[String: Any]])?.first)
        #expect(web["TargetGroupARNs"] as? [String] == [try #require(targetGroup["TargetGroupArn"] as? String)])
        #expect(web["MinSize"] as? Int == 2 && web["MaxSize"] as? Int == 3)
        #expect((web["Instances"] as? [[String: Any]])?.count == 2)
        #expect(Set((web["VPCZoneIdentifier"] as? String ?? "").split(separator: ",").map(String.init)) == Set(deployed.publicSubnets))
        #expect(database["MinSize"] as? Int == 1 && database["MaxSize"] as? Int == 2)
        #expect(Set((database["VPCZoneIdentifier"] as? String ?? "").split(separator: ",").map(String.init)) == Set(deployed.privateSubnets))
        let databaseTags = (database["Tags"] as? [[String: Any]] ?? []).filter { $0["PropagateAtLaunch"] as? Bool == true }.compactMap { $0["Key"] as? String }
        #expect(Set(databaseTags) == ["Name", "database"], "the fail-over function finds the database servers by their tag")

        // Scale up above 60% CPU for two minutes, down below 40%, one instance at a time.
        let policies = try #require(answers[4].response?["ScalingPolicies"] as? [[String: Any]])
        let policyARNs = Dictionary(uniqueKeysWithValues: policies.map { ($0["PolicyName"] as? String ?? "", $0["PolicyARN"] as? String ?? "") })
        #expect(Set(policies.map { $0["ScalingAdjustment"] as? Int ?? 0 }) == [1, -1])
        let alarms = try #require(answers[5].response?["MetricAlarms"] as? [[String: Any]])
        let high = alarms.first { $0["AlarmName"] as? String == "cloudy-web-cpu-high" }
        let low = alarms.first { $0["AlarmName"] as? String == "cloudy-web-cpu-low" }
        #expect(high?["AlarmActions"] as? [String] == [policyARNs["cloudy-web-scale-up"] ?? "?"])
        #expect(high?["Threshold"] as? Double == 60 && high?["ComparisonOperator"] as? String == "GreaterThanThreshold")
        #expect(low?["AlarmActions"] as? [String] == [policyARNs["cloudy-web-scale-down"] ?? "?"])
        #expect(low?["Threshold"] as? Double == 40 && low?["ComparisonOperator"] as? String == "LessThanThreshold")
        #expect((high?["Dimensions"] as? [[String: String]])?.first?["Value"] == "cloudy-web")

        // An internet-facing load balancer in the public subnets; its listener forwards to the
        // target group, which checks the servers as the seed did.
        let loadBalancer = try #require((answers[6].response?["LoadBalancers"] as? [[String: Any]])?.first)
        // Not internal: AWS makes a load balancer internet-facing when no scheme is sent (the
        // provider sends one only for internal ones); the emulator then reports none.
        #expect(loadBalancer["Scheme"] as? String != "internal")
        #expect(Set((loadBalancer["AvailabilityZones"] as? [[String: Any]] ?? []).compactMap { $0["SubnetId"] as? String }) == Set(deployed.publicSubnets))
        #expect(loadBalancer["SecurityGroups"] as? [String] == [objects.groups["cloudy-load-balancer"] ?? "?"])
        #expect(targetGroup["LoadBalancerArns"] as? [String] == [try #require(loadBalancer["LoadBalancerArn"] as? String)], "the listener forwards to the target group")
        #expect(targetGroup["Port"] as? Int == 8080)
        #expect(targetGroup["HealthCheckIntervalSeconds"] as? Int == 30 && targetGroup["HealthCheckTimeoutSeconds"] as? Int == 15)
        #expect(targetGroup["HealthyThresholdCount"] as? Int == 5 && targetGroup["UnhealthyThresholdCount"] as? Int == 3)

        // The file system is mounted in each private subnet.
        let mountTargets = try #require(answers[8].response?["MountTargets"] as? [[String: Any]])
        #expect(Set(mountTargets.compactMap { $0["SubnetId"] as? String }) == Set(deployed.privateSubnets))

        // The fail-over function runs every minute with its role, allowed to be invoked by the
        // rule only.
        let function = try #require(answers[9].response?["Configuration"] as? [String: Any])
        let functionARN = try #require(function["FunctionArn"] as? String)
        #expect((function["Role"] as? String)?.hasSuffix(":role/cloudy-database-failover") == true)
        #expect(function["Runtime"] as? String == "python3.12" && function["Handler"] as? String == "index.lambda_handler")
        #expect((function["Environment"] as? [String: Any])?["Variables"] as? [String: String] == ["TAG_KEY": "database", "VIRTUAL_IP": "10.10.10.10"])
        let policy = try #require(answers[10].response?["Policy"] as? String)
        let statement = try #require(((try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])?["Statement"] as? [[String: Any]])?.first)
        let ruleARN = try #require(answers[11].response?["Arn"] as? String)
        #expect((statement["Principal"] as? [String: String])?["Service"] == "events.amazonaws.com")
        #expect(((statement["Condition"] as? [String: Any])?["ArnLike"] as? [String: String])?["AWS:SourceArn"] == ruleARN)
        #expect(answers[11].response?["ScheduleExpression"] as? String == "rate(1 minute)")
        #expect((answers[12].response?["Targets"] as? [[String: Any]])?.compactMap { $0["Arn"] as? String } == [functionARN])
        let attached = (answers[13].response?["AttachedPolicies"] as? [[String: Any]] ?? []).compactMap { $0["PolicyName"] as? String }
        #expect(attached == ["AWSLambdaBasicExecutionRole"])

        // The web servers' profile carries their role; the secret holds the credentials.
        let profile = answers[14].response?["InstanceProfile"] as? [String: Any]
        #expect((profile?["Roles"] as? [[String: Any]])?.compactMap { $0["RoleName"] as? String } == ["cloudy-web"])
        let secret = try #require(answers[15].response?["SecretString"] as? String)
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(secret.utf8)) as? [String: Any])
        #expect(settings["host"] as? String == "10.10.10.10")
        #expect(settings["password"] as? String == Self.password)
        return objects
    }

    /// The emulator deletes in any order; AWS does not. Each check: every call about the first
    /// object ends before the first call about the second.
    private func expectAWSOrder(_ calls: [RecordedCall], _ deployed: Deployed, _ objects: Objects) {
        func expect(_ first: Int?, before then: Int?, _ what: String) {
            guard let first, let then else {
                Issue.record("\(what): a call was never made: \(calls)")
                return
            }
            #expect(first < then, "\(what)")
        }
        func deleteSubnet(_ id: String) -> Int? { calls.firstIndex(of: "DeleteSubnet", where: "SubnetId", is: id) }
        func deleteGroup(_ name: String) -> Int? { calls.firstIndex(of: "DeleteSecurityGroup", where: "GroupId", is: objects.groups[name] ?? "?") }
        func terminated(_ id: String) -> Int? { calls.lastIndex(of: "TerminateInstances", where: "InstanceId.1", is: id) }
        func groupDeleted(_ name: String) -> Int? { calls.lastIndex(of: "DeleteAutoScalingGroup", where: "AutoScalingGroupName", is: name) }

        // The network: everything in the VPC before it; the gateway detached before deleted.
        for operation in ["DeleteSubnet", "DeleteSecurityGroup", "DetachInternetGateway", "DeleteRouteTable"] {
            expect(calls.lastIndex(of: operation), before: calls.firstIndex(of: "DeleteVpc"), "\(operation) before DeleteVpc")
        }
        expect(calls.lastIndex(of: "DetachInternetGateway"), before: calls.firstIndex(of: "DeleteInternetGateway"), "the internet gateway is detached before it is deleted")
        for (table, associations) in objects.routeTables {
            for association in associations {
                expect(calls.lastIndex(of: "DisassociateRouteTable", where: "AssociationId", is: association),
                       before: calls.firstIndex(of: "DeleteRouteTable", where: "RouteTableId", is: table), "\(association) before its route table")
            }
        }

        // Instances before their subnet and security group.
        expect(terminated(deployed.natInstance), before: deleteSubnet(deployed.publicSubnets[0]), "the NAT instance before its subnet")
        expect(terminated(deployed.natInstance), before: deleteGroup("cloudy-nat"), "the NAT instance before its security group")
        expect(terminated(objects.bastion), before: deleteSubnet(deployed.publicSubnets[0]), "the bastion before its subnet")
        expect(terminated(objects.bastion), before: deleteGroup("cloudy-bastion"), "the bastion before its security group")

        // Auto scaling groups before their launch configurations, subnets and target group;
        // the load balancer's listener before the target group; the load balancer before its
        // subnets and security group.
        for (group, configuration) in objects.launchConfigurations {
            expect(groupDeleted(group), before: calls.firstIndex(of: "DeleteLaunchConfiguration", where: "LaunchConfigurationName", is: configuration), "\(group) before its launch configuration")
        }
        for subnet in deployed.publicSubnets {
            expect(groupDeleted("cloudy-web"), before: deleteSubnet(subnet), "the web servers before \(subnet)")
            expect(calls.lastIndex(of: "DeleteLoadBalancer"), before: deleteSubnet(subnet), "the load balancer before \(subnet)")
        }
        expect(groupDeleted("cloudy-web"), before: deleteGroup("cloudy-web"), "the web servers before their security group")
        expect(groupDeleted("cloudy-web"), before: calls.firstIndex(of: "DeleteTargetGroup"), "the web servers before their target group")
        expect(calls.lastIndex(of: "DeleteListener"), before: calls.firstIndex(of: "DeleteTargetGroup"), "the listener before its target group")
        expect(calls.lastIndex(of: "DeleteLoadBalancer"), before: deleteGroup("cloudy-load-balancer"), "the load balancer before its security group")

        // The database servers and the file system's mount targets before the private subnets;
        // the mount targets before their file system and security group.
        let mountTargetDeleted = calls.lastIndex { $0.operation.hasPrefix("DELETE /2015-02-01/mount-targets/") }
        for subnet in deployed.privateSubnets {
            expect(groupDeleted("cloudy-database"), before: deleteSubnet(subnet), "the database servers before \(subnet)")
            expect(mountTargetDeleted, before: deleteSubnet(subnet), "the mount targets before \(subnet)")
        }
        expect(groupDeleted("cloudy-database"), before: deleteGroup("cloudy-database"), "the database servers before their security group")
        expect(mountTargetDeleted, before: calls.firstIndex { $0.operation == "DELETE /2015-02-01/file-systems/\(deployed.fileSystem)" }, "the mount targets before their file system")
        expect(mountTargetDeleted, before: deleteGroup("cloudy-database-efs"), "the mount targets before their security group")

        // A group that another group's rules name goes after that group.
        let references = [("cloudy-nat", "cloudy-database"), ("cloudy-database-efs", "cloudy-database"), ("cloudy-database", "cloudy-web"),
                          ("cloudy-database", "cloudy-bastion"), ("cloudy-web", "cloudy-load-balancer"), ("cloudy-web", "cloudy-bastion")]
        for (referring, referred) in references {
            expect(deleteGroup(referring), before: deleteGroup(referred), "\(referring) names \(referred) in its rules")
        }

        // Roles leave their instance profiles and lose their policies before they go.
        for role in ["cloudy-web", "cloudy-database", "cloudy-database-failover"] {
            let roleDeleted = calls.firstIndex(of: "DeleteRole", where: "RoleName", is: role)
            expect(calls.lastIndex(of: "DeleteRolePolicy", where: "RoleName", is: role), before: roleDeleted, "\(role)'s inline policy before the role")
            if role == "cloudy-database-failover" {
                expect(calls.lastIndex(of: "DetachRolePolicy", where: "RoleName", is: role), before: roleDeleted, "\(role)'s managed policy before the role")
            } else {
                expect(calls.lastIndex(of: "RemoveRoleFromInstanceProfile", where: "RoleName", is: role), before: roleDeleted, "\(role) out of its instance profile before the role")
            }
        }

        // A rule with targets cannot be deleted.
        expect(calls.lastIndex(of: "RemoveTargets"), before: calls.firstIndex(of: "DeleteRule"), "the rule's target before the rule")
    }

    /// What is still there after destroy: EC2 objects with the example's tag, the auto scaling
    /// groups' instances (which carry the groups' tags, not the provider's default tags), and
    /// the other services' objects by the example's names.
    private func leftovers(_ server: MotoServer) throws -> [String] {
        let ec2Kinds: [(operation: String, list: String)] = [
            ("describe_vpcs", "Vpcs"), ("describe_subnets", "Subnets"), ("describe_internet_gateways", "InternetGateways"),
            ("describe_route_tables", "RouteTables"), ("describe_security_groups", "SecurityGroups"), ("describe_key_pairs", "KeyPairs"),
        ]
        let tagged = ["Filters": [["Name": "tag:Project", "Values": ["cloudy"]]]]
        let answers = try server.oracle(ec2Kinds.map { .init("ec2", $0.operation, tagged) } + [
            .init("ec2", "describe_instances", ["Filters": [["Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped", "shutting-down"]]]]),
            .init("autoscaling", "describe_auto_scaling_groups", [:]),
            .init("autoscaling", "describe_launch_configurations", [:]),
            .init("elbv2", "describe_load_balancers", [:]),
            .init("elbv2", "describe_target_groups", [:]),
            .init("cloudwatch", "describe_alarms", [:]),
            .init("efs", "describe_file_systems", [:]),
            .init("lambda", "list_functions", [:]),
            .init("events", "list_rules", [:]),
            .init("logs", "describe_log_groups", [:]),
            .init("iam", "list_roles", [:]),
            .init("iam", "list_instance_profiles", [:]),
            .init("secretsmanager", "list_secrets", [:]),
        ])
        var left: [String] = []
        for (kind, answer) in zip(ec2Kinds, answers) {
            left += (answer.response?[kind.list] as? [[String: Any]] ?? []).map { "\(kind.list): \($0)" }
        }
        let others = answers.dropFirst(ec2Kinds.count).map { $0.response ?? [:] }
        func names(_ answer: [String: Any], _ list: String, _ key: String) -> [String] {
            (answer[list] as? [[String: Any]] ?? []).compactMap { $0[key] as? String }
        }
        left += (others[0]["Reservations"] as? [[String: Any]] ?? []).flatMap { names($0, "Instances", "InstanceId") }
        left += names(others[1], "AutoScalingGroups", "AutoScalingGroupName")
        left += names(others[2], "LaunchConfigurations", "LaunchConfigurationName")
        left += names(others[3], "LoadBalancers", "LoadBalancerName")
        left += names(others[4], "TargetGroups", "TargetGroupName")
        left += names(others[5], "MetricAlarms", "AlarmName")
        left += names(others[6], "FileSystems", "FileSystemId")
        left += names(others[7], "Functions", "FunctionName")
        left += names(others[8], "Rules", "Name")
        left += names(others[9], "logGroups", "logGroupName")
        left += names(others[10], "Roles", "RoleName").filter { $0.hasPrefix("cloudy-") }
        left += names(others[11], "InstanceProfiles", "InstanceProfileName")
        left += names(others[12], "SecretList", "Name")
        return left
    }
}
