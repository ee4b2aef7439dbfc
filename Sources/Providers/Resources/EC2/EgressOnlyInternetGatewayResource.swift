import Foundation
import Provisioner
import ResourceGraph

/// `aws_egress_only_internet_gateway`: outbound-only IPv6 internet access for a VPC.
/// Import id: the gateway id.
struct EgressOnlyInternetGatewayResource: AWSResourceType {
    static let displayName = "EC2 Egress-only Internet Gateway"
    static let typeName = "aws_egress_only_internet_gateway"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "vpc_id": AttributeSchema(.string, .required, forceNew: true),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        parameters.set("VpcId", planned.string("vpc_id"))
        // The client token makes a retried call return the gateway the first one made.
        parameters.set("ClientToken", context.idempotencyToken)
        EC2.setTagSpecification(&parameters, resourceType: "egress-only-internet-gateway", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateEgressOnlyInternetGateway", parameters: parameters, idempotent: context.idempotencyToken != nil)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Egress-only Internet Gateway")
        }
        guard let id = response.string("egressOnlyInternetGateway", "egressOnlyInternetGatewayId") else {
            throw ProviderError("Creating EC2 Egress-only Internet Gateway", detail: "CreateEgressOnlyInternetGateway answered without a gateway id.")
        }
        return try await readBack(planned.setting(["id": .string(id)]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let gateway = try await EC2.describeOne("DescribeEgressOnlyInternetGateways", idParameter: "EgressOnlyInternetGatewayId", id: id, set: "egressOnlyInternetGatewaySet", in: context) else { return nil }
            let attachments = gateway.all("attachmentSet", "item")
            let vpcID = attachments.count == 1 && attachments[0].string("state") == "attached" ? attachments[0].string("vpcId") : nil
            var attributes: [String: Value] = ["id": .string(id), "vpc_id": .string(vpcID)]
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: gateway), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Egress-only Internet Gateway (\(id))")
        }
    }

    /// Only tags change in place; `vpc_id` forces a new gateway.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Egress-only Internet Gateway", detail: "the gateway has no id in state.") }
        do {
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Egress-only Internet Gateway (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            try await EC2.deleteRetryingDependencies("EC2 Egress-only Internet Gateway \(id)", timeout: .seconds(300), in: context) {
                var parameters = QueryParameters()
                parameters.set("EgressOnlyInternetGatewayId", id)
                _ = try await context.client.query(.ec2, action: "DeleteEgressOnlyInternetGateway", parameters: parameters)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Egress-only Internet Gateway (\(id))")
        }
    }
}
