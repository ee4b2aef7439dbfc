import Foundation
import Testing
import TestSupport
import Provisioner

/// Failures injected into real `prov apply` processes, on an emulator of their own, through a
/// proxy that kills prov (kill -9) right after the n-th create call acted, interrupts it with
/// Ctrl-C while a call is in flight, or drops the answers of create calls. Whatever happens,
/// the next apply converges to exactly the declared objects (checked through boto3: none
/// doubled, none left over), and destroy leaves nothing tagged with the stack.
@Suite struct InterruptedApplyEndToEndTests {
    /// A realistic stack: a VPC with public and private subnets, an internet gateway, a NAT
    /// gateway with its Elastic IP, routing, a security group with a rule, a database in its
    /// subnet group, and a secret holding its address. `name` names what must be unique and
    /// tags everything else (through default_tags), so each test counts its own objects on
    /// the shared emulator, duplicates included.
    static func configuration(_ name: String) -> String {
        """
        provider "aws" {
          region = "eu-west-1"
          default_tags {
            tags = { Case = "\(name)" }
          }
        }
        resource "aws_vpc" "main" {
          cidr_block = "10.77.0.0/16"
        }
        resource "aws_subnet" "public" {
          count             = 2
          vpc_id            = aws_vpc.main.id
          cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
          availability_zone = "eu-west-1${["a", "b"][count.index]}"
        }
        resource "aws_subnet" "private" {
          count             = 2
          vpc_id            = aws_vpc.main.id
          cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)
          availability_zone = "eu-west-1${["a", "b"][count.index]}"
        }
        resource "aws_internet_gateway" "main" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_eip" "nat" {
          domain     = "vpc"
          depends_on = [aws_internet_gateway.main]
        }
        resource "aws_nat_gateway" "main" {
          allocation_id = aws_eip.nat.id
          subnet_id     = aws_subnet.public[0].id
        }
        resource "aws_route_table" "public" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route" "internet" {
          route_table_id         = aws_route_table.public.id
          destination_cidr_block = "0.0.0.0/0"
          gateway_id             = aws_internet_gateway.main.id
        }
        resource "aws_route_table_association" "public" {
          count          = 2
          subnet_id      = aws_subnet.public[count.index].id
          route_table_id = aws_route_table.public.id
        }
        resource "aws_security_group" "db" {
          name   = "\(name)"
          vpc_id = aws_vpc.main.id
        }
        resource "aws_vpc_security_group_ingress_rule" "mysql" {
          security_group_id = aws_security_group.db.id
          cidr_ipv4         = aws_vpc.main.cidr_block
          ip_protocol       = "tcp"
          from_port         = 3306
          to_port           = 3306
        }
        resource "aws_db_subnet_group" "db" {
          name       = "\(name)"
          subnet_ids = aws_subnet.private[*].id
        }
        resource "aws_db_instance" "db" {
          identifier             = "\(name)"
          engine                 = "mysql"
          engine_version         = "8.0"
          instance_class         = "db.t3.micro"
          allocated_storage      = 20
          username               = "admin"
          password               = "correct-horse-battery"
          db_subnet_group_name   = aws_db_subnet_group.db.name
          vpc_security_group_ids = [aws_security_group.db.id]
          skip_final_snapshot    = true
        }
        resource "aws_secretsmanager_secret" "db" {
          name                    = "\(name)"
          recovery_window_in_days = 0
        }
        resource "aws_secretsmanager_secret_version" "db" {
          secret_id     = aws_secretsmanager_secret.db.id
          secret_string = jsonencode({ host = aws_db_instance.db.address, user = "admin" })
        }
        """
    }

    static let declaredInstances = 18

    /// prov on the shared emulator, reached through a fault proxy of its own.
    struct Stack {
        let name: String
        let server: MotoServer
        let proxy: FaultProxy
        let prov: ProvProcess

        init(_ name: String) throws {
            self.name = name
            server = try MotoServer.shared(enforceSignatures: true)
            proxy = try FaultProxy(target: server.endpoint)
            var environment = server.environment
            environment["AWS_ENDPOINT_URL"] = proxy.endpoint
            prov = ProvProcess(directory: try ProvProcess.workspace(files: ["main.tf": InterruptedApplyEndToEndTests.configuration(name)]), environment: environment)
        }

        /// Runs prov with these faults injected; the proxy learns prov's pid to signal it.
        /// Returns once the calls prov left in flight (killed or interrupted) have acted.
        func run(_ arguments: [String], faults: FaultProxy.Faults = .none) throws -> ProvProcess.Result {
            try proxy.inject(faults)
            let result = try prov.run(arguments) { pid in try proxy.target(pid: pid) }
            try proxy.waitUntilNoCallInFlight()
            return result
        }

