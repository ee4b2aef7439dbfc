import Foundation
import Provisioner
import ResourceGraph

/// What RDS resource types share: calls, tags, not-found errors, names and timestamps.
enum RDS {
    static func call(_ action: String, _ parameters: QueryParameters, in context: AWSContext, idempotent: Bool = true) async throws -> XMLNode {
        try await context.client.query(.rds, action: action, parameters: parameters, idempotent: idempotent)
    }

    /// Whether an error says the object does not exist. RDS names its faults inconsistently:
    /// `DBInstanceNotFound`, `DBSubnetGroupNotFoundFault`, `DBParameterGroupNotFound`.
    static func isNotFound(_ error: any Error, _ codes: String...) -> Bool {
        guard let code = (error as? AWSError)?.code else { return false }
        return codes.contains(code)
    }

    /// Runs a call, retrying while `transient` says its failure will pass (an object still in
    /// use, a change still settling) until `timeout`.
    static func retrying(
        _ what: String, timeout: Duration, in context: AWSContext,
        while transient: @escaping @Sendable (AWSError) -> Bool, _ call: @escaping @Sendable () async throws -> Void
    ) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.seconds(2)
        while true {
            do {
                try await call()
                return
            } catch let error as AWSError where transient(error) && ContinuousClock.now < deadline {
                context.progress("waiting for \(what): \(error.message)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(20))
            }
        }
    }

    // MARK: Tags

    /// `Tags.Tag.N.Key/Value`, as RDS takes them; left out when there are none.
    static func setTags(_ parameters: inout QueryParameters, _ tags: [String: String]) {
        guard !tags.isEmpty else { return }
        parameters.setTags("Tags", tags, memberName: "Tag")
    }

    /// A `TagList` (of a described instance or of ListTagsForResource) as a dictionary.
    static func tags(in tagList: XMLNode?) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in tagList?.children("Tag") ?? [] {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    /// The tags on the object with this ARN (subnet and parameter groups do not carry them in
    /// their descriptions).
    static func listTags(arn: String, in context: AWSContext) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.set("ResourceName", arn)
        return tags(in: try await call("ListTagsForResource", parameters, in: context).child("TagList"))
    }

    /// Brings an object's tags from `old` to `new` with RemoveTagsFromResource and AddTagsToResource.
    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            var parameters = QueryParameters()
            parameters.set("ResourceName", arn)
            parameters.setList("TagKeys", remove)
            _ = try await call("RemoveTagsFromResource", parameters, in: context)
        }
        if !set.isEmpty {
            var parameters = QueryParameters()
            parameters.set("ResourceName", arn)
            parameters.setTags("Tags", set, memberName: "Tag")
            _ = try await call("AddTagsToResource", parameters, in: context)
        }
    }

    /// `Filters.Filter.1.Name` with `Values.Value.N`.
    static func filter(_ name: String, _ values: [String]) -> QueryParameters {
        QueryParameters { $0.set("Name", name); $0.setList("Values", values, memberName: "Value") }
    }

    // MARK: Names

    /// The name to create: the configured one, else one made unique from the prefix, else
    /// one starting `terraform-` as Terraform's generated names do; in lower case, as RDS
    /// keeps it.
    static func nameToCreate(_ planned: Value, name: String, prefix: String) -> String {
        if let configured = planned.string(name) { return configured.lowercased() }
        return UniqueName.make(prefix: (planned.string(prefix) ?? "terraform-").lowercased())
    }

    /// The planned object with a configured name lower-cased, and the name unknown until
    /// create when only a prefix (or nothing) is configured: RDS stores names in lower case,
    /// so `MyGroup` would otherwise read back as `mygroup` and plan a replacement forever.
    static func planName(_ planned: Value, prior: Value?, configuration: Value, name: String, prefix: String) -> Value {
        var changes: [String: Value] = [:]
        if let configured = configuration.string(name) {
            changes[name] = .string(configured.lowercased())
        } else if prior == nil {
            changes[name] = .unknown(.string)
        }
        if let configuredPrefix = configuration.string(prefix) {
            changes[prefix] = .string(configuredPrefix.lowercased())
        }
        return changes.isEmpty ? planned : planned.setting(changes)
    }

    /// The `name_prefix` to keep in state: what the prior object had, since the name alone
    /// cannot tell a generated suffix from a chosen name.
    static func carriedPrefix(_ current: Value, _ prefix: String) -> Value {
        guard let value = current[attribute: prefix], value.isKnown else { return .null(.string) }
        return value
    }

    // MARK: Values

    /// Timestamps as Terraform writes them: RFC 3339 in UTC, whole seconds.
    static func timestamp(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        let styles: [Date.ISO8601FormatStyle] = [Date.ISO8601FormatStyle(includingFractionalSeconds: true), .iso8601]
        for style in styles {
            if let date = try? Date(text, strategy: style) {
                return date.formatted(.iso8601)
            }
        }
        return text
    }

    /// Whether a value is what an unset argument amounts to: false, zero, empty.
    static func isZero(_ value: Value) -> Bool {
        if value.isNull { return true }
        if let flag = value.boolValue { return !flag }
        if let text = value.stringValue { return text.isEmpty }
        if let number = value.numberValue { return number.intValue == 0 }
        return value.elements?.isEmpty ?? false
    }

    /// A prior value that only the configuration knows (AWS does not return it), or `fallback`.
    static func carried(_ current: Value, _ name: String, _ fallback: Value) -> Value {
        guard let value = current[attribute: name], value.isKnown, !value.isNull else { return fallback }
        return value
    }
}
