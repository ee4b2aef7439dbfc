import Foundation
import Provisioner
import ResourceGraph

/// What the network ACL types share: finding ACLs, their entries and their subnet
/// associations. A subnet always belongs to exactly one network ACL: associating it replaces
/// its association, and "removing" it moves it back to its VPC's default ACL.
enum NetworkACLs {
    /// How long EC2 may take to show a change to network ACLs everywhere.
    static let propagationTimeout = Duration.seconds(300)

    /// The described ACL, or nil when there is none with this id.
    static func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("NetworkAclId", [id])
        do {
            return try await context.client.query(.ec2, action: "DescribeNetworkAcls", parameters: parameters).all("networkAclSet", "item").first
        } catch where EC2.isNotFound(error) || (error as? AWSError)?.code == "InvalidNetworkAclID.Malformed" {
            return nil
        }
    }

    /// The ACLs matching EC2 filters.
    static func find(_ filters: [QueryParameters], in context: AWSContext) async throws -> [XMLNode] {
        var parameters = QueryParameters()
        parameters.setList("Filter", filters)
        return try await context.client.queryPages(.ec2, action: "DescribeNetworkAcls", parameters: parameters, token: .ec2)
            .flatMap { $0.all("networkAclSet", "item") }
    }

    /// The id of a VPC's default network ACL.
    static func defaultACLID(ofVPC vpcID: String, in context: AWSContext) async throws -> String {
        guard let id = try await find([EC2.filter("default", ["true"]), EC2.filter("vpc-id", [vpcID])], in: context).first?.string("networkAclId") else {
            throw ProviderError("Reading EC2 VPC (\(vpcID)) default Network ACL", detail: "the VPC has no default network ACL.")
        }
        return id
    }

    /// The described ACL's rules in one direction, without AWS's own catch-all rules.
    static func entries(of acl: XMLNode, egress: Bool) -> [NetworkACLEntry] {
        acl.all("entrySet", "item")
            .filter { ($0.child("egress")?.boolValue == true) == egress }
            .map { NetworkACLEntry(described: $0) }
            .filter { !NetworkACLEntry.defaultRuleNumbers.contains($0.ruleNumber) }
    }

    /// The attributes `aws_network_acl` and `aws_default_network_acl` share.
    static func attributes(of acl: XMLNode, current: Value, in context: AWSContext) -> [String: Value] {
        let id = acl.string("networkAclId") ?? ""
        let owner = acl.string("ownerId")
        var attributes: [String: Value] = [
            "id": .string(id),
            "arn": .string(EC2.arn(context, owner: owner, resource: "network-acl/\(id)")),
            "owner_id": .string(owner),
            "vpc_id": .string(acl.string("vpcId")),
            "subnet_ids": .stringSet(acl.all("associationSet", "item").compactMap { $0.string("subnetId") }),
            "ingress": .set(entries(of: acl, egress: false).map(\.value), of: NetworkACLEntry.elementSchema.valueType),
            "egress": .set(entries(of: acl, egress: true).map(\.value), of: NetworkACLEntry.elementSchema.valueType),
        ]
        attributes.merge(AWSTags.attributes(remote: EC2.tags(of: acl), prior: current, settings: context.settings)) { _, new in new }
        return attributes
    }

    // MARK: Entries

    static func createEntries(_ entries: [NetworkACLEntry], aclID: String, egress: Bool, in context: AWSContext) async throws {
        for entry in entries {
            do {
                // A repeated create fails on the taken rule number, so it is not retried blindly.
                _ = try await context.client.query(.ec2, action: "CreateNetworkAclEntry", parameters: try entry.createParameters(aclID: aclID, egress: egress), idempotent: false)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 Network ACL (\(aclID)) Entry (\(egress ? "egress" : "ingress") rule \(entry.ruleNumber))")
            }
        }
    }

    static func deleteEntries(_ entries: [NetworkACLEntry], aclID: String, egress: Bool, in context: AWSContext) async throws {
        for entry in entries where !NetworkACLEntry.defaultRuleNumbers.contains(entry.ruleNumber) {
            var parameters = QueryParameters()
            parameters.set("NetworkAclId", aclID)
            parameters.set("RuleNumber", entry.ruleNumber)
            parameters.set("Egress", egress)
            do {
                _ = try await context.client.query(.ec2, action: "DeleteNetworkAclEntry", parameters: parameters)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Network ACL (\(aclID)) Entry (\(egress ? "egress" : "ingress") rule \(entry.ruleNumber))")
            }
        }
    }

    /// Brings the ACL's rules from the prior blocks to the planned ones: deletes the rules no
    /// longer planned, then creates the new ones. A direction whose plan is not known is left
    /// alone.
    static func updateEntries(_ aclID: String, prior: Value?, planned: Value, in context: AWSContext) async throws {
        for (name, egress) in [("ingress", false), ("egress", true)] {
            guard let wanted = planned[attribute: name], wanted.isWhollyKnown else { continue }
            let old = NetworkACLEntry.entries(of: prior?[attribute: name])
            let new = NetworkACLEntry.entries(of: wanted)
            try await deleteEntries(old.filter { !new.contains($0) }, aclID: aclID, egress: egress, in: context)
            try await createEntries(new.filter { !old.contains($0) }, aclID: aclID, egress: egress, in: context)
        }
    }

    // MARK: Associations

    /// The subnet's current association id, or nil when the subnet is gone.
    static func associationID(ofSubnet subnetID: String, in context: AWSContext) async throws -> String? {
        let acls = try await find([EC2.filter("association.subnet-id", [subnetID])], in: context)
        return acls.flatMap { $0.all("associationSet", "item") }.first { $0.string("subnetId") == subnetID }?.string("networkAclAssociationId")
    }

    /// Moves a subnet to the ACL; returns the new association id, or nil when the subnet is gone.
    @discardableResult
    static func associate(subnetID: String, aclID: String, in context: AWSContext) async throws -> String? {
        do {
            guard let current = try await associationID(ofSubnet: subnetID, in: context) else { return nil }
            return try await replaceAssociation(current, aclID: aclID, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "associating EC2 Subnet (\(subnetID)) with Network ACL (\(aclID))")
        }
    }

    /// Replaces an association; a new association can take a moment to be known, so a
    /// not-found answer is retried for a while.
    static func replaceAssociation(_ associationID: String, aclID: String, in context: AWSContext) async throws -> String {
        var parameters = QueryParameters()
        parameters.set("AssociationId", associationID)
        parameters.set("NetworkAclId", aclID)
        let deadline = ContinuousClock.now.advanced(by: propagationTimeout)
        while true {
            do {
                let response = try await context.client.query(.ec2, action: "ReplaceNetworkAclAssociation", parameters: parameters)
                guard let id = response.string("newAssociationId") else {
                    throw ProviderError("Replacing EC2 Network ACL Association (\(associationID))", detail: "ReplaceNetworkAclAssociation answered without a new association id.")
                }
                return id
            } catch let error as AWSError where error.code == "InvalidAssociationID.NotFound" && ContinuousClock.now < deadline {
                context.progress("waiting for association \(associationID) to be known")
                try await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Moves subnets back to their VPC's default ACL (subnets already gone are skipped).
    static func moveToDefault(subnetIDs: [String], vpcID: String, in context: AWSContext) async throws {
        guard !subnetIDs.isEmpty else { return }
        let defaultID = try await defaultACLID(ofVPC: vpcID, in: context)
        for subnetID in subnetIDs {
            guard let association = try await associationID(ofSubnet: subnetID, in: context) else { continue }
            do {
                _ = try await replaceAssociation(association, aclID: defaultID, in: context)
            } catch let error as AWSError where error.code == "InvalidAssociationID.NotFound" {
                continue
            }
        }
    }

    /// Associates the planned subnets that are not associated yet and, unless `keepRemoved`
    /// (the default ACL, whose subnets cannot be sent anywhere), moves removed ones back to
    /// the VPC's default ACL.
    static func updateSubnets(_ aclID: String, vpcID: String, prior: Value?, planned: Value, keepRemoved: Bool, in context: AWSContext) async throws {
        guard let wanted = planned[attribute: "subnet_ids"], wanted.isWhollyKnown else { return }
        let old = Set(prior?.stringList("subnet_ids") ?? [])
        let new = Set(planned.stringList("subnet_ids") ?? [])
        if !keepRemoved {
            try await moveToDefault(subnetIDs: old.subtracting(new).sorted(), vpcID: vpcID, in: context)
        }
        for subnetID in new.subtracting(old).sorted() {
            try await associate(subnetID: subnetID, aclID: aclID, in: context)
        }
    }
}
