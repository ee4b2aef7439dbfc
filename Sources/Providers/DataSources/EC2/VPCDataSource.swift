import Provisioner
import ResourceGraph

/// `data "aws_vpc"`: the one VPC matching the arguments (id, cidr_block, default,
/// dhcp_options_id, state, tags, filter blocks).
struct VPCDataSource: AWSDataSourceType {
    static let typeName = "aws_vpc"

    static let cidrAssociationType = ValueType.object(["association_id": .string, "cidr_block": .string, "state": .string])

    let schema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .optionalComputed),
            "arn": AttributeSchema(.string, .computed),
            "cidr_block": AttributeSchema(.string, .optionalComputed),
            "cidr_block_associations": AttributeSchema(.list(cidrAssociationType), .computed),
            "default": AttributeSchema(.bool, .optionalComputed),
            "dhcp_options_id": AttributeSchema(.string, .optionalComputed),
            "enable_dns_hostnames": AttributeSchema(.bool, .computed),
            "enable_dns_support": AttributeSchema(.bool, .computed),
            "enable_network_address_usage_metrics": AttributeSchema(.bool, .computed),
            "instance_tenancy": AttributeSchema(.string, .computed),
            "ipv6_association_id": AttributeSchema(.string, .computed),
            "ipv6_cidr_block": AttributeSchema(.string, .computed),
            "main_route_table_id": AttributeSchema(.string, .computed),
            "owner_id": AttributeSchema(.string, .computed),
            "state": AttributeSchema(.string, .optionalComputed),
            "tags": AttributeSchema(.map(.string), .optionalComputed),
        ],
        blocks: [
            "filter": EC2DataSourceFilters.filterBlock,
            "timeouts": Timeouts.block(create: false, update: false, delete: false, read: true),
        ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        if let id = configuration.string("id"), !id.isEmpty { parameters.setList("VpcId", [id]) }
        // "default = false" cannot be told from unset, so only true filters.
        let filters = EC2DataSourceFilters.attributes([
            "cidr": configuration.string("cidr_block"),
            "dhcp-options-id": configuration.string("dhcp_options_id"),
            "isDefault": configuration.bool("default") == true ? "true" : nil,
            "state": configuration.string("state"),
        ]) + EC2DataSourceFilters.custom(configuration) + EC2DataSourceFilters.tags(configuration)
        if !filters.isEmpty { parameters.setList("Filter", filters) }
        do {
            let vpcs = try await context.client.queryPages(.ec2, action: "DescribeVpcs", parameters: parameters, token: .ec2).flatMap { $0.all("vpcSet", "item") }
            let vpc = try EC2DataSourceFilters.single(vpcs, what: "EC2 VPC")
            guard let id = vpc.string("vpcId") else { throw ProviderError("Reading EC2 VPC", detail: "DescribeVpcs answered without a VPC id.") }
            async let dnsHostnames = attribute(id, "enableDnsHostnames", in: context)
            async let dnsSupport = attribute(id, "enableDnsSupport", in: context)
            async let usageMetrics = attribute(id, "enableNetworkAddressUsageMetrics", in: context)
            async let mainRouteTable = mainRouteTableID(id, in: context)
            let owner = vpc.string("ownerId")
            let ipv6 = vpc.all("ipv6CidrBlockAssociationSet", "item").first
            let associations = vpc.all("cidrBlockAssociationSet", "item").map { association in
                Value.object([
                    "association_id": .string(association.string("associationId") ?? ""),
                    "cidr_block": .string(association.string("cidrBlock") ?? ""),
                    "state": .string(association.string("cidrBlockState", "state") ?? ""),
                ])
            }
            return configuration.setting([
                "id": .string(id),
                "arn": .string(EC2.arn(context, owner: owner, resource: "vpc/\(id)")),
                "cidr_block": .string(vpc.string("cidrBlock")),
                "cidr_block_associations": .list(associations, of: Self.cidrAssociationType),
                "default": .bool(vpc.child("isDefault")?.boolValue ?? false),
                "dhcp_options_id": .string(vpc.string("dhcpOptionsId")),
                "instance_tenancy": .string(vpc.string("instanceTenancy")),
                "owner_id": .string(owner),
                "state": .string(vpc.string("state")),
                "ipv6_association_id": .string(ipv6?.string("associationId")),
                "ipv6_cidr_block": .string(ipv6?.string("ipv6CidrBlock")),
                "enable_dns_hostnames": .bool(try await dnsHostnames),
                "enable_dns_support": .bool(try await dnsSupport),
                "enable_network_address_usage_metrics": .bool(try await usageMetrics),
                "main_route_table_id": .string(try await mainRouteTable),
                "tags": EC2DataSourceFilters.reportedTags(of: vpc, in: context),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 VPC")
        }
    }

    private func attribute(_ id: String, _ name: String, in context: AWSContext) async throws -> Bool? {
        var parameters = QueryParameters()
        parameters.set("VpcId", id)
        parameters.set("Attribute", name)
        return try await context.client.query(.ec2, action: "DescribeVpcAttribute", parameters: parameters).path(name, "value")?.boolValue
    }

    /// The main route table, or nil when it cannot be found (the provider only warns then).
    private func mainRouteTableID(_ id: String, in context: AWSContext) async throws -> String? {
        var parameters = QueryParameters()
        parameters.setList("Filter", [EC2.filter("vpc-id", [id]), EC2.filter("association.main", ["true"])])
        return try? await context.client.query(.ec2, action: "DescribeRouteTables", parameters: parameters).all("routeTableSet", "item").first?.string("routeTableId")
    }
}
