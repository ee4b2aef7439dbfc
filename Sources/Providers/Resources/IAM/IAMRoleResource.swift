import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_role`. Import id: the role's name (which is also its `id`).
struct IAMRoleResource: AWSResourceType {
    static let displayName = "IAM Role"
    static let typeName = "aws_iam_role"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "unique_id": AttributeSchema(.string, .computed),
            "create_date": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "path": AttributeSchema(.string, .optional, forceNew: true, default: .string("/")),
            "assume_role_policy": AttributeSchema(.string, .required),
            "description": AttributeSchema(.string, .optional),
            "force_detach_policies": AttributeSchema(.bool, .optional, default: .false),
            "max_session_duration": AttributeSchema(.number, .optional, default: .number(3600)),
            "permissions_boundary": AttributeSchema(.string, .optional),
            "managed_policy_arns": AttributeSchema(.set(.string), .optionalComputed),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["inline_policy": NestedBlockSchema(.set, RolePolicies.inlineSchema)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        if configuration.string("name") != nil, configuration.string("name_prefix") != nil {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
        planned = IAM.planName(planned, prior: prior, configuration: configuration)
        planned = PlanSuppression.keepPriorString("assume_role_policy", in: planned, prior: prior, equivalent: PolicyDocuments.equivalent)
        planned = RolePolicies.planInline(planned, prior: prior, configuration: configuration)
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = IAM.nameToCreate(planned)
        var parameters = IAM.parameters([
            "RoleName": name, "Path": planned.string("path") ?? "/",
            "AssumeRolePolicyDocument": IAM.normalizedPolicy(planned.string("assume_role_policy") ?? ""),
        ])
        if let description = planned.string("description"), !description.isEmpty { parameters.set("Description", description) }
        if let duration = planned.int("max_session_duration"), duration != 0 { parameters.set("MaxSessionDuration", duration) }
        if let boundary = planned.string("permissions_boundary"), !boundary.isEmpty { parameters.set("PermissionsBoundary", boundary) }
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { parameters.setTags("Tags", tags) }
        do {
            // A principal created a moment ago (another role, say) is not yet known to IAM.
            _ = try await retryWhileEventuallyConsistent("creating IAM Role (\(name))", in: context, isRetryable: IAM.isInvalidPrincipal) {
                try await IAM.call("CreateRole", parameters, in: context, idempotent: false)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Role (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            let inline = RolePolicies.inlinePolicies(planned)
            if !inline.isEmpty { try await RolePolicies.put(inline, role: name, in: context) }
            let managed = planned.stringList("managed_policy_arns") ?? []
            if !managed.isEmpty { try await RolePolicies.attach(managed, role: name, in: context) }
            _ = try await Self.findNewRole(name, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Role (\(name))", partialObject: partial)
        }
    }

    /// The role just created, once IAM shows it everywhere: reads can miss it for a moment,
    /// and can give its unique id where its ARN belongs.
    static func findNewRole(_ name: String, in context: AWSContext) async throws -> XMLNode {
        try await retryWhileEventuallyConsistent("reading IAM Role (\(name))", in: context, isRetryable: { IAM.isNotFound($0) || $0 is EventualConsistency.NotVisibleYet }) {
            let role = try await IAM.call("GetRole", IAM.parameters(["RoleName": name]), in: context).path("Role") ?? XMLNode(name: "Role")
            guard role.string("Arn")?.hasPrefix("arn:") == true else {
                throw EventualConsistency.NotVisibleYet(description: "IAM gives the role's unique id in place of its ARN")
            }
            return role
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        do {
            let role: XMLNode
            do {
                guard let found = try await IAM.call("GetRole", IAM.parameters(["RoleName": name]), in: context).path("Role") else { return nil }
                role = found
            } catch where IAM.isNotFound(error) {
                return nil
            }
            let roleName = role.string("RoleName") ?? name
            let assumeRole = IAM.policyToKeep(prior: current.string("assume_role_policy"), remote: IAM.decodedDocument(role.string("AssumeRolePolicyDocument")))
            var attributes: [String: Value] = [
                "id": .string(roleName),
                "name": .string(roleName),
                "name_prefix": IAM.carriedPrefix(current),
                "arn": .string(role.string("Arn")),
                "unique_id": .string(role.string("RoleId")),
                "create_date": IAM.timestamp(role.string("CreateDate")),
                "path": .string(role.string("Path") ?? "/"),
                "assume_role_policy": .string(assumeRole),
                "description": .string(role.string("Description")),
                "max_session_duration": .number(role.path("MaxSessionDuration")?.intValue ?? 3600),
                "permissions_boundary": .string(role.string("PermissionsBoundary", "PermissionsBoundaryArn")),
                "force_detach_policies": IAM.carried(current, "force_detach_policies", .false),
                "inline_policy": try await RolePolicies.readInline(role: roleName, prior: current, in: context),
                "managed_policy_arns": .stringSet(try await RolePolicies.attachedARNs(role: roleName, in: context)),
            ]
            attributes.merge(AWSTags.attributes(remote: IAM.tags(in: role.child("Tags")), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Role (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating IAM Role", detail: "the role has no name in state.") }
        do {
            if !PolicyDocuments.equivalent(prior.string("assume_role_policy"), planned.string("assume_role_policy")) {
                let parameters = IAM.parameters([
                    "RoleName": name, "PolicyDocument": IAM.normalizedPolicy(planned.string("assume_role_policy") ?? ""),
                ])
                _ = try await retryWhileEventuallyConsistent("updating IAM Role (\(name)) assume role policy", in: context, isRetryable: IAM.isInvalidPrincipal) {
                    try await IAM.call("UpdateAssumeRolePolicy", parameters, in: context)
                }
            }
            if PlanSuppression.changed("description", prior, planned) {
                _ = try await IAM.call("UpdateRoleDescription", IAM.parameters(["RoleName": name, "Description": planned.string("description") ?? ""]), in: context)
            }
            if PlanSuppression.changed("max_session_duration", prior, planned) {
                var parameters = IAM.parameters(["RoleName": name])
                parameters.set("MaxSessionDuration", planned.int("max_session_duration") ?? 3600)
                // UpdateRole takes the description too; sending the planned one keeps it
                // whatever a service makes of a call that leaves it out.
                if let description = planned.string("description"), !description.isEmpty { parameters.set("Description", description) }
                _ = try await IAM.call("UpdateRole", parameters, in: context)
            }
            if PlanSuppression.changed("permissions_boundary", prior, planned) {
                if let boundary = planned.string("permissions_boundary"), !boundary.isEmpty {
                    _ = try await IAM.call("PutRolePermissionsBoundary", IAM.parameters(["RoleName": name, "PermissionsBoundary": boundary]), in: context)
                } else {
                    _ = try await IAM.call("DeleteRolePermissionsBoundary", IAM.parameters(["RoleName": name]), in: context)
                }
            }
            if PlanSuppression.changed("inline_policy", prior, planned) {
                try await RolePolicies.updateInline(role: name, from: RolePolicies.inlinePolicies(prior), to: RolePolicies.inlinePolicies(planned), in: context)
            }
            if PlanSuppression.changed("managed_policy_arns", prior, planned) {
                let before = Set(prior.stringList("managed_policy_arns") ?? []), after = Set(planned.stringList("managed_policy_arns") ?? [])
                try await RolePolicies.detach(before.subtracting(after).sorted(), role: name, in: context)
                try await RolePolicies.attach(after.subtracting(before).sorted(), role: name, in: context)
            }
            try await IAM.Tagging.role.update(name, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating IAM Role (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") ?? current.string("name") else { return }
        do {
            try await Self.deleteRole(
                name, detachManaged: current.bool("force_detach_policies") == true || !(current.stringList("managed_policy_arns") ?? []).isEmpty,
                deleteInline: current.bool("force_detach_policies") == true || !current.objects("inline_policy").isEmpty, in: context)
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting IAM Role (\(name))")
        }
    }

    /// Deletes a role as the provider does: out of every instance profile first, then (when
    /// told) without its managed and inline policies, retrying while IAM still sees something
    /// attached (DeleteConflict).
    static func deleteRole(_ name: String, detachManaged: Bool, deleteInline: Bool, in context: AWSContext) async throws {
        let profiles = try await IAM.list("ListInstanceProfilesForRole", IAM.parameters(["RoleName": name]), member: ["InstanceProfiles", "member"], in: context)
        for profile in profiles.compactMap({ $0.string("InstanceProfileName") }) {
            do {
                _ = try await IAM.call("RemoveRoleFromInstanceProfile", IAM.parameters(["InstanceProfileName": profile, "RoleName": name]), in: context)
            } catch where IAM.isNotFound(error) {
                continue
            }
        }
        if detachManaged {
            try await RolePolicies.detach(try await RolePolicies.attachedARNs(role: name, in: context), role: name, in: context)
        }
        if deleteInline {
            try await RolePolicies.delete(try await RolePolicies.inlineNames(role: name, in: context), role: name, in: context)
        }
        _ = try await retryWhileEventuallyConsistent("deleting IAM Role (\(name))", in: context, isRetryable: { EventualConsistency.isError($0, code: "DeleteConflict") }) {
            try await IAM.call("DeleteRole", IAM.parameters(["RoleName": name]), in: context)
        }
    }
}
