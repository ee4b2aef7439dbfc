import Provisioner
import ResourceGraph

extension SubnetResource: AWSBatchReadable {
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?] {
        do {
            return try await EC2.readMany(current, "DescribeSubnets", idFilter: "subnet-id", set: "subnetSet", idField: "subnetId", in: context) { subnet, value in
                Self.object(from: subnet, current: value, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Subnets")
        }
    }
}