        /// The stack id prov tags with: the state's lineage.
        func lineage() throws -> String {
            try StateStore.open(at: prov.directory + "/prov.state.db").metadata().lineage
        }

        /// How many of each kind of object of this test exist in the emulator, asked through
        /// boto3 in one go: objects carrying the test's tag, or its unique names.
        func census() throws -> [String: Int] {
            let tagged: [String: Any] = ["Filters": [["Name": "tag:Case", "Values": [name]]]]
            let answers = try server.oracle([
                .init("ec2", "describe_vpcs", tagged),
                .init("ec2", "describe_subnets", tagged),
                .init("ec2", "describe_internet_gateways", tagged),
                .init("ec2", "describe_addresses", tagged),
                .init("ec2", "describe_nat_gateways", tagged),
                .init("ec2", "describe_route_tables", tagged),
                .init("ec2", "describe_security_groups", tagged),
                .init("ec2", "describe_security_group_rules"),
                .init("rds", "describe_db_subnet_groups", ["DBSubnetGroupName": name]),
                .init("rds", "describe_db_instances", ["DBInstanceIdentifier": name]),
                .init("secretsmanager", "list_secrets", ["Filters": [["Key": "name", "Values": [name]]]]),
                .init("secretsmanager", "list_secret_version_ids", ["SecretId": name]),
            ])
            // The emulator ignores some tag filters (NAT gateways): every EC2 list is also
            // filtered here, by the objects' own tags.
            func items(_ index: Int, _ key: String) -> [[String: Any]] {
                let all = answers[index].response?[key] as? [[String: Any]] ?? []
                guard index < 7 else { return all }
                return all.filter { item in (item["Tags"] as? [[String: Any]] ?? []).contains { $0["Key"] as? String == "Case" && $0["Value"] as? String == name } }
            }
            let tables = items(5, "RouteTables")
            let groupIDs = Set(items(6, "SecurityGroups").compactMap { $0["GroupId"] as? String })
            return [
                "vpc": items(0, "Vpcs").count,
                "subnet": items(1, "Subnets").count,
                "internet gateway": items(2, "InternetGateways").count,
                "elastic ip": items(3, "Addresses").count,
                "nat gateway": items(4, "NatGateways").filter { ["pending", "available"].contains($0["State"] as? String ?? "") }.count,
                "route table": tables.count,
                "route to the internet": tables.flatMap { $0["Routes"] as? [[String: Any]] ?? [] }.filter { $0["DestinationCidrBlock"] as? String == "0.0.0.0/0" }.count,
                "route table association": tables.flatMap { $0["Associations"] as? [[String: Any]] ?? [] }.count,
                "security group": groupIDs.count,
                "ingress rule": items(7, "SecurityGroupRules").filter { groupIDs.contains($0["GroupId"] as? String ?? "") && $0["IsEgress"] as? Bool == false }.count,
                "db subnet group": items(8, "DBSubnetGroups").count,
                "db instance": items(9, "DBInstances").count,
                "secret": items(10, "SecretList").count,
                "secret version": items(11, "Versions").count,
            ]
        }

        /// Live objects carrying this stack's `prov:stack` tag, as the tagging API lists them
        /// (the emulator's EC2 DescribeTags also lists deleted objects, and it keeps deleted NAT
        /// gateways, as AWS does for a while: those are left out). Elastic IPs, security group
        /// rules and subnet groups, which its tagging API does not cover, are in the census.
        func stackTagged() throws -> [String] {
            let lineage = try lineage()
            let answers = try server.oracle([
                .init("resourcegroupstaggingapi", "get_resources", ["TagFilters": [["Key": "prov:stack", "Values": [lineage]]]]),
                .init("ec2", "describe_nat_gateways"),
            ])
            let deletedNATs = Set((answers[1].response?["NatGateways"] as? [[String: Any]] ?? [])
                .filter { $0["State"] as? String == "deleted" }.compactMap { $0["NatGatewayId"] as? String })
            return (answers[0].response?["ResourceTagMappingList"] as? [[String: Any]] ?? []).compactMap { $0["ResourceARN"] as? String }
                .filter { arn in !deletedNATs.contains(String(arn.split(separator: "/").last ?? "")) }
        }
    }

    static let declared: [String: Int] = [
        "vpc": 1, "subnet": 4, "internet gateway": 1, "elastic ip": 1, "nat gateway": 1, "route table": 1,
        "route to the internet": 1, "route table association": 2, "security group": 1, "ingress rule": 1,
        "db subnet group": 1, "db instance": 1, "secret": 1, "secret version": 1,
    ]

