import Provisioner
import ResourceGraph

extension VPCResource: AWSBatchReadable {
    /// DescribeVpcs and the lookups of main route tables, default network ACLs and default
    /// groups take many VPCs a call; DescribeVpcAttribute takes one VPC and one attribute, so
    /// those stay three calls a VPC.
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?] {
        let ids = current.compactMap { $0.string("id") }
        guard !ids.isEmpty else { return current.map { _ in nil } }
        do {
            async let described = EC2.describeMany("DescribeVpcs", idFilter: "vpc-id", ids: ids, set: "vpcSet", idField: "vpcId", in: context)
            async let mainTables = EC2.describeMany("DescribeRouteTables", idFilter: "vpc-id", ids: ids, filters: [EC2.filter("association.main", ["true"])], set: "routeTableSet", idField: "vpcId", in: context)
            async let defaultACLs = EC2.describeMany("DescribeNetworkAcls", idFilter: "vpc-id", ids: ids, filters: [EC2.filter("default", ["true"])], set: "networkAclSet", idField: "vpcId", in: context)
            async let defaultGroups = EC2.describeMany("DescribeSecurityGroups", idFilter: "vpc-id", ids: ids, filters: [EC2.filter("group-name", ["default"])], set: "securityGroupInfo", idField: "vpcId", in: context)
            let vpcs = try await described
            let settings = try await Self.attributes(ofEach: Array(vpcs.keys), in: context)
            let (tables, acls, groups) = (try await mainTables, try await defaultACLs, try await defaultGroups)
            return current.map { value in
                guard let id = value.string("id"), let vpc = vpcs[id], let attributes = settings[id] else { return nil }
                let related = Related(
                    attributes: attributes, mainRouteTable: tables[id]?.string("routeTableId"),
                    defaultACL: acls[id]?.string("networkAclId"), defaultGroup: groups[id]?.string("groupId"))
                return Self.object(from: vpc, related: related, current: value, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 VPCs")
        }
    }

    /// Each VPC's DescribeVpcAttribute settings, ten VPCs (thirty calls) at a time. A VPC gone
    /// since it was described is left out, so it reads as gone.
    private static func attributes(ofEach ids: [String], in context: AWSContext) async throws -> [String: Attributes] {
        var found: [String: Attributes] = [:]
        for start in stride(from: 0, to: ids.count, by: 10) {
            try await withThrowingTaskGroup(of: (String, Attributes?).self) { group in
                for id in ids[start..<min(start + 10, ids.count)] {
                    group.addTask {
                        do {
                            return (id, try await attributes(id, in: context))
                        } catch where EC2.isNotFound(error) {
                            return (id, nil)
                        }
                    }
                }
                for try await (id, attributes) in group {
                    if let attributes { found[id] = attributes }
                }
            }
        }
        return found
    }
}
