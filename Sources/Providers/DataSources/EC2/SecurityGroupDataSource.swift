import Provisioner
import ResourceGraph

/// `data "aws_security_group"`: the one security group matching the arguments (id, name,
/// vpc_id, tags, filter blocks).
struct SecurityGroupDataSource: AWSDataSourceType {
    static let typeName = "aws_security_group"

    let schema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .optionalComputed),
            "arn": AttributeSchema(.string, .computed),
            "description": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed),
            "vpc_id": AttributeSchema(.string, .optionalComputed),
            "tags": AttributeSchema(.map(.string), .optionalComputed),
        ],
        blocks: [
            "filter": EC2DataSourceFilters.filterBlock,
            "timeouts": Timeouts.block(create: false, update: false, delete: false, read: true),
        ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        if let id = configuration.string("id"), !id.isEmpty { parameters.setList("GroupId", [id]) }
        let filters = EC2DataSourceFilters.attributes(["group-name": configuration.string("name"), "vpc-id": configuration.string("vpc_id")])
            + EC2DataSourceFilters.tags(configuration) + EC2DataSourceFilters.custom(configuration)
        if !filters.isEmpty { parameters.setList("Filter", filters) }
        do {
            let groups = try await context.client.queryPages(.ec2, action: "DescribeSecurityGroups", parameters: parameters, token: .ec2)
                .flatMap { $0.all("securityGroupInfo", "item") }
            let group = try EC2DataSourceFilters.single(groups, what: "EC2 Security Group")
            let id = group.string("groupId") ?? ""
            return configuration.setting([
                "id": .string(id),
                "arn": .string(EC2.arn(context, owner: group.string("ownerId"), resource: "security-group/\(id)")),
                "description": .string(group.string("groupDescription")),
                "name": .string(group.string("groupName")),
                "vpc_id": .string(group.string("vpcId")),
                "tags": EC2DataSourceFilters.reportedTags(of: group, in: context),
            ])
        } catch where EC2.isNotFound(error) {
            throw ProviderError("Reading EC2 Security Group", detail: "no matching EC2 Security Group found")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Security Group")
        }
    }
}
