import Provisioner
import ResourceGraph

extension SecurityGroupResource: AWSBatchReadable {
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?] {
        do {
            return try await EC2.readMany(current, "DescribeSecurityGroups", idFilter: "group-id", set: "securityGroupInfo", idField: "groupId", in: context) { group, value in
                Self.object(from: group, current: value, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Security Groups")
        }
    }
}
