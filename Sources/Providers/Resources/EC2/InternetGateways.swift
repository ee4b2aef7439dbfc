import Foundation
import Provisioner
import ResourceGraph

/// Calls shared by aws_internet_gateway and aws_internet_gateway_attachment.
enum InternetGateways {
    static func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        try await EC2.describeOne("DescribeInternetGateways", idParameter: "InternetGatewayId", id: id, set: "internetGatewaySet", in: context)
    }

    /// The state of the gateway's attachment to a VPC ("available" once attached), nil when
    /// it is not attached there.
    static func attachmentState(_ id: String, vpcID: String, in context: AWSContext) async throws -> String? {
        try await describe(id, in: context)?.all("attachmentSet", "item").first { $0.string("vpcId") == vpcID }?.string("state")
    }

    /// Attaches and waits until the attachment is available; a gateway created a moment ago
    /// may not be visible to AttachInternetGateway yet.
    static func attach(_ id: String, to vpcID: String, timeout: Duration, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("InternetGatewayId", id)
        parameters.set("VpcId", vpcID)
        context.progress("attaching to \(vpcID)")
        do {
            _ = try await EC2.retrying(on: ["InvalidInternetGatewayID.NotFound"], timeout: timeout) {
                try await context.client.query(.ec2, action: "AttachInternetGateway", parameters: parameters)
            }
        } catch let error as AWSError where error.code == "Resource.AlreadyAssociated" {
            // A repeat of an attempt whose answer was lost (by the client or by libcurl): fine
            // when it is attached to this VPC.
            guard try await attachmentState(id, vpcID: vpcID, in: context) != nil else { throw error }
        }
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 Internet Gateway \(id) to attach to \(vpcID)", progress: { context.progress("attachment: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            switch try await attachmentState(id, vpcID: vpcID, in: context) {
            case "available", "attached": return .done(())
            case let state?: return .pending(state)
            case nil: return .pending("not attached yet")
            }
        }
    }

    /// Detaches and waits until the attachment is gone. DependencyViolation (public addresses
    /// still mapped in the VPC, as a NAT gateway being deleted holds them) is retried; a
    /// gateway that is not attached there any more is fine.
    static func detach(_ id: String, from vpcID: String, timeout: Duration, in context: AWSContext) async throws {
        let parameters = QueryParameters { $0.set("InternetGatewayId", id); $0.set("VpcId", vpcID) }
        context.progress("detaching from \(vpcID)")
        do {
            try await EC2.deleteRetryingDependencies("the attachment of EC2 Internet Gateway \(id) to \(vpcID)", timeout: timeout, in: context) {
                _ = try await context.client.query(.ec2, action: "DetachInternetGateway", parameters: parameters)
            }
        } catch let error as AWSError where error.code == "Gateway.NotAttached" {
            return
        }
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 Internet Gateway \(id) to detach from \(vpcID)", progress: { context.progress("attachment: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let state = try await attachmentState(id, vpcID: vpcID, in: context), state != "detached" else { return .done(()) }
            return .pending(state)
        }
    }
}
