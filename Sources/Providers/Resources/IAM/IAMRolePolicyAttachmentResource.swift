import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_role_policy_attachment`: a managed policy attached to a role. Its id, and import
/// id, is `<role name>/<policy ARN>`, as the provider makes it.
struct IAMRolePolicyAttachmentResource: AWSResourceType {
    static let displayName = "IAM Role Policy Attachment"
    static let typeName = "aws_iam_role_policy_attachment"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "role": AttributeSchema(.string, .required, forceNew: true),
        "policy_arn": AttributeSchema(.string, .required, forceNew: true),
    ]))

    /// The role and policy ARN an id holds: the role ends at the first slash.
    static func parse(_ id: String) -> (role: String, policyARN: String)? {
        guard let slash = id.firstIndex(of: "/") else { return nil }
        let role = String(id[..<slash]), arn = String(id[id.index(after: slash)...])
        return role.isEmpty || arn.isEmpty ? nil : (role, arn)
    }

    /// IAM refuses concurrent changes to one role's attachments for a moment.
    private static func isConcurrentModification(_ error: any Error) -> Bool {
        EventualConsistency.isError(error, code: "ConcurrentModification")
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let role = planned.string("role") ?? "", arn = planned.string("policy_arn") ?? ""
        let id = "\(role)/\(arn)"
        do {
            _ = try await retryWhileEventuallyConsistent("attaching IAM Policy (\(arn)) to IAM Role (\(role))", in: context, isRetryable: Self.isConcurrentModification) {
                try await IAM.call("AttachRolePolicy", IAM.parameters(["RoleName": role, "PolicyArn": arn]), in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "attaching IAM Policy (\(arn)) to IAM Role (\(role))")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            // A new attachment may not be listed at once.
            try await retryWhileEventuallyConsistent("reading IAM Role Policy Attachment (\(id))", in: context, isRetryable: { IAM.isNotFound($0) || $0 is EventualConsistency.NotVisibleYet }) {
                guard try await Self.isAttached(role: role, arn: arn, in: context) else {
                    throw EventualConsistency.NotVisibleYet(description: "the policy is not listed as attached to the role yet")
                }
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Role Policy Attachment (\(id))", partialObject: partial)
        }
    }

    static func isAttached(role: String, arn: String, in context: AWSContext) async throws -> Bool {
        try await RolePolicies.attachedARNs(role: role, in: context).contains(arn)
    }

    /// The role and policy of an object: its arguments, or else its id (an import).
    private static func identity(_ object: Value) -> (role: String, policyARN: String)? {
        if let role = object.string("role"), let arn = object.string("policy_arn") { return (role, arn) }
        return object.string("id").flatMap(parse)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let (role, arn) = Self.identity(current) else {
            throw ProviderError("Reading IAM Role Policy Attachment (\(current.string("id") ?? ""))", detail: "unexpected format for the id, expected <role-name>/<policy_arn>")
        }
        do {
            guard try await Self.isAttached(role: role, arn: arn, in: context) else { return nil }
        } catch where IAM.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Role Policy Attachment (\(role):\(arn))")
        }
        return .object(["id": .string(current.string("id") ?? "\(role)/\(arn)"), "role": .string(role), "policy_arn": .string(arn)])
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        // Every argument forces a new attachment.
        planned
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let (role, arn) = Self.identity(current) else { return }
        do {
            _ = try await retryWhileEventuallyConsistent("detaching IAM Policy (\(arn)) from IAM Role (\(role))", in: context, isRetryable: Self.isConcurrentModification) {
                try await IAM.call("DetachRolePolicy", IAM.parameters(["RoleName": role, "PolicyArn": arn]), in: context)
            }
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "detaching IAM Policy (\(arn)) from IAM Role (\(role))")
        }
    }
}
