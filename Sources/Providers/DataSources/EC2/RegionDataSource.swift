import Provisioner
import ResourceGraph

/// `data "aws_region"`: the provider's region (or the named one) and its EC2 endpoint.
struct RegionDataSource: AWSDataSourceType {
    static let typeName = "aws_region"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .optionalComputed),
        "region": AttributeSchema(.string, .optionalComputed),
        "endpoint": AttributeSchema(.string, .optionalComputed),
        "description": AttributeSchema(.string, .computed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        let name = configuration.string("region") ?? configuration.string("name") ?? context.region
        var parameters = QueryParameters()
        parameters.setList("RegionName", [name])
        let endpoint: String?
        do {
            let regions = try await context.client.query(.ec2, action: "DescribeRegions", parameters: parameters)
            endpoint = regions.all("regionInfo", "item").first?.string("regionEndpoint")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 region \(name)")
        }
        guard let endpoint else {
            throw ProviderError("Reading EC2 region \(name)", detail: "no region named \(name) is available to this account.")
        }
        return .object([
            "id": .string(name),
            "name": .string(name),
            "region": .string(name),
            "endpoint": .string(endpoint),
            "description": .string(AWSPartition.containing(region: name).id == "aws" ? "AWS region \(name)" : "\(AWSPartition.containing(region: name).id) region \(name)"),
        ])
    }
}
