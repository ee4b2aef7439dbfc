import Foundation
import Provisioner
import ResourceGraph

/// What the Auto Scaling resource types share: calls, finding groups, not-found errors and
/// IAM propagation retries.
enum AutoScaling {
    /// How long an IAM instance profile made a moment ago may stay unknown to Auto Scaling.
    static let propagationTimeout = Duration.seconds(120)

    static func call(_ action: String, _ parameters: QueryParameters, idempotent: Bool = true, in context: AWSContext) async throws -> XMLNode {
        try await context.client.query(.autoScaling, action: action, parameters: parameters, idempotent: idempotent)
    }

    /// Auto Scaling answers a missing group or launch configuration with a validation error
    /// that says so.
    static func isNotFound(_ error: any Error) -> Bool {
        guard let error = error as? AWSError else { return false }
        let message = error.message.lowercased()
        return error.code == "ValidationError" && (message.contains("not found") || message.contains("does not exist"))
    }

    /// Whether AWS refuses a launch setting because an IAM instance profile is not visible to
    /// it yet (it has only just been made).
    static func isInstanceProfilePropagation(_ error: AWSError) -> Bool {
        guard error.code == "ValidationError" || error.code == "InvalidParameterValue" else { return false }
        let message = error.message
        return message.contains("Invalid IamInstanceProfile") || message.contains("Invalid IAM Instance Profile")
            || message.contains("You are not authorized to perform this operation") || message.contains("has no associated IAM Roles")
    }

    /// The described group with exactly this name, or nil when there is none.
    static func describeGroup(_ name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("AutoScalingGroupNames", [name])
        do {
            let result = try await call("DescribeAutoScalingGroups", parameters, in: context)
            return result.all("AutoScalingGroups", "member").first { $0.string("AutoScalingGroupName") == name }
        } catch where isNotFound(error) {
            return nil
        }
    }

    /// The members of a described list (`<Name><member>…</member></Name>`) as strings.
    static func strings(_ node: XMLNode, _ name: String) -> [String] {
        node.all(name, "member").map(\.text)
    }
}
