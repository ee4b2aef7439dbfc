import Foundation
import Provisioner
import ResourceGraph

/// `aws_iam_policy`: a customer managed policy. Its id, and import id, is its ARN. A new
/// document is a new default version of the policy; IAM keeps at most five, so the oldest
/// other version is deleted first when five exist, as the provider does.
struct IAMPolicyResource: AWSResourceType {
    static let displayName = "IAM Policy"
    static let typeName = "aws_iam_policy"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "policy_id": AttributeSchema(.string, .computed),
        "attachment_count": AttributeSchema(.number, .computed),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "path": AttributeSchema(.string, .optional, forceNew: true, default: .string("/")),
        "description": AttributeSchema(.string, .optional, forceNew: true),
        "policy": AttributeSchema(.string, .required),
        "delay_after_policy_creation_in_ms": AttributeSchema(.number, .optional),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("name") != nil, configuration.string("name_prefix") != nil {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        planned = IAM.planName(planned, prior: prior, configuration: configuration)
        planned = PlanSuppression.keepPriorString("policy", in: planned, prior: prior, equivalent: PolicyDocuments.equivalent)
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = IAM.nameToCreate(planned)
        var parameters = IAM.parameters([
            "PolicyName": name, "Path": planned.string("path") ?? "/",
            "PolicyDocument": IAM.normalizedPolicy(planned.string("policy") ?? ""),
            "Description": planned.string("description"),
        ])
        let tags = planned.stringMap("tags_all") ?? [:]
        if !tags.isEmpty { parameters.setTags("Tags", tags) }
        let arn: String
        do {
            guard let created = try await IAM.call("CreatePolicy", parameters, in: context, idempotent: false).string("Policy", "Arn") else {
                throw ProviderError("Creating IAM Policy (\(name))", detail: "CreatePolicy answered without the policy's ARN.")
            }
            arn = created
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Policy (\(name))")
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn), "name": .string(name)])
        do {
            _ = try await retryWhileEventuallyConsistent("reading IAM Policy (\(arn))", in: context, isRetryable: IAM.isNotFound) {
                try await Self.find(arn, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating IAM Policy (\(name))", partialObject: partial)
        }
    }

    /// The policy and its default version's document; throws NoSuchEntity when it is gone.
    static func find(_ arn: String, in context: AWSContext) async throws -> (policy: XMLNode, document: String) {
        let policy = try await IAM.call("GetPolicy", IAM.parameters(["PolicyArn": arn]), in: context).path("Policy") ?? XMLNode(name: "Policy")
        let version = try await IAM.call("GetPolicyVersion", IAM.parameters(["PolicyArn": arn, "VersionId": policy.string("DefaultVersionId")]), in: context)
        return (policy, IAM.decodedDocument(version.string("PolicyVersion", "Document")) ?? "")
    }

    /// The policy's ARN: its id; or, for a configuration whose create went unrecorded, that of
    /// the account's own policy with its name and path (the ARN holds the account id, which
    /// the provider may be told not to ask for, so the policy is listed instead).
    static func arn(of object: Value, in context: AWSContext) async throws -> String? {
        if let arn = object.string("id") ?? object.string("arn") { return arn }
        guard let name = object.string("name") else { return nil }
        let path = object.string("path") ?? "/"
        do {
            let policies = try await IAM.list("ListPolicies", IAM.parameters(["Scope": "Local", "PathPrefix": path]), member: ["Policies", "member"], in: context)
            return policies.first { $0.string("PolicyName") == name && ($0.string("Path") ?? "/") == path }?.string("Arn")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "looking up IAM Policy (\(path)\(name))")
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let arn = try await Self.arn(of: current, in: context) else { return nil }
        do {
            let (policy, document) = try await Self.find(arn, in: context)
            var attributes: [String: Value] = [
                "id": .string(policy.string("Arn") ?? arn),
                "arn": .string(policy.string("Arn") ?? arn),
                "policy_id": .string(policy.string("PolicyId")),
                "attachment_count": .number(policy.path("AttachmentCount")?.intValue ?? 0),
                "name": .string(policy.string("PolicyName")),
                "name_prefix": IAM.carriedPrefix(current),
                "path": .string(policy.string("Path") ?? "/"),
                "description": .string(policy.string("Description")),
                "policy": .string(IAM.policyToKeep(prior: current.string("policy"), remote: document)),
                "delay_after_policy_creation_in_ms": IAM.carried(current, "delay_after_policy_creation_in_ms", .null(.number)),
            ]
            attributes.merge(AWSTags.attributes(remote: IAM.tags(in: policy.child("Tags")), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch where IAM.isNotFound(error) {
            return nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading IAM Policy (\(arn))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating IAM Policy", detail: "the policy has no ARN in state.") }
        do {
            if !PolicyDocuments.equivalent(prior.string("policy"), planned.string("policy")) {
                try await Self.pruneVersions(arn, in: context)
                try await Self.createDefaultVersion(arn, document: planned.string("policy") ?? "", delay: planned.int("delay_after_policy_creation_in_ms"), in: context)
            }
            try await IAM.Tagging.policy.update(arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating IAM Policy (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Makes the document the policy's default version. With a delay, the version is made first
    /// and set as the default after it: sessions whose policies name this one can be refused
    /// for a moment while a new default version propagates.
    static func createDefaultVersion(_ arn: String, document: String, delay: Int?, in context: AWSContext) async throws {
        var parameters = IAM.parameters(["PolicyArn": arn, "PolicyDocument": IAM.normalizedPolicy(document)])
        guard let delay, delay > 0 else {
            parameters.set("SetAsDefault", true)
            _ = try await IAM.call("CreatePolicyVersion", parameters, in: context, idempotent: false)
            return
        }
        parameters.set("SetAsDefault", false)
        let version = try await IAM.call("CreatePolicyVersion", parameters, in: context, idempotent: false).string("PolicyVersion", "VersionId")
        context.progress("waiting \(delay) ms before making the new version the default")
        try await context.client.configuration.clock.sleep(.milliseconds(delay))
        _ = try await IAM.call("SetDefaultPolicyVersion", IAM.parameters(["PolicyArn": arn, "VersionId": version]), in: context)
    }

    /// With five versions (IAM's limit), deletes the oldest that is not the default, so that
    /// one more can be made.
    static func pruneVersions(_ arn: String, in context: AWSContext) async throws {
        let versions = try await versions(arn, in: context)
        guard versions.count >= 5 else { return }
        let candidates = versions.filter { $0.path("IsDefaultVersion")?.boolValue != true }
        guard let oldest = candidates.min(by: { createDate($0) < createDate($1) }), let id = oldest.string("VersionId") else { return }
        _ = try await IAM.call("DeletePolicyVersion", IAM.parameters(["PolicyArn": arn, "VersionId": id]), in: context)
    }

    static func versions(_ arn: String, in context: AWSContext) async throws -> [XMLNode] {
        try await IAM.list("ListPolicyVersions", IAM.parameters(["PolicyArn": arn]), member: ["Versions", "member"], in: context)
    }

    private static func createDate(_ version: XMLNode) -> Date {
        guard let text = version.string("CreateDate") else { return .distantPast }
        let styles: [Date.ISO8601FormatStyle] = [Date.ISO8601FormatStyle(includingFractionalSeconds: true), .iso8601]
        return styles.lazy.compactMap { try? Date(text, strategy: $0) }.first ?? .distantPast
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") ?? current.string("arn") else { return }
        do {
            for version in try await Self.versions(arn, in: context) where version.path("IsDefaultVersion")?.boolValue != true {
                _ = try await IAM.call("DeletePolicyVersion", IAM.parameters(["PolicyArn": arn, "VersionId": version.string("VersionId")]), in: context)
            }
            _ = try await IAM.call("DeletePolicy", IAM.parameters(["PolicyArn": arn]), in: context)
        } catch where IAM.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting IAM Policy (\(arn))")
        }
    }
}
