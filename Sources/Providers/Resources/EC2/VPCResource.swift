import Foundation
import Provisioner
import ResourceGraph

/// `aws_vpc`: a virtual private cloud. Import id: the VPC id.
struct VPCResource: AWSResourceType {
    static let displayName = "EC2 VPC"
    static let typeName = "aws_vpc"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "cidr_block": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "instance_tenancy": AttributeSchema(.string, .optional, default: .string("default")),
        "ipv4_ipam_pool_id": AttributeSchema(.string, .optional, forceNew: true),
        "ipv4_netmask_length": AttributeSchema(.number, .optional, forceNew: true),
        "assign_generated_ipv6_cidr_block": AttributeSchema(.bool, .optional),
        "ipv6_cidr_block": AttributeSchema(.string, .optionalComputed),
        "ipv6_ipam_pool_id": AttributeSchema(.string, .optional),
        "ipv6_netmask_length": AttributeSchema(.number, .optional),
        "ipv6_cidr_block_network_border_group": AttributeSchema(.string, .optionalComputed),
        "ipv6_association_id": AttributeSchema(.string, .computed),
        "enable_dns_support": AttributeSchema(.bool, .optional, default: .true),
        "enable_dns_hostnames": AttributeSchema(.bool, .optionalComputed),
        "enable_network_address_usage_metrics": AttributeSchema(.bool, .optionalComputed),
        "main_route_table_id": AttributeSchema(.string, .computed),
        "default_route_table_id": AttributeSchema(.string, .computed),
        "default_network_acl_id": AttributeSchema(.string, .computed),
        "default_security_group_id": AttributeSchema(.string, .computed),
        "dhcp_options_id": AttributeSchema(.string, .computed),
        "owner_id": AttributeSchema(.string, .computed),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }), version: 1)

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        parameters.set("CidrBlock", planned.string("cidr_block"))
        parameters.set("InstanceTenancy", planned.string("instance_tenancy"))
        parameters.set("Ipv4IpamPoolId", planned.string("ipv4_ipam_pool_id"))
        parameters.set("Ipv4NetmaskLength", planned.int("ipv4_netmask_length"))
        if planned.bool("assign_generated_ipv6_cidr_block") == true { parameters.set("AmazonProvidedIpv6CidrBlock", true) }
        parameters.set("Ipv6CidrBlock", planned.string("ipv6_cidr_block"))
        parameters.set("Ipv6IpamPoolId", planned.string("ipv6_ipam_pool_id"))
        parameters.set("Ipv6NetmaskLength", planned.int("ipv6_netmask_length"))
        parameters.set("Ipv6CidrBlockNetworkBorderGroup", planned.string("ipv6_cidr_block_network_border_group"))
        EC2.setTagSpecification(&parameters, resourceType: "vpc", tags: planned.stringMap("tags_all") ?? [:])

        let response: XMLNode
        do {
            // CreateVpc takes no client token, so it must not be repeated blindly.
            response = try await context.client.query(.ec2, action: "CreateVpc", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 VPC")
        }
        guard let id = response.string("vpc", "vpcId") else {
            throw ProviderError("Creating EC2 VPC", detail: "CreateVpc answered without a VPC id.")
        }
        let partial = planned.setting(["id": .string(id)])
        let created = response.child("vpc")
        do {
            let availableAtOnce = created?.string("state") == "available"
            if !availableAtOnce {
                try await EC2.waitForState("EC2 VPC \(id)", wanted: "available", timeout: .seconds(600), in: context) {
                    try await describe(id, in: context)?.string("state")
                }
            }
            if planned.bool("enable_dns_hostnames") == true { try await modifyAttribute(id, "EnableDnsHostnames", true, in: context) }
            if planned.bool("enable_dns_support") == false { try await modifyAttribute(id, "EnableDnsSupport", false, in: context) }
            if planned.bool("enable_network_address_usage_metrics") == true { try await modifyAttribute(id, "EnableNetworkAddressUsageMetrics", true, in: context) }
            // CreateVpc answered with the whole VPC, available: only what DescribeVpcs does not
            // hold (settings, default route table, ACL and group) is asked for.
            if availableAtOnce, let created, EC2.tags(of: created) == planned.stringMap("tags_all") ?? [:] {
                return Self.object(from: created, related: try await related(id, in: context), current: partial, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 VPC (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let vpc = try await describe(id, in: context) else { return nil }
            return Self.object(from: vpc, related: try await related(id, in: context), current: current, in: context)
        } catch where EC2.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 VPC (\(id))")
        }
    }

    /// What a VPC's object holds beyond DescribeVpcs' answer: its DNS and usage metrics
    /// settings and the ids of its main route table, default network ACL and default group.
    struct Related: Sendable {
        var attributes: Attributes
        var mainRouteTable: String?
        var defaultACL: String?
        var defaultGroup: String?
    }

    /// What a VPC's object holds beyond DescribeVpcs' answer, asked for all at once.
    func related(_ id: String, in context: AWSContext) async throws -> Related {
        async let attributes = Self.attributes(id, in: context)
        async let mainRouteTable = mainRouteTableID(id, in: context)
        async let defaultACL = lookupID(action: "DescribeNetworkAcls", set: "networkAclSet", field: "networkAclId", filters: [EC2.filter("vpc-id", [id]), EC2.filter("default", ["true"])], in: context)
        async let defaultGroup = lookupID(action: "DescribeSecurityGroups", set: "securityGroupInfo", field: "groupId", filters: [EC2.filter("vpc-id", [id]), EC2.filter("group-name", ["default"])], in: context)
        return Related(attributes: try await attributes, mainRouteTable: try await mainRouteTable, defaultACL: try await defaultACL, defaultGroup: try await defaultGroup)
    }

    /// The settings DescribeVpcAttribute reports, one attribute per call.
    struct Attributes: Sendable {
        var dnsHostnames: Bool?
        var dnsSupport: Bool?
        var usageMetrics: Bool?
    }

    static func attributes(_ id: String, in context: AWSContext) async throws -> Attributes {
        async let dnsHostnames = attribute(id, "enableDnsHostnames", in: context)
        async let dnsSupport = attribute(id, "enableDnsSupport", in: context)
        async let usageMetrics = attribute(id, "enableNetworkAddressUsageMetrics", in: context)
        return Attributes(dnsHostnames: try await dnsHostnames, dnsSupport: try await dnsSupport, usageMetrics: try await usageMetrics)
    }

    /// The object `read` gives for a described VPC.
    static func object(from vpc: XMLNode, related: Related, current: Value, in context: AWSContext) -> Value {
        let id = vpc.string("vpcId") ?? ""
        let owner = vpc.string("ownerId")
        let ipv6 = vpc.all("ipv6CidrBlockAssociationSet", "item").first { $0.string("ipv6CidrBlockState", "state") == "associated" }
        let amazonPool = ipv6?.string("ipv6Pool") == "Amazon"
        var attributes: [String: Value] = [
            "id": .string(id),
            "arn": .string(EC2.arn(context, owner: owner, resource: "vpc/\(id)")),
            "cidr_block": .string(vpc.string("cidrBlock")),
            "instance_tenancy": .string(vpc.string("instanceTenancy")),
            "dhcp_options_id": .string(vpc.string("dhcpOptionsId")),
            "owner_id": .string(owner),
            "ipv4_ipam_pool_id": current[attribute: "ipv4_ipam_pool_id"] ?? .null(.string),
            "ipv4_netmask_length": current[attribute: "ipv4_netmask_length"] ?? .null(.number),
            "assign_generated_ipv6_cidr_block": .bool(ipv6 != nil && amazonPool),
            "ipv6_association_id": .string(ipv6?.string("associationId") ?? ""),
            "ipv6_cidr_block": .string(ipv6?.string("ipv6CidrBlock") ?? ""),
            "ipv6_cidr_block_network_border_group": .string(ipv6?.string("networkBorderGroup") ?? ""),
            "ipv6_ipam_pool_id": ipv6 == nil || amazonPool ? .null(.string) : .string(ipv6?.string("ipv6Pool")),
            "ipv6_netmask_length": current[attribute: "ipv6_netmask_length"] ?? .null(.number),
            "enable_dns_hostnames": .bool(related.attributes.dnsHostnames),
            "enable_dns_support": .bool(related.attributes.dnsSupport),
            "enable_network_address_usage_metrics": .bool(related.attributes.usageMetrics),
            "main_route_table_id": .string(related.mainRouteTable),
            "default_route_table_id": .string(related.mainRouteTable),
            "default_network_acl_id": .string(related.defaultACL),
            "default_security_group_id": .string(related.defaultGroup),
        ]
        attributes.merge(AWSTags.attributes(remote: EC2.tags(of: vpc), prior: current, settings: context.settings)) { _, new in new }
        return .object(attributes)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 VPC", detail: "the VPC has no id in state.") }
        do {
            for (attribute, apiName) in [("enable_dns_hostnames", "EnableDnsHostnames"), ("enable_dns_support", "EnableDnsSupport"), ("enable_network_address_usage_metrics", "EnableNetworkAddressUsageMetrics")] {
                if let wanted = planned.bool(attribute), wanted != prior.bool(attribute) {
                    try await modifyAttribute(id, apiName, wanted, in: context)
                }
            }
            if let tenancy = planned.string("instance_tenancy"), tenancy != prior.string("instance_tenancy") {
                var parameters = QueryParameters()
                parameters.set("VpcId", id)
                parameters.set("InstanceTenancy", tenancy)
                _ = try await context.client.query(.ec2, action: "ModifyVpcTenancy", parameters: parameters)
            }
            if planned.bool("assign_generated_ipv6_cidr_block") != prior.bool("assign_generated_ipv6_cidr_block") {
                try await changeIPv6Association(id, assign: planned.bool("assign_generated_ipv6_cidr_block") == true, prior: prior, in: context)
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 VPC (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            try await EC2.deleteRetryingDependencies("EC2 VPC \(id)", timeout: .seconds(300), in: context) {
                var parameters = QueryParameters()
                parameters.set("VpcId", id)
                _ = try await context.client.query(.ec2, action: "DeleteVpc", parameters: parameters)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 VPC (\(id))")
        }
    }


    // MARK: Calls

    private func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("VpcId", [id])
        do {
            return try await context.client.query(.ec2, action: "DescribeVpcs", parameters: parameters).all("vpcSet", "item").first
        } catch where EC2.isNotFound(error) {
            return nil
        }
    }

    private static func attribute(_ id: String, _ name: String, in context: AWSContext) async throws -> Bool? {
        var parameters = QueryParameters()
        parameters.set("VpcId", id)
        parameters.set("Attribute", name)
        let response = try await context.client.query(.ec2, action: "DescribeVpcAttribute", parameters: parameters)
        return response.path(name, "value")?.boolValue
    }

    private func modifyAttribute(_ id: String, _ name: String, _ value: Bool, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("VpcId", id)
        parameters.set(name, QueryParameters { $0.set("Value", value) })
        _ = try await context.client.query(.ec2, action: "ModifyVpcAttribute", parameters: parameters)
    }

    private func mainRouteTableID(_ id: String, in context: AWSContext) async throws -> String? {
        try await lookupID(action: "DescribeRouteTables", set: "routeTableSet", field: "routeTableId", filters: [EC2.filter("vpc-id", [id]), EC2.filter("association.main", ["true"])], in: context)
    }

    private func lookupID(action: String, set: String, field: String, filters: [QueryParameters], in context: AWSContext) async throws -> String? {
        var parameters = QueryParameters()
        parameters.setList("Filter", filters)
        return try await context.client.query(.ec2, action: action, parameters: parameters).all(set, "item").first?.string(field)
    }

    private func changeIPv6Association(_ id: String, assign: Bool, prior: Value, in context: AWSContext) async throws {
        if assign {
            var parameters = QueryParameters()
            parameters.set("VpcId", id)
            parameters.set("AmazonProvidedIpv6CidrBlock", true)
            _ = try await context.client.query(.ec2, action: "AssociateVpcCidrBlock", parameters: parameters)
        } else if let association = prior.string("ipv6_association_id"), !association.isEmpty {
            var parameters = QueryParameters()
            parameters.set("AssociationId", association)
            _ = try await context.client.query(.ec2, action: "DisassociateVpcCidrBlock", parameters: parameters)
        }
    }
}
