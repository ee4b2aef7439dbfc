import Foundation
import Provisioner
import ResourceGraph

/// `aws_subnet`: a subnet of a VPC. Import id: the subnet id.
struct SubnetResource: AWSResourceType {
    static let displayName = "EC2 Subnet"
    static let typeName = "aws_subnet"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "vpc_id": AttributeSchema(.string, .required, forceNew: true),
            "cidr_block": AttributeSchema(.string, .optional, forceNew: true),
            "availability_zone": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "availability_zone_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "ipv6_cidr_block": AttributeSchema(.string, .optional),
            "ipv6_cidr_block_association_id": AttributeSchema(.string, .computed),
            "ipv6_native": AttributeSchema(.bool, .optional, forceNew: true, default: .false),
            "assign_ipv6_address_on_creation": AttributeSchema(.bool, .optional, default: .false),
            "map_public_ip_on_launch": AttributeSchema(.bool, .optional, default: .false),
            "map_customer_owned_ip_on_launch": AttributeSchema(.bool, .optional),
            "customer_owned_ipv4_pool": AttributeSchema(.string, .optional),
            "outpost_arn": AttributeSchema(.string, .optional, forceNew: true),
            "enable_dns64": AttributeSchema(.bool, .optional, default: .false),
            "enable_resource_name_dns_a_record_on_launch": AttributeSchema(.bool, .optional, default: .false),
            "enable_resource_name_dns_aaaa_record_on_launch": AttributeSchema(.bool, .optional, default: .false),
            "enable_lni_at_device_index": AttributeSchema(.number, .optionalComputed),
            "private_dns_hostname_type_on_launch": AttributeSchema(.string, .optionalComputed),
            "owner_id": AttributeSchema(.string, .computed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["timeouts": Timeouts.block(create: true, update: false, delete: true)]),
        version: 1)

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        parameters.set("VpcId", planned.string("vpc_id"))
        parameters.set("CidrBlock", planned.string("cidr_block"))
        parameters.set("AvailabilityZone", planned.string("availability_zone"))
        parameters.set("AvailabilityZoneId", planned.string("availability_zone_id"))
        parameters.set("Ipv6CidrBlock", planned.string("ipv6_cidr_block"))
        if planned.bool("ipv6_native") == true { parameters.set("Ipv6Native", true) }
        parameters.set("OutpostArn", planned.string("outpost_arn"))
        EC2.setTagSpecification(&parameters, resourceType: "subnet", tags: planned.stringMap("tags_all") ?? [:])

        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateSubnet", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Subnet")
        }
        guard let id = response.string("subnet", "subnetId") else {
            throw ProviderError("Creating EC2 Subnet", detail: "CreateSubnet answered without a subnet id.")
        }
        let partial = planned.setting(["id": .string(id)])
        let created = response.child("subnet")
        do {
            if created?.string("state") != "available" {
                try await EC2.waitForState("EC2 Subnet \(id)", wanted: "available", timeout: Timeouts.duration(planned, "create", default: .seconds(600)), in: context) {
                    try await describe(id, in: context)?.string("state")
                }
            }
            let modified = try await modifyAttributes(id, from: Self.awsDefaults, to: planned, in: context)
            // CreateSubnet answers with the whole subnet: it is read back only when a later call
            // changed it, or when the answer lacks the tags that were sent.
            if !modified, let created, EC2.tags(of: created) == planned.stringMap("tags_all") ?? [:] {
                return Self.object(from: created, current: partial, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Subnet (\(id))", partialObject: partial)
        }
    }

    /// What a new subnet starts with, so only settings that differ are sent after creating it.
    private static let awsDefaults = Value.object([
        "map_public_ip_on_launch": .false, "assign_ipv6_address_on_creation": .false, "enable_dns64": .false,
        "enable_resource_name_dns_a_record_on_launch": .false, "enable_resource_name_dns_aaaa_record_on_launch": .false,
        "map_customer_owned_ip_on_launch": .false, "private_dns_hostname_type_on_launch": .string("ip-name"),
    ])

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let subnet = try await describe(id, in: context) else { return nil }
            return Self.object(from: subnet, current: current, in: context)
        } catch where EC2.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Subnet (\(id))")
        }
    }

    /// The object `read` gives for a described subnet.
    static func object(from subnet: XMLNode, current: Value, in context: AWSContext) -> Value {
        let owner = subnet.string("ownerId")
        let ipv6 = subnet.all("ipv6CidrBlockAssociationSet", "item").first { $0.string("ipv6CidrBlockState", "state") == "associated" }
        let dnsOptions = subnet.child("privateDnsNameOptionsOnLaunch")
        var attributes: [String: Value] = [
            "id": .string(subnet.string("subnetId")),
            "arn": .string(subnet.string("subnetArn") ?? EC2.arn(context, owner: owner, resource: "subnet/\(subnet.string("subnetId") ?? "")")),
            "vpc_id": .string(subnet.string("vpcId")),
            "cidr_block": .string(subnet.string("cidrBlock")),
            "availability_zone": .string(subnet.string("availabilityZone")),
            "availability_zone_id": .string(subnet.string("availabilityZoneId")),
            "ipv6_cidr_block": .string(ipv6?.string("ipv6CidrBlock") ?? ""),
            "ipv6_cidr_block_association_id": .string(ipv6?.string("associationId") ?? ""),
            "ipv6_native": .bool(subnet.child("ipv6Native")?.boolValue ?? false),
            "assign_ipv6_address_on_creation": .bool(subnet.child("assignIpv6AddressOnCreation")?.boolValue ?? false),
            "map_public_ip_on_launch": .bool(subnet.child("mapPublicIpOnLaunch")?.boolValue ?? false),
            "map_customer_owned_ip_on_launch": .bool(subnet.child("mapCustomerOwnedIpOnLaunch")?.boolValue ?? false),
            "customer_owned_ipv4_pool": .string(subnet.string("customerOwnedIpv4Pool") ?? ""),
            "outpost_arn": .string(subnet.string("outpostArn") ?? ""),
            "enable_dns64": .bool(subnet.child("enableDns64")?.boolValue ?? false),
            "enable_resource_name_dns_a_record_on_launch": .bool(dnsOptions?.child("enableResourceNameDnsARecord")?.boolValue ?? false),
            "enable_resource_name_dns_aaaa_record_on_launch": .bool(dnsOptions?.child("enableResourceNameDnsAAAARecord")?.boolValue ?? false),
            "enable_lni_at_device_index": .number(subnet.child("enableLniAtDeviceIndex")?.intValue ?? 0),
            "private_dns_hostname_type_on_launch": .string(dnsOptions?.string("hostnameType") ?? "ip-name"),
            "owner_id": .string(owner),
            "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
        ]
        attributes.merge(AWSTags.attributes(remote: EC2.tags(of: subnet), prior: current, settings: context.settings)) { _, new in new }
        return .object(attributes)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Subnet", detail: "the subnet has no id in state.") }
        do {
            try await modifyAttributes(id, from: prior, to: planned, in: context)
            if planned.string("ipv6_cidr_block") ?? "" != prior.string("ipv6_cidr_block") ?? "" {
                try await changeIPv6CIDR(id, prior: prior, planned: planned, in: context)
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Subnet (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            try await EC2.deleteRetryingDependencies("EC2 Subnet \(id)", timeout: Timeouts.duration(current, "delete", default: .seconds(1200)), in: context) {
                var parameters = QueryParameters()
                parameters.set("SubnetId", id)
                _ = try await context.client.query(.ec2, action: "DeleteSubnet", parameters: parameters)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Subnet (\(id))")
        }
    }


    // MARK: Calls

    private func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("SubnetId", [id])
        do {
            return try await context.client.query(.ec2, action: "DescribeSubnets", parameters: parameters).all("subnetSet", "item").first
        } catch where EC2.isNotFound(error) {
            return nil
        }
    }

    /// ModifySubnetAttribute takes one attribute per call. Returns whether it made any.
    @discardableResult
    private func modifyAttributes(_ id: String, from old: Value, to new: Value, in context: AWSContext) async throws -> Bool {
        var modified = false
        let booleans = [
            ("map_public_ip_on_launch", "MapPublicIpOnLaunch"), ("assign_ipv6_address_on_creation", "AssignIpv6AddressOnCreation"),
            ("enable_dns64", "EnableDns64"), ("enable_resource_name_dns_a_record_on_launch", "EnableResourceNameDnsARecordOnLaunch"),
            ("enable_resource_name_dns_aaaa_record_on_launch", "EnableResourceNameDnsAAAARecordOnLaunch"),
        ]
        for (attribute, apiName) in booleans {
            guard let wanted = new.bool(attribute), wanted != (old.bool(attribute) ?? false) else { continue }
            var parameters = QueryParameters()
            parameters.set("SubnetId", id)
            parameters.set(apiName, QueryParameters { $0.set("Value", wanted) })
            _ = try await context.client.query(.ec2, action: "ModifySubnetAttribute", parameters: parameters)
            modified = true
        }
        if let wanted = new.bool("map_customer_owned_ip_on_launch"), wanted != (old.bool("map_customer_owned_ip_on_launch") ?? false) {
            var parameters = QueryParameters()
            parameters.set("SubnetId", id)
            parameters.set("MapCustomerOwnedIpOnLaunch", QueryParameters { $0.set("Value", wanted) })
            parameters.set("CustomerOwnedIpv4Pool", new.string("customer_owned_ipv4_pool"))
            _ = try await context.client.query(.ec2, action: "ModifySubnetAttribute", parameters: parameters)
            modified = true
        }
        if let wanted = new.string("private_dns_hostname_type_on_launch"), wanted != old.string("private_dns_hostname_type_on_launch") {
            var parameters = QueryParameters()
            parameters.set("SubnetId", id)
            parameters.set("PrivateDnsHostnameTypeOnLaunch", wanted)
            _ = try await context.client.query(.ec2, action: "ModifySubnetAttribute", parameters: parameters)
            modified = true
        }
        if let wanted = new.int("enable_lni_at_device_index"), wanted != (old.int("enable_lni_at_device_index") ?? 0), wanted != 0 {
            var parameters = QueryParameters()
            parameters.set("SubnetId", id)
            parameters.set("EnableLniAtDeviceIndex", wanted)
            _ = try await context.client.query(.ec2, action: "ModifySubnetAttribute", parameters: parameters)
            modified = true
        }
        return modified
    }

    private func changeIPv6CIDR(_ id: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        if let association = prior.string("ipv6_cidr_block_association_id"), !association.isEmpty {
            var parameters = QueryParameters()
            parameters.set("AssociationId", association)
            _ = try await context.client.query(.ec2, action: "DisassociateSubnetCidrBlock", parameters: parameters)
        }
        if let cidr = planned.string("ipv6_cidr_block"), !cidr.isEmpty {
            var parameters = QueryParameters()
            parameters.set("SubnetId", id)
            parameters.set("Ipv6CidrBlock", cidr)
            _ = try await context.client.query(.ec2, action: "AssociateSubnetCidrBlock", parameters: parameters)
        }
    }
}
