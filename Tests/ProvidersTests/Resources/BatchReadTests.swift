import Foundation
import Provisioner
import ResourceGraph
import Testing
import TestSupport

@testable import Providers

/// Batched reads (one Describe call for many ids) give exactly what one read per object gives,
/// on the emulator, for every type that offers them, including an object deleted meanwhile
/// (gone in both) and an id that never existed.
@Suite(.serialized) struct BatchReadTests {
    let context: AWSContext

    init() async throws {
        let server = try await onOwnThread { try MotoServer.shared(enforceSignatures: true) }
        var configuration = AWSClientConfiguration(
            region: "eu-west-1",
            credentials: StaticCredentialsProvider(accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey),
            environment: ["AWS_ENDPOINT_URL": server.endpoint])
        configuration.maxRetries = 2
        context = AWSContext(client: AWSClient(configuration: configuration), settings: try AWSProviderBlock(.null), operation: nil)
    }

    func call(_ action: String, _ build: (inout QueryParameters) -> Void) async throws -> XMLNode {
        var parameters = QueryParameters()
        build(&parameters)
        return try await context.client.query(.ec2, action: action, parameters: parameters, idempotent: false)
    }

    func tagged(_ parameters: inout QueryParameters, _ resourceType: String, _ name: String) {
        EC2.setTagSpecification(&parameters, resourceType: resourceType, tags: ["Name": name, "Suite": "batch-read"])
    }

    func newVPC(_ cidr: String) async throws -> String {
        try #require(try await call("CreateVpc") { $0.set("CidrBlock", cidr); tagged(&$0, "vpc", "batch-\(cidr)") }.string("vpc", "vpcId"))
    }

    /// Reads `ids` one by one and all at once, and checks both agree; returns the batch.
    func compare<Type: AWSBatchReadable>(_ type: Type, ids: [String]) async throws -> [Value?] {
        try await compare(type, current: ids.map { Value.object(["id": .string($0)]) })
    }

    /// Reads these objects one by one and all at once, and checks both agree; returns the batch.
    /// `moving` names attributes the emulator computes afresh at every read (a clock).
    func compare<Type: AWSBatchReadable>(_ type: Type, current: [Value], moving: [String] = []) async throws -> [Value?] {
        let ids = current.map { $0.string("id") ?? $0.string("identifier") ?? "?" }
        var single: [Value?] = []
        for object in current { single.append(try await type.read(object, in: context)) }
        let batch = try await type.readMany(current, in: context)
        #expect(batch.count == single.count)
        let still = Dictionary(uniqueKeysWithValues: moving.map { ($0, Value.null(.string)) })
        for (index, (one, many)) in zip(single, batch).enumerated() {
            #expect(one?.setting(still) == many?.setting(still), "\(Type.typeName) \(ids[index]): one read and the batch differ")
        }
        return batch
    }

    static let missing = ["subnet": "subnet-0123456789abcdef0", "sg": "sg-0123456789abcdef0", "rtb": "rtb-0123456789abcdef0", "igw": "igw-0123456789abcdef0", "vpc": "vpc-0123456789abcdef0"]

