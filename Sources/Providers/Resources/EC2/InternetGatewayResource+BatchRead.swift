import Provisioner
import ResourceGraph

extension InternetGatewayResource: AWSBatchReadable {
    func readMany(_ current: [Value], in context: AWSContext) async throws -> [Value?] {
        do {
            return try await EC2.readMany(current, "DescribeInternetGateways", idFilter: "internet-gateway-id", set: "internetGatewaySet", idField: "internetGatewayId", in: context) { gateway, value in
                Self.object(from: gateway, id: gateway.string("internetGatewayId") ?? "", current: value, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Internet Gateways")
        }
    }
}
