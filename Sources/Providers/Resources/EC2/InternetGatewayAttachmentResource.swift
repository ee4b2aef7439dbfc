import Foundation
import Provisioner
import ResourceGraph

/// `aws_internet_gateway_attachment`: an internet gateway attached to a VPC, for gateways
/// declared without `vpc_id`. Import id: `igw-…:vpc-…`, which is also its id.
struct InternetGatewayAttachmentResource: AWSResourceType {
    static let displayName = "EC2 Internet Gateway Attachment"
    static let typeName = "aws_internet_gateway_attachment"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "internet_gateway_id": AttributeSchema(.string, .required, forceNew: true),
            "vpc_id": AttributeSchema(.string, .required, forceNew: true),
        ],
        blocks: ["timeouts": Timeouts.block(create: true, update: false, delete: true)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        PlannedChange(planned: proposed)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let gatewayID = planned.string("internet_gateway_id"), let vpcID = planned.string("vpc_id") else {
            throw ProviderError("Creating EC2 Internet Gateway Attachment", detail: "internet_gateway_id and vpc_id must be known.")
        }
        do {
            try await InternetGateways.attach(gatewayID, to: vpcID, timeout: Timeouts.duration(planned, "create", default: .seconds(1200)), in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Internet Gateway Attachment (\(gatewayID), \(vpcID))")
        }
        return try await readBack(planned.setting(["id": .string(Self.id(gatewayID, vpcID))]), in: context, after: "creating")
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        let (gatewayID, vpcID) = try Self.parse(id)
        do {
            guard let state = try await InternetGateways.attachmentState(gatewayID, vpcID: vpcID, in: context), state != "detached" else { return nil }
            return .object([
                "id": .string(id),
                "internet_gateway_id": .string(gatewayID),
                "vpc_id": .string(vpcID),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Internet Gateway Attachment (\(id))")
        }
    }

    /// Every argument forces a new attachment, so there is nothing to change in place.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        let (gatewayID, vpcID) = try Self.parse(id)
        do {
            try await InternetGateways.detach(gatewayID, from: vpcID, timeout: Timeouts.duration(current, "delete", default: .seconds(1200)), in: context)
        } catch where EC2.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Internet Gateway Attachment (\(id))")
        }
    }

    static func id(_ gatewayID: String, _ vpcID: String) -> String { "\(gatewayID):\(vpcID)" }

    static func parse(_ id: String) throws -> (gatewayID: String, vpcID: String) {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ProviderError("Invalid EC2 Internet Gateway Attachment id", detail: "\"\(id)\" is not INTERNET-GATEWAY-ID:VPC-ID (for example igw-0c0a1b2c:vpc-0d1e2f3a).")
        }
        return (String(parts[0]), String(parts[1]))
    }
}

// MARK: Reconciliation

extension InternetGatewayAttachmentResource {
    /// The id is `GATEWAY-ID:VPC-ID`.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? {
        guard let gateway = configuration.string("internet_gateway_id"), let vpc = configuration.string("vpc_id") else { return nil }
        return ["id": .string("\(gateway):\(vpc)")]
    }
}