    /// The stack converged: exactly the declared objects exist, state records each, the next
    /// plan is empty; then destroy leaves nothing of it, nothing tagged with it.
    func expectConvergedThenDestroyed(_ stack: Stack, after what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let census = try stack.census()
        #expect(census == Self.declared, "after \(what): the emulator holds \(census.filter { Self.declared[$0.key] != $0.value })", sourceLocation: sourceLocation)
        let list = try stack.prov.run("state", "list")
        #expect(list.stdout.split(separator: "\n").count == Self.declaredInstances, "after \(what), state lists:\n\(list.stdout)", sourceLocation: sourceLocation)
        let plan = try stack.prov.run("plan", "-detailed-exitcode")
        #expect(plan.status == 0, "after \(what), the plan is not empty:\n\(plan.output)", sourceLocation: sourceLocation)

        let destroy = try stack.run(["destroy", "-auto-approve"])
        #expect(destroy.status == 0, "destroy after \(what) failed:\n\(destroy.output)", sourceLocation: sourceLocation)
        let left = try stack.census().filter { $0.value > 0 }
        #expect(left.isEmpty, "after destroying, left: \(left)", sourceLocation: sourceLocation)
        let tagged = try stack.stackTagged()
        #expect(tagged.isEmpty, "after destroying, still tagged with the stack: \(tagged)", sourceLocation: sourceLocation)
    }

    /// The system tags are on the objects in AWS, and nowhere in what prov shows.
    func expectSystemTags(_ stack: Stack, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let vpcs = try stack.server.oracle(.init("ec2", "describe_vpcs", ["Filters": [["Name": "tag:Case", "Values": [stack.name]]]])).response?["Vpcs"] as? [[String: Any]] ?? []
        let tags = QuickstartEndToEndTests.tags(vpcs.first ?? [:])
        #expect(tags["prov:stack"] == (try stack.lineage()), sourceLocation: sourceLocation)
        #expect(tags["prov:address"] == "aws_vpc.main", sourceLocation: sourceLocation)
        let subnets = try stack.server.oracle(.init("ec2", "describe_subnets", ["Filters": [["Name": "tag:Case", "Values": [stack.name]]]])).response?["Subnets"] as? [[String: Any]] ?? []
        #expect(Set(subnets.map { QuickstartEndToEndTests.tags($0)["prov:address"] ?? "" }) == ["aws_subnet.public+5B0+5D", "aws_subnet.public+5B1+5D", "aws_subnet.private+5B0+5D", "aws_subnet.private+5B1+5D"], sourceLocation: sourceLocation)
        let shown = try stack.prov.run("show", "-json")
        #expect(shown.status == 0 && !shown.stdout.contains("prov:"), "prov shows no system tag:\n\(shown.stdout)", sourceLocation: sourceLocation)
    }

    // MARK: kill -9

    /// Kill points spread over the apply: the first create, the NAT gateway's neighbourhood, the
    /// database, the secret.
    static let killPoints = [1, 4, 8, 12, 16]

    @Test(arguments: killPoints)
    func killedAfterTheNthCreateConvergesOnTheNextApply(_ killPoint: Int) throws {
        let stack = try Stack("rel-kill-\(killPoint)")
        let killed = try stack.run(["apply", "-auto-approve"], faults: FaultProxy.Faults(killAfter: killPoint))
        #expect(killed.signaled && killed.status == SIGKILL, "prov should have been killed at create \(killPoint):\n\(killed.output)")
        #expect(try stack.proxy.stats().killed == 1)

        let again = try stack.run(["apply", "-auto-approve"])
        #expect(again.status == 0, "the apply after the kill failed:\n\(again.output)")
        #expect(again.stdout.contains("Looking for the object an interrupted run was creating"), "the next run reconciles:\n\(again.stdout)")
        #expect(again.stdout.contains("an interrupted run created it"), "the plan shows what it adopts:\n\(again.stdout)")
        try expectConvergedThenDestroyed(stack, after: "a kill at create \(killPoint)")
    }

    /// Killed twice in a row (the second time with the first kill's leftovers still to
    /// reconcile), and once more while destroying.
    @Test func killedRepeatedlyStillConverges() throws {
        let stack = try Stack("rel-kill-repeatedly")
        for killPoint in [5, 3] {
            let killed = try stack.run(["apply", "-auto-approve"], faults: FaultProxy.Faults(killAfter: killPoint))
            #expect(killed.signaled, "prov should have been killed at create \(killPoint):\n\(killed.output)")
        }
        let again = try stack.run(["apply", "-auto-approve"])
        #expect(again.status == 0, "\(again.output)")
        #expect(try stack.census() == Self.declared)
        // A destroy killed half-way: the next one finishes the job.
        let killedDestroy = try stack.run(["destroy", "-auto-approve"], faults: FaultProxy.Faults(killAfterDelete: 6))
        #expect(killedDestroy.signaled, "\(killedDestroy.output)")
        let destroy = try stack.run(["destroy", "-auto-approve"])
        #expect(destroy.status == 0, "\(destroy.output)")
        let left = try stack.census().filter { $0.value > 0 }
        #expect(left.isEmpty, "left: \(left)")
        #expect(try stack.stackTagged().isEmpty)
    }

