import Foundation
import Provisioner
import ResourceGraph

/// `aws_network_acl_association`: puts a subnet in a network ACL (replacing the subnet's
/// current association); deleting it moves the subnet back to its VPC's default ACL.
/// Import id: the association id (`aclassoc-…`).
struct NetworkACLAssociationResource: AWSResourceType {
    static let displayName = "EC2 Network ACL Association"
    static let typeName = "aws_network_acl_association"
    /// Creating again is harmless: it replaces the subnet's association.
    static let createIsRepeatable = true

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "network_acl_id": AttributeSchema(.string, .required, forceNew: true),
        "subnet_id": AttributeSchema(.string, .required, forceNew: true),
    ]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let aclID = planned.string("network_acl_id"), let subnetID = planned.string("subnet_id") else {
            throw ProviderError("Creating EC2 Network ACL Association", detail: "network_acl_id and subnet_id must be known.")
        }
        guard let id = try await NetworkACLs.associate(subnetID: subnetID, aclID: aclID, in: context) else {
            throw ProviderError("Creating EC2 Network ACL (\(aclID)) Association", detail: "EC2 Subnet \(subnetID) does not exist.")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            try await EC2.waitUntilExists("EC2 Network ACL Association \(id)", timeout: NetworkACLs.propagationTimeout, in: context) {
                try await association(id, in: context) != nil
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Network ACL (\(aclID)) Association", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let (acl, association) = try await association(id, in: context) else { return nil }
            return .object([
                "id": .string(id),
                "network_acl_id": .string(association.string("networkAclId") ?? acl.string("networkAclId")),
                "subnet_id": .string(association.string("subnetId")),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Network ACL Association (\(id))")
        }
    }

    /// Both arguments force a new association, so there is nothing to change in place.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            guard let (acl, _) = try await association(id, in: context), let vpcID = acl.string("vpcId") else { return }
            let defaultID = try await NetworkACLs.defaultACLID(ofVPC: vpcID, in: context)
            _ = try await NetworkACLs.replaceAssociation(id, aclID: defaultID, in: context)
        } catch let error as AWSError where error.code == "InvalidAssociationID.NotFound" {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Network ACL Association (\(id))")
        }
    }

    /// The ACL that has the association, with the association; nil when no ACL has it (the
    /// subnet moved elsewhere, which replaced the association).
    private func association(_ id: String, in context: AWSContext) async throws -> (XMLNode, XMLNode)? {
        let acls = try await NetworkACLs.find([EC2.filter("association.association-id", [id])], in: context)
        for acl in acls {
            if let association = acl.all("associationSet", "item").first(where: { $0.string("networkAclAssociationId") == id }) {
                return (acl, association)
            }
        }
        return nil
    }
}
