import Foundation
import Provisioner
import ResourceGraph

/// `aws_internet_gateway`: an internet gateway, attached to `vpc_id` when one is given (the
/// attachment follows `vpc_id` on update and is undone before delete). Import id: the gateway id.
struct InternetGatewayResource: AWSResourceType {
    static let displayName = "EC2 Internet Gateway"
    static let typeName = "aws_internet_gateway"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "owner_id": AttributeSchema(.string, .computed),
            // Optional and computed: a gateway attached by aws_internet_gateway_attachment
            // shows its VPC here without a diff.
            "vpc_id": AttributeSchema(.string, .optionalComputed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["timeouts": Timeouts.block(create: true, update: true, delete: true)]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        EC2.setTagSpecification(&parameters, resourceType: "internet-gateway", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateInternetGateway", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Internet Gateway")
        }
        guard let id = response.string("internetGateway", "internetGatewayId") else {
            throw ProviderError("Creating EC2 Internet Gateway", detail: "CreateInternetGateway answered without a gateway id.")
        }
        let partial = planned.setting(["id": .string(id), "vpc_id": .string("")])
        do {
            if let vpcID = planned.string("vpc_id"), !vpcID.isEmpty {
                try await InternetGateways.attach(id, to: vpcID, timeout: Timeouts.duration(planned, "create", default: .seconds(1200)), in: context)
            } else if let created = response.child("internetGateway"), EC2.tags(of: created) == planned.stringMap("tags_all") ?? [:] {
                // CreateInternetGateway answers with the whole gateway; unattached, nothing
                // has changed it since.
                return Self.object(from: created, id: id, current: partial, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Internet Gateway (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let gateway = try await InternetGateways.describe(id, in: context) else { return nil }
            return Self.object(from: gateway, id: id, current: current, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Internet Gateway (\(id))")
        }
    }

    /// The object `read` gives for a described gateway.
    static func object(from gateway: XMLNode, id: String, current: Value, in context: AWSContext) -> Value {
        let owner = gateway.string("ownerId")
        var attributes: [String: Value] = [
            "id": .string(id),
            "arn": .string(EC2.arn(context, owner: owner, resource: "internet-gateway/\(id)")),
            "owner_id": .string(owner),
            "vpc_id": .string(gateway.all("attachmentSet", "item").first?.string("vpcId") ?? ""),
            "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
        ]
        attributes.merge(AWSTags.attributes(remote: EC2.tags(of: gateway), prior: current, settings: context.settings)) { _, new in new }
        return .object(attributes)
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 Internet Gateway", detail: "the gateway has no id in state.") }
        let timeout = Timeouts.duration(planned, "update", default: .seconds(1200))
        do {
            let before = prior.string("vpc_id") ?? "", after = planned.string("vpc_id") ?? ""
            if before != after {
                if !before.isEmpty { try await InternetGateways.detach(id, from: before, timeout: timeout, in: context) }
                if !after.isEmpty { try await InternetGateways.attach(id, to: after, timeout: timeout, in: context) }
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 Internet Gateway (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: .seconds(1200))
        do {
            // Detach from whatever VPC AWS says it is attached to now, not only the one in state.
            let attached = try await InternetGateways.describe(id, in: context)?.all("attachmentSet", "item").compactMap { $0.string("vpcId") } ?? []
            for vpcID in Set(attached + [current.string("vpc_id") ?? ""]) where !vpcID.isEmpty {
                try await InternetGateways.detach(id, from: vpcID, timeout: timeout, in: context)
            }
            try await EC2.deleteRetryingDependencies("EC2 Internet Gateway \(id)", timeout: timeout, in: context) {
                var parameters = QueryParameters()
                parameters.set("InternetGatewayId", id)
                _ = try await context.client.query(.ec2, action: "DeleteInternetGateway", parameters: parameters)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Internet Gateway (\(id))")
        }
    }
}