    /// A killed run, then a destroy straight away: what the killed run made but never recorded
    /// is found by its tags and destroyed too, so nothing is left billing.
    ///
    /// One create at a time, so the object lost is always the same one: the emulator's tagging
    /// API lists no RDS subnet groups (AWS's does), so a kill that happened to lose one failed
    /// here for the emulator's reason. Kills with several creates in flight are tested above.
    @Test func destroyAfterAKillRemovesWhatStateNeverRecorded() throws {
        let stack = try Stack("rel-kill-destroy")
        let killed = try stack.run(["apply", "-auto-approve", "-parallelism=1"], faults: FaultProxy.Faults(killAfter: 8))
        #expect(killed.signaled, "\(killed.output)")
        let destroy = try stack.run(["destroy", "-auto-approve"])
        #expect(destroy.status == 0, "\(destroy.output)")
        let left = try stack.census().filter { $0.value > 0 }
        #expect(left.isEmpty, "left: \(left)")
        #expect(try stack.stackTagged().isEmpty)
    }

    // MARK: Lost answers

    /// Every second create call acts but its answer is dropped: prov looks each object up
    /// before creating again, so the first apply already ends with exactly the declared objects.
    @Test func droppedAnswersAreLookedUpWithinTheRun() throws {
        let stack = try Stack("rel-dropped")
        let apply = try stack.run(["apply", "-auto-approve"], faults: FaultProxy.Faults(dropEvery: 2))
        let stats = try stack.proxy.stats()
        #expect(stats.dropped >= 7, "answers dropped: \(stats.droppedActions)")
        #expect(apply.status == 0, "\(apply.output)")
        try expectSystemTags(stack)
        try expectConvergedThenDestroyed(stack, after: "\(stats.dropped) dropped answers (\(stats.droppedActions.joined(separator: ", ")))")
    }

    // MARK: Ctrl-C

    /// The first Ctrl-C, while a create is in flight: prov names it, waits for it, records it,
    /// starts nothing new and exits 1; the next apply finishes the job.
    @Test func firstInterruptWaitsForTheCallInFlight() throws {
        let stack = try Stack("rel-interrupt-once")
        let interrupted = try stack.run(["apply", "-auto-approve"], faults: FaultProxy.Faults(interruptAfter: 6))
        #expect(!interrupted.signaled && interrupted.status == 1, "\(interrupted.output)")
        #expect(interrupted.stderr.contains("Interrupt received"))
        #expect(interrupted.stdout.contains(" in flight to finish: aws_"), "the calls in flight are named:\n\(interrupted.stdout)")
        #expect(interrupted.messages.contains("Apply interrupted"))
        let recorded = try stack.prov.run("state", "list").stdout.split(separator: "\n").count
        #expect(recorded >= 5 && recorded < Self.declaredInstances, "state records what was done: \(recorded)")

        let again = try stack.run(["apply", "-auto-approve"])
        #expect(again.status == 0, "\(again.output)")
        #expect(!again.stdout.contains("Looking for the object an interrupted run was creating"), "a graceful stop leaves nothing to reconcile")
        try expectConvergedThenDestroyed(stack, after: "one Ctrl-C")
    }

    /// A second Ctrl-C exits at once, with a create in flight that then acts: the journal
    /// records it, and the next apply adopts the object instead of creating it again.
    @Test func secondInterruptExitsAtOnceWithTheJournalIntact() throws {
        let stack = try Stack("rel-interrupt-twice")
        let interrupted = try stack.run(["apply", "-auto-approve"], faults: FaultProxy.Faults(interruptAfter: 6, interrupts: 2))
        #expect(interrupted.status == 1, "\(interrupted.output)")
        #expect(interrupted.stderr.contains("Two interrupts received. Exiting immediately."))
        // The proxy held the interrupted call for a moment before the emulator acted on it;
        // prov was gone by then, and `run` waited for it to land.

        let again = try stack.run(["apply", "-auto-approve"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("Looking for the object an interrupted run was creating"))
        try expectConvergedThenDestroyed(stack, after: "two Ctrl-Cs")
    }
}
