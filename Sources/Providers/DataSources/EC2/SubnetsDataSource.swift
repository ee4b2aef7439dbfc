import Provisioner
import ResourceGraph

/// `data "aws_subnets"`: the ids of the subnets matching tags and filter blocks (all the
/// region's subnets when none are given).
struct SubnetsDataSource: AWSDataSourceType {
    static let typeName = "aws_subnets"

    let schema = BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "ids": AttributeSchema(.list(.string), .computed),
            "tags": AttributeSchema(.map(.string), .optionalComputed),
        ],
        blocks: [
            "filter": EC2DataSourceFilters.filterBlock,
            "timeouts": Timeouts.block(create: false, update: false, delete: false, read: true),
        ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        let filters = EC2DataSourceFilters.tags(configuration) + EC2DataSourceFilters.custom(configuration)
        if !filters.isEmpty { parameters.setList("Filter", filters) }
        let subnets: [XMLNode]
        do {
            subnets = try await context.client.queryPages(.ec2, action: "DescribeSubnets", parameters: parameters, token: .ec2).flatMap { $0.all("subnetSet", "item") }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Subnets")
        }
        return configuration.setting([
            "id": .string(context.region),
            "ids": .stringList(subnets.compactMap { $0.string("subnetId") }),
        ])
    }
}
