import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_role_policy`: one inline policy of a role. Its id, and import id, is
/// `<role name>:<policy name>`.
struct IAMRolePolicyResource: AWSResourceType {
    static let displayName = "IAM Role Policy"
    static let typeName = "aws_iam_role_policy"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "policy": AttributeSchema(.string, .required),
        "role": AttributeSchema(.string, .required, forceNew: true),
    ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("name") != nil, configuration.string("name_prefix") != nil {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
        var planned = IAM.planName(proposed, prior: prior, configuration: configuration)
        planned = PlanSuppression.keepPriorString("policy", in: planned, prior: prior, equivalent: PolicyDocuments.equivalent)
        return PlannedChange(planned: planned)
    }

    /// The role and policy names an id holds: the role ends at the first colon.
    static func parse(_ id: String) -> (role: String, policy: String)? {
        guard let colon = id.firstIndex(of: ":") else { return nil }
        let role = String(id[..<colon]), policy = String(id[id.index(after: colon)...])
        return role.isEmpty || policy.isEmpty ? nil : (role, policy)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let role = planned.string("role") ?? ""
        let name = IAM.nameToCreate(planned)
        let id = "\(role):\(name)"
        do {
            try await put(role: role, name: name, planned, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "putting IAM Role (\(role)) Policy (\(name))")
        }
        let partial = planned.setting(["id": .string(id), "name": .string(name)])
        do {
            // The policy may not show at once in GetRolePolicy.
            _ = try await retryWhileEventuallyConsistent("waiting for IAM Role Policy (\(id))", in: context, isRetryable: IAM.isNotFound) {
                try await IAM.call("GetRolePolicy", IAM.parameters(["RoleName": role, "PolicyName": name]), in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for IAM Role Policy (\(id)) create", partialObject: partial)
        }
    }

    private func put(role: String, name: String, _ planned: Value, in context: AWSContext) async throws {
        let parameters = IAM.parameters([
            "RoleName": role, "PolicyName": name, "PolicyDocument": IAM.legacyNormalizedPolicy(planned.string("policy") ?? ""),
        ])
        _ = try await IAM.call("PutRolePolicy", parameters, in: context)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        guard let (role, name) = Self.parse(id) else {
            throw ProviderError("Reading IAM Role Policy (\(id))", detail: "role_policy id must be of the form <role name>:<policy name>")
        }
        do {
            let response = try await IAM.call("GetRolePolicy", IAM.parameters(["RoleName": role, "PolicyName": name]), in: context)
            let document = IAM.decodedDocument(response.string("PolicyDocument"))
            return .object([
                "id": .string(id),
                "name": .string(name),
                "name_prefix": IAM.carriedPrefix(current),
                "role": .string(role),
                "policy": .string(IAM.policyToKeep(prior: current.string("policy"), remote: document, legacy: true)),
            ])
        } catch where IAM.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Role Policy (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id"), let (role, name) = Self.parse(id) else {
            throw ProviderError("Updating IAM Role Policy", detail: "the policy has no id in state.")
        }
        do {
            try await put(role: role, name: name, planned, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "putting IAM Role (\(role)) Policy (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id"), let (role, name) = Self.parse(id) else { return }
        do {
            _ = try await IAM.call("DeleteRolePolicy", IAM.parameters(["RoleName": role, "PolicyName": name]), in: context)
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting IAM Role Policy (\(id))")
        }
    }
}
