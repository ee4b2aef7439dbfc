import Provisioner
import ResourceGraph

/// `data "aws_partition"`: the partition of the provider's region, from prov's partition table
/// (no API call).
struct PartitionDataSource: AWSDataSourceType {
    static let typeName = "aws_partition"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .optionalComputed),
        "partition": AttributeSchema(.string, .computed),
        "dns_suffix": AttributeSchema(.string, .computed),
        "reverse_dns_prefix": AttributeSchema(.string, .computed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        Self.attributes(for: context.region)
    }

    static func attributes(for region: String) -> Value {
        let partition = AWSPartition.containing(region: region)
        return .object([
            "id": .string(partition.id),
            "partition": .string(partition.id),
            "dns_suffix": .string(partition.dnsSuffix),
            // The suffix's labels reversed: com.amazonaws for amazonaws.com.
            "reverse_dns_prefix": .string(partition.dnsSuffix.split(separator: ".").reversed().joined(separator: ".")),
        ])
    }
}
