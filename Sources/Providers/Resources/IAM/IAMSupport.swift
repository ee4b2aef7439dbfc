import Foundation
import Provisioner
import ResourceGraph

/// What IAM resource types share: calls, not-found errors, tags, names, policy documents and
/// timestamps. IAM is global: the client signs its calls for us-east-1 (AWSService.iam).
enum IAM {
    static func call(_ action: String, _ parameters: QueryParameters, in context: AWSContext, idempotent: Bool = true) async throws -> XMLNode {
        try await context.client.query(.iam, action: action, parameters: parameters, idempotent: idempotent)
    }

    /// Parameters with one name/value pair, the shape of most IAM calls (`RoleName=x`).
    static func parameters(_ pairs: KeyValuePairs<String, String?>) -> QueryParameters {
        var parameters = QueryParameters()
        for (name, value) in pairs { parameters.set(name, value) }
        return parameters
    }

    /// Every member of a paginated listing (`Marker` / `IsTruncated`), e.g. the `PolicyNames`
    /// of ListRolePolicies.
    static func list(_ action: String, _ parameters: QueryParameters, member path: [String], in context: AWSContext) async throws -> [XMLNode] {
        try await context.client.queryPages(.iam, action: action, parameters: parameters, token: .marker).flatMap { $0.all(path) }
    }

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "NoSuchEntity"
    }

    // MARK: Tags

    /// A `Tags` list (`<member><Key>…</Key><Value>…</Value></member>`) as a dictionary.
    static func tags(in list: XMLNode?) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in list?.children("member") ?? [] {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    /// How an IAM entity is tagged: `TagRole` / `UntagRole` naming it by `RoleName`, and so on.
    struct Tagging: Sendable {
        let entity: String
        let identifier: String

        static let role = Tagging(entity: "Role", identifier: "RoleName")
        static let policy = Tagging(entity: "Policy", identifier: "PolicyArn")
        static let instanceProfile = Tagging(entity: "InstanceProfile", identifier: "InstanceProfileName")
        static let user = Tagging(entity: "User", identifier: "UserName")

        /// Brings the entity's tags from `old` to `new`.
        func update(_ name: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
            let (set, remove) = AWSTags.difference(from: old, to: new)
            if !remove.isEmpty {
                var parameters = IAM.parameters([identifier: name])
                parameters.setList("TagKeys", remove)
                _ = try await IAM.call("Untag\(entity)", parameters, in: context)
            }
            if !set.isEmpty {
                var parameters = IAM.parameters([identifier: name])
                parameters.setTags("Tags", set)
                _ = try await IAM.call("Tag\(entity)", parameters, in: context)
            }
        }
    }

    // MARK: Names

    /// The name to create: the configured one, else one made unique from `name_prefix`, else
    /// one starting `terraform-`, as the provider's generated names do.
    static func nameToCreate(_ planned: Value) -> String {
        if let name = planned.string("name"), !name.isEmpty { return name }
        return UniqueName.make(prefix: planned.string("name_prefix") ?? "terraform-")
    }

    /// The planned object with the name unknown until create when the configuration does not
    /// give one (it is then made from the prefix).
    static func planName(_ planned: Value, prior: Value?, configuration: Value) -> Value {
        guard prior == nil, configuration.string("name") == nil else { return planned }
        return planned.setting(["name": .unknown(.string)])
    }

    /// The `name_prefix` to keep in state: the prior object's, since a name alone cannot tell
    /// a generated suffix from a chosen name.
    static func carriedPrefix(_ current: Value) -> Value {
        guard let value = current[attribute: "name_prefix"], value.isKnown else { return .null(.string) }
        return value
    }

    /// A prior value only the configuration knows (AWS does not return it), or `fallback`.
    static func carried(_ current: Value, _ name: String, _ fallback: Value) -> Value {
        guard let value = current[attribute: name], value.isKnown, !value.isNull else { return fallback }
        return value
    }

    // MARK: Policy documents

    /// A policy document as IAM returns it: URL-encoded (RFC 3986) JSON. Text that is already
    /// JSON is taken as it is.
    static func decodedDocument(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingXMLWhitespace()
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return text }
        return text.removingPercentEncoding ?? text
    }

    /// A policy as the provider sends and stores what AWS returns: re-encoded compactly with
    /// keys sorted (Go's json.Marshal). Text that is not JSON is left alone for AWS to refuse.
    static func normalizedPolicy(_ text: String) -> String {
        guard let value = try? JSONParser.parse(text) else { return text }
        return GoJSON(value).compact
    }

    /// A normalized policy with `Version` first: inline role policies go through IAM's legacy
    /// parser, which refuses a document whose `Version` comes after other members.
    static func legacyNormalizedPolicy(_ text: String) -> String {
        guard let value = try? JSONParser.parse(text), case .object(let members) = GoJSON(value) else { return normalizedPolicy(text) }
        let version = members.filter { $0.key == "Version" }
        return GoJSON.object(version + members.filter { $0.key != "Version" }).compact
    }

    /// The policy text to keep in state: `prior` while AWS's document means the same, else
    /// AWS's document, normalized (the provider's PolicyToSet; `legacy`: its LegacyPolicyToSet,
    /// with `Version` first).
    static func policyToKeep(prior: String?, remote: String?, legacy: Bool = false) -> String {
        let remote = remote ?? ""
        if let prior, PolicyDocuments.equivalent(prior, remote) { return prior }
        if remote.isEmpty { return "" }
        return legacy ? legacyNormalizedPolicy(remote) : normalizedPolicy(remote)
    }

    /// Whether a call failed because IAM does not yet know a principal the policy names (a
    /// role created a moment ago): the provider retries these.
    static func isInvalidPrincipal(_ error: any Error) -> Bool {
        EventualConsistency.isError(error, code: "MalformedPolicyDocument", messageContaining: "Invalid principal in policy")
    }

    // MARK: Values

    /// A timestamp as the provider writes it: RFC 3339 in UTC, whole seconds.
    static func timestamp(_ text: String?) -> Value {
        .string(RDS.timestamp(text))
    }
}
