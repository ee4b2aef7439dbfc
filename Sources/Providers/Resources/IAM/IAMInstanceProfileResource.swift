import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_instance_profile`. Import id: the profile's name (which is also its `id`).
struct IAMInstanceProfileResource: AWSResourceType {
    static let displayName = "IAM Instance Profile"
    static let typeName = "aws_iam_instance_profile"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "unique_id": AttributeSchema(.string, .computed),
        "create_date": AttributeSchema(.string, .computed),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "path": AttributeSchema(.string, .optional, forceNew: true, default: .string("/")),
        "role": AttributeSchema(.string, .optional),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("name") != nil, configuration.string("name_prefix") != nil {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
        let planned = AWSTags.planTagsAll(proposed, settings: settings)
        return PlannedChange(planned: IAM.planName(planned, prior: prior, configuration: configuration))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = IAM.nameToCreate(planned)
        var parameters = IAM.parameters(["InstanceProfileName": name, "Path": planned.string("path") ?? "/"])
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { parameters.setTags("Tags", tags) }
        do {
            _ = try await IAM.call("CreateInstanceProfile", parameters, in: context, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Instance Profile (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            _ = try await retryWhileEventuallyConsistent("waiting for IAM Instance Profile (\(name)) create", in: context, isRetryable: IAM.isNotFound) {
                try await Self.find(name, in: context)
            }
            if let role = planned.string("role"), !role.isEmpty { try await Self.addRole(role, to: name, in: context) }
            try await Self.waitUntilReady(name, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Instance Profile (\(name))", partialObject: partial)
        }
    }

    static func find(_ name: String, in context: AWSContext) async throws -> XMLNode {
        try await IAM.call("GetInstanceProfile", IAM.parameters(["InstanceProfileName": name]), in: context).path("InstanceProfile")
            ?? XMLNode(name: "InstanceProfile")
    }

    /// Adds the role, retrying while IAM does not know yet the role (just created) or the
    /// profile: its errors say so only in their messages.
    static func addRole(_ role: String, to profile: String, in context: AWSContext) async throws {
        let doing = "adding IAM Role (\(role)) to IAM Instance Profile (\(profile))"
        do {
            _ = try await retryWhileEventuallyConsistent(doing, in: context, isRetryable: { error in
                EventualConsistency.isError(error, code: "InvalidParameterValue", messageContaining: "Invalid IAM Instance Profile name")
                    || EventualConsistency.isError(error, code: "NoSuchEntity", messageContaining: "The role with name")
            }) {
                try await IAM.call("AddRoleToInstanceProfile", IAM.parameters(["InstanceProfileName": profile, "RoleName": role]), in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: doing)
        }
    }

    static func removeRole(_ role: String, from profile: String, in context: AWSContext) async throws {
        do {
            _ = try await IAM.call("RemoveRoleFromInstanceProfile", IAM.parameters(["InstanceProfileName": profile, "RoleName": role]), in: context)
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "removing IAM Role (\(role)) from IAM Instance Profile (\(profile))")
        }
    }

    /// Waits until the profile is seen with a well-formed ARN three times in a row, as the
    /// provider does: EC2 refuses a profile that IAM has not yet spread everywhere.
    static func waitUntilReady(_ name: String, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: EventualConsistency.propagationTimeout, minDelay: .milliseconds(500), maxDelay: .seconds(5), clock: context.client.configuration.clock)
        var seen = 0
        try await waiter.wait(for: "IAM Instance Profile (\(name)) to be ready", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            do {
                let profile = try await find(name, in: context)
                guard profile.string("Arn")?.hasPrefix("arn:") == true else {
                    seen = 0
                    return .pending("its ARN is not available yet")
                }
                seen += 1
                return seen >= 3 ? .done(()) : .pending("seen \(seen) of 3 times in a row")
            } catch where IAM.isNotFound(error) {
                seen = 0
                return .pending("not visible yet")
            }
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") ?? current.string("name") else { return nil }
        do {
            let profile: XMLNode
            do {
                profile = try await Self.find(name, in: context)
            } catch where IAM.isNotFound(error) {
                return nil
            }
            var role = profile.string("Roles", "member", "RoleName")
            if let attached = role, try await !Self.roleExists(attached, in: context) {
                // A role deleted outside Terraform can linger in the profile: take it out, so
                // that the plan puts the configured role back.
                try await Self.removeRole(attached, from: name, in: context)
                role = nil
            }
            var attributes: [String: Value] = [
                "id": .string(profile.string("InstanceProfileName") ?? name),
                "name": .string(profile.string("InstanceProfileName") ?? name),
                "name_prefix": IAM.carriedPrefix(current),
                "arn": .string(profile.string("Arn")),
                "unique_id": .string(profile.string("InstanceProfileId")),
                "create_date": IAM.timestamp(profile.string("CreateDate")),
                "path": .string(profile.string("Path") ?? "/"),
                "role": .string(role),
            ]
            attributes.merge(AWSTags.attributes(remote: IAM.tags(in: profile.child("Tags")), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Instance Profile (\(name))")
        }
    }

    private static func roleExists(_ role: String, in context: AWSContext) async throws -> Bool {
        do {
            _ = try await IAM.call("GetRole", IAM.parameters(["RoleName": role]), in: context)
            return true
        } catch where IAM.isNotFound(error) {
            return false
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating IAM Instance Profile", detail: "the profile has no name in state.") }
        do {
            if PlanSuppression.changed("role", prior, planned) {
                if let old = prior.string("role"), !old.isEmpty { try await Self.removeRole(old, from: name, in: context) }
                if let new = planned.string("role"), !new.isEmpty { try await Self.addRole(new, to: name, in: context) }
                try await Self.waitUntilReady(name, in: context)
            }
            try await IAM.Tagging.instanceProfile.update(name, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating IAM Instance Profile (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") ?? current.string("name") else { return }
        do {
            if let role = current.string("role"), !role.isEmpty { try await Self.removeRole(role, from: name, in: context) }
            _ = try await IAM.call("DeleteInstanceProfile", IAM.parameters(["InstanceProfileName": name]), in: context)
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting IAM Instance Profile (\(name))")
        }
    }
}
