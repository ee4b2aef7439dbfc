import Foundation
import Provisioner
import ResourceGraph

/// Changing a running instance's IAM instance profile through its profile association, as the
/// provider does: associate when there is none, replace it (a stopped instance's association
/// is removed and made again instead), or remove it; then wait until the instance shows the
/// new profile.
enum InstanceProfiles {
    static func change(_ id: String, to profile: String?, state: String, in context: AWSContext) async throws {
        var describe = QueryParameters()
        describe.setList("Filter", [EC2.filter("instance-id", [id])])
        let associations = try await context.client.query(.ec2, action: "DescribeIamInstanceProfileAssociations", parameters: describe)
            .all("iamInstanceProfileAssociationSet", "item")
            .filter { ["associated", "associating"].contains($0.string("state") ?? "associated") }
        let existing = associations.first?.string("associationId")
        if let profile {
            if let existing {
                if ["stopped", "stopping", "shutting-down"].contains(state) {
                    try await disassociate(existing, in: context)
                    try await associate(id, profile, in: context)
                } else {
                    var parameters = QueryParameters()
                    parameters.set("AssociationId", existing)
                    parameters.set("IamInstanceProfile", QueryParameters { $0.set("Name", profile) })
                    _ = try await retryingPropagation {
                        try await context.client.query(.ec2, action: "ReplaceIamInstanceProfileAssociation", parameters: parameters)
                    }
                }
            } else {
                try await associate(id, profile, in: context)
            }
        } else if let existing {
            try await disassociate(existing, in: context)
        }
        let waiter = EC2.waiter(timeout: AutoScaling.propagationTimeout, in: context)
        try await waiter.wait(for: "EC2 Instance \(id) IAM instance profile to be updated", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            guard let (instance, _) = try await InstanceStates.describe(id, in: context) else { return .failed("it no longer exists") }
            let shown = instance.string("iamInstanceProfile", "arn").map(InstanceReading.profileName) ?? ""
            return shown == (profile ?? "") ? .done(()) : .pending("the instance shows profile \"\(shown)\"")
        }
    }

    private static func associate(_ id: String, _ profile: String, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("InstanceId", id)
        parameters.set("IamInstanceProfile", QueryParameters { $0.set("Name", profile) })
        _ = try await retryingPropagation {
            try await context.client.query(.ec2, action: "AssociateIamInstanceProfile", parameters: parameters, idempotent: false)
        }
    }

    private static func disassociate(_ association: String, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AssociationId", association)
        _ = try await context.client.query(.ec2, action: "DisassociateIamInstanceProfile", parameters: parameters)
    }

    /// A profile made a moment ago is not yet known to EC2.
    private static func retryingPropagation<Result: Sendable>(_ call: () async throws -> Result) async throws -> Result {
        try await EC2.retrying(timeout: AutoScaling.propagationTimeout, when: { $0.code == "InvalidParameterValue" && $0.message.contains("Invalid IAM Instance Profile") }, call)
    }
}
