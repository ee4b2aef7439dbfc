import Foundation
import Provisioner
import ResourceGraph

/// A role's inline policies (`inline_policy` blocks) and managed policy attachments
/// (`managed_policy_arns`), which aws_iam_role manages exclusively when the configuration
/// declares them and otherwise only reports.
enum RolePolicies {
    static let inlineSchema = BlockSchema(attributes: [
        // Both are semantically required, but an empty `inline_policy {}` block is allowed: it
        // says the role has no inline policies.
        "name": AttributeSchema(.string, .optional),
        "policy": AttributeSchema(.string, .optional),
    ])

    static var inlineType: ValueType { inlineSchema.valueType }

    static func inlineSet(_ policies: [(name: String, policy: String)]) -> Value {
        .set(policies.map { .object(["name": .string($0.name), "policy": .string($0.policy)]) }, of: inlineType)
    }

    // MARK: Planning

    /// The planned `inline_policy` set. Without blocks in the configuration the role's inline
    /// policies are not managed here: the prior set (what AWS reported) is kept, unknown until
    /// the role exists. With blocks, they are the whole set: blocks without both a name and a
    /// policy (such as `inline_policy {}`) stand for none, and a policy equivalent to the prior
    /// one of the same name keeps the prior text, so that only real changes show.
    static func planInline(_ planned: Value, prior: Value?, configuration: Value) -> Value {
        let configured = configuration.objects("inline_policy")
        if configured.isEmpty {
            guard let prior, let kept = prior[attribute: "inline_policy"], kept.isKnown else {
                return planned.setting(["inline_policy": .unknown(.set(inlineType))])
            }
            return planned.setting(["inline_policy": kept])
        }
        let priorPolicies = prior.map(inlinePolicies) ?? [:]
        var elements: [Value] = []
        for block in planned.objects("inline_policy") {
            let name = block[attribute: "name"] ?? .null(.string)
            let policy = block[attribute: "policy"] ?? .null(.string)
            guard name.isKnown, policy.isKnown else {
                elements.append(block)
                continue
            }
            guard let nameText = name.stringValue, !nameText.isEmpty, let policyText = policy.stringValue, !policyText.isEmpty else { continue }
            var kept = policyText
            if let old = priorPolicies[nameText], PolicyDocuments.equivalent(old, policyText) { kept = old }
            elements.append(.object(["name": .string(nameText), "policy": .string(kept)]))
        }
        return planned.setting(["inline_policy": .set(elements, of: inlineType)])
    }

    /// The inline policies of a role object, by name.
    static func inlinePolicies(_ object: Value) -> [String: String] {
        var policies: [String: String] = [:]
        for block in object.objects("inline_policy") {
            if let name = block.string("name"), !name.isEmpty, let policy = block.string("policy"), !policy.isEmpty {
                policies[name] = policy
            }
        }
        return policies
    }

    // MARK: Reading

    /// The role's inline policies, each with the prior text where AWS's document means the same.
    static func readInline(role: String, prior: Value, in context: AWSContext) async throws -> Value {
        let priorPolicies = inlinePolicies(prior)
        var policies: [(name: String, policy: String)] = []
        for name in try await inlineNames(role: role, in: context) {
            let response = try await IAM.call("GetRolePolicy", IAM.parameters(["RoleName": role, "PolicyName": name]), in: context)
            let document = IAM.decodedDocument(response.string("PolicyDocument"))
            policies.append((name, IAM.policyToKeep(prior: priorPolicies[name], remote: document)))
        }
        return inlineSet(policies)
    }

    static func inlineNames(role: String, in context: AWSContext) async throws -> [String] {
        try await IAM.list("ListRolePolicies", IAM.parameters(["RoleName": role]), member: ["PolicyNames", "member"], in: context).map(\.text)
    }

    static func attachedARNs(role: String, in context: AWSContext) async throws -> [String] {
        try await IAM.list("ListAttachedRolePolicies", IAM.parameters(["RoleName": role]), member: ["AttachedPolicies", "member"], in: context)
            .compactMap { $0.string("PolicyArn") }
    }

    // MARK: Changing

    /// Puts inline policies on the role (Version first, as IAM's legacy parser wants).
    static func put(_ policies: [String: String], role: String, in context: AWSContext) async throws {
        for name in policies.keys.sorted() {
            let parameters = IAM.parameters([
                "RoleName": role, "PolicyName": name, "PolicyDocument": IAM.legacyNormalizedPolicy(policies[name]!),
            ])
            do {
                _ = try await IAM.call("PutRolePolicy", parameters, in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "creating inline policy (\(name)) of IAM Role (\(role))")
            }
        }
    }

    /// Deletes inline policies; those already gone are no error.
    static func delete(_ names: [String], role: String, in context: AWSContext) async throws {
        for name in names {
            do {
                _ = try await IAM.call("DeleteRolePolicy", IAM.parameters(["RoleName": role, "PolicyName": name]), in: context)
            } catch where IAM.isNotFound(error) {
                continue
            }
        }
    }

    /// Brings inline policies from `old` to `new`: policies that went are deleted, new and
    /// changed ones put (a put replaces the policy of that name, so the role is never left
    /// without it in between).
    static func updateInline(role: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let removed = old.filter { name, _ in new[name] == nil }
        let added = new.filter { name, policy in old[name].map { !PolicyDocuments.equivalent($0, policy) } ?? true }
        try await delete(removed.keys.sorted(), role: role, in: context)
        try await put(added, role: role, in: context)
    }

    static func attach(_ arns: [String], role: String, in context: AWSContext) async throws {
        for arn in arns {
            do {
                _ = try await IAM.call("AttachRolePolicy", IAM.parameters(["RoleName": role, "PolicyArn": arn]), in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "attaching managed policy (\(arn)) to IAM Role (\(role))")
            }
        }
    }

    /// Detaches managed policies; those no longer attached are no error.
    static func detach(_ arns: [String], role: String, in context: AWSContext) async throws {
        for arn in arns {
            do {
                _ = try await IAM.call("DetachRolePolicy", IAM.parameters(["RoleName": role, "PolicyArn": arn]), in: context)
            } catch where IAM.isNotFound(error) {
                continue
            }
        }
    }
}