    @Test func subnets() async throws {
        let vpc = try await newVPC("10.90.0.0/16")
        var ids: [String] = []
        for index in 0..<3 {
            let created = try await call("CreateSubnet") { $0.set("VpcId", vpc); $0.set("CidrBlock", "10.90.\(index).0/24"); tagged(&$0, "subnet", "s\(index)") }
            ids.append(try #require(created.string("subnet", "subnetId")))
        }
        _ = try await call("ModifySubnetAttribute") { $0.set("SubnetId", ids[1]); $0.set("MapPublicIpOnLaunch", QueryParameters { $0.set("Value", true) }) }
        _ = try await call("DeleteSubnet") { $0.set("SubnetId", ids[2]) }
        let batch = try await compare(SubnetResource(), ids: ids + [Self.missing["subnet"]!])
        #expect(batch[0]?.string("cidr_block") == "10.90.0.0/24")
        #expect(batch[1]?.bool("map_public_ip_on_launch") == true)
        #expect(batch[2] == nil && batch[3] == nil, "deleted and unknown subnets are gone")
    }

    @Test func securityGroups() async throws {
        let vpc = try await newVPC("10.91.0.0/16")
        var ids: [String] = []
        for index in 0..<3 {
            let created = try await call("CreateSecurityGroup") {
                $0.set("GroupName", "batch-\(index)-\(UUID().uuidString.prefix(6))"); $0.set("GroupDescription", "batch read"); $0.set("VpcId", vpc)
                tagged(&$0, "security-group", "g\(index)")
            }
            ids.append(try #require(created.string("groupId")))
        }
        _ = try await call("AuthorizeSecurityGroupIngress") {
            $0.set("GroupId", ids[0])
            $0.setList("IpPermissions", [QueryParameters {
                $0.set("IpProtocol", "tcp"); $0.set("FromPort", 443); $0.set("ToPort", 443)
                $0.setList("IpRanges", [QueryParameters { $0.set("CidrIp", "10.0.0.0/8") }])
            }])
        }
        _ = try await call("DeleteSecurityGroup") { $0.set("GroupId", ids[2]) }
        let batch = try await compare(SecurityGroupResource(), ids: ids + [Self.missing["sg"]!])
        #expect(batch[0]?[attribute: "ingress"]?.elements?.count == 1)
        #expect(batch[2] == nil && batch[3] == nil)
    }

    @Test func routeTables() async throws {
        let vpc = try await newVPC("10.92.0.0/16")
        let gateway = try #require(try await call("CreateInternetGateway") { tagged(&$0, "internet-gateway", "gw") }.string("internetGateway", "internetGatewayId"))
        _ = try await call("AttachInternetGateway") { $0.set("InternetGatewayId", gateway); $0.set("VpcId", vpc) }
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(try #require(try await call("CreateRouteTable") { $0.set("VpcId", vpc); tagged(&$0, "route-table", "r\(index)") }.string("routeTable", "routeTableId")))
        }
        _ = try await call("CreateRoute") { $0.set("RouteTableId", ids[0]); $0.set("DestinationCidrBlock", "0.0.0.0/0"); $0.set("GatewayId", gateway) }
        _ = try await call("DeleteRouteTable") { $0.set("RouteTableId", ids[2]) }
        let batch = try await compare(RouteTableResource(), ids: ids + [Self.missing["rtb"]!])
        #expect(batch[0]?[attribute: "route"]?.elements?.count == 1)
        #expect(batch[2] == nil && batch[3] == nil)
    }

    @Test func internetGateways() async throws {
        let vpc = try await newVPC("10.93.0.0/16")
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(try #require(try await call("CreateInternetGateway") { tagged(&$0, "internet-gateway", "i\(index)") }.string("internetGateway", "internetGatewayId")))
        }
        _ = try await call("AttachInternetGateway") { $0.set("InternetGatewayId", ids[0]); $0.set("VpcId", vpc) }
        _ = try await call("DeleteInternetGateway") { $0.set("InternetGatewayId", ids[2]) }
        let batch = try await compare(InternetGatewayResource(), ids: ids + [Self.missing["igw"]!])
        #expect(batch[0]?.string("vpc_id") == vpc)
        #expect(batch[1]?.string("vpc_id") == "")
        #expect(batch[2] == nil && batch[3] == nil)
    }

    @Test func vpcs() async throws {
        let ids = [try await newVPC("10.94.0.0/16"), try await newVPC("10.95.0.0/16"), try await newVPC("10.96.0.0/16")]
        _ = try await call("ModifyVpcAttribute") { $0.set("VpcId", ids[1]); $0.set("EnableDnsHostnames", QueryParameters { $0.set("Value", true) }) }
        _ = try await call("DeleteVpc") { $0.set("VpcId", ids[2]) }
        let batch = try await compare(VPCResource(), ids: ids + [Self.missing["vpc"]!])
        #expect(batch[1]?.bool("enable_dns_hostnames") == true)
        #expect(batch[0]?.string("default_security_group_id")?.hasPrefix("sg-") == true)
        #expect(batch[0]?.string("main_route_table_id") != batch[1]?.string("main_route_table_id"), "each VPC gets its own")
        #expect(batch[2] == nil && batch[3] == nil)
    }

    @Test func dbInstances() async throws {
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let identifiers = (0..<3).map { "batch-\($0)-\(suffix)" }
        var resourceIDs: [String] = []
        for identifier in identifiers {
            var parameters = QueryParameters()
            parameters.set("DBInstanceIdentifier", identifier); parameters.set("Engine", "postgres"); parameters.set("DBInstanceClass", "db.t3.micro")
            parameters.set("AllocatedStorage", 20); parameters.set("MasterUsername", "batch"); parameters.set("MasterUserPassword", "batch-password-1")
            let created = try await context.client.query(.rds, action: "CreateDBInstance", parameters: parameters, idempotent: false)
            resourceIDs.append(try #require(created.string("DBInstance", "DbiResourceId")))
        }
        var deletion = QueryParameters()
        deletion.set("DBInstanceIdentifier", identifiers[2]); deletion.set("SkipFinalSnapshot", true)
        _ = try await context.client.query(.rds, action: "DeleteDBInstance", parameters: deletion, idempotent: false)
        let current = zip(identifiers, resourceIDs).map { Value.object(["identifier": .string($0), "id": .string($1)]) }
            + [Value.object(["identifier": .string("batch-never-\(suffix)"), "id": .string("db-NEVEREXISTED0000000000000")])]
        let batch = try await compare(DBInstanceResource(), current: current, moving: ["latest_restorable_time"])
        #expect(batch[0]?.string("identifier") == identifiers[0])
        #expect(batch[1]?.string("engine") == "postgres")
        #expect(batch[2] == nil && batch[3] == nil, "deleted and unknown instances are gone")
    }
}
