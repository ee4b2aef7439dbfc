import Provisioner
import ResourceGraph

extension RouteTableResource: AWSBatchReadable {
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?] {
        do {
            return try await EC2.readMany(current, "DescribeRouteTables", idFilter: "route-table-id", set: "routeTableSet", idField: "routeTableId", in: context) { table, value in
                try await Self.object(from: table, id: table.string("routeTableId") ?? "", current: value, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Route Tables")
        }
    }
}
