import Foundation
import Provisioner
import ResourceGraph

/// What the Elastic Load Balancing v2 resource types share: calls, tags, attribute lists,
/// not-found and name-taken errors, and retries of refusals that pass by themselves.
enum ELBv2 {
    static func call(_ action: String, _ parameters: QueryParameters, in context: AWSContext, idempotent: Bool = true) async throws -> XMLNode {
        try await context.client.query(.elbv2, action: action, parameters: parameters, idempotent: idempotent)
    }

    /// Whether an error is one of these AWS error codes (`LoadBalancerNotFound`, …).
    static func isError(_ error: any Error, _ codes: String...) -> Bool {
        guard let code = (error as? AWSError)?.code else { return false }
        return codes.contains(code)
    }

    /// Wraps a failure as `ProviderErrorBuilder` does, also recognising ELB's names for "that
    /// name is taken" (`DuplicateLoadBalancerName`, `DuplicateTargetGroupName`,
    /// `DuplicateListener`), so that the engine suggests `prov import`.
    static func wrap(_ error: any Error, doing: String, partialObject: Value? = nil) -> ProviderError {
        var wrapped = ProviderErrorBuilder.wrap(error, doing: doing, partialObject: partialObject)
        if let code = (error as? AWSError)?.code, code.hasPrefix("Duplicate") { wrapped.isAlreadyExists = true }
        return wrapped
    }

    /// Runs `call`, trying again while AWS answers with an error `transient` accepts, until
    /// `timeout` has passed on the client's clock; then the last refusal is thrown.
    static func retrying<Result: Sendable>(
        _ what: String, timeout: Duration, in context: AWSContext,
        while transient: (AWSError) -> Bool, _ call: () async throws -> Result
    ) async throws -> Result {
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(timeout.timeInterval)
        var delay = Duration.seconds(2)
        while true {
            do {
                return try await call()
            } catch let error as AWSError where transient(error) && clock.now() < deadline {
                context.progress("waiting for \(what): \(error.code ?? "") \(error.message)")
                try await clock.sleep(min(delay, .seconds(max(deadline.timeIntervalSince(clock.now()), 0.001))))
                delay = min(delay * 2, .seconds(20))
            }
        }
    }

    /// Terraform's ConflictsWith between `name` and `name_prefix`.
    static func refuseNameAndPrefix(_ configuration: Value) throws {
        let set = { (name: String) in configuration[attribute: name].map { !$0.isNull } ?? false }
        if set("name"), set("name_prefix") {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
    }

    // MARK: Tags

    /// `Tags.member.N.Key/Value`, left out when there are none.
    static func setTags(_ parameters: inout QueryParameters, _ tags: [String: String]) {
        guard !tags.isEmpty else { return }
        parameters.setTags("Tags", tags)
    }

    /// The tags on the object with this ARN.
    static func tags(arn: String, in context: AWSContext) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.setList("ResourceArns", [arn])
        let response = try await call("DescribeTags", parameters, in: context)
        let description = response.all("TagDescriptions", "member").first { $0.string("ResourceArn") == arn }
        var tags: [String: String] = [:]
        for tag in description?.all("Tags", "member") ?? [] {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    /// Brings an object's tags from `old` to `new` with RemoveTags and AddTags.
    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("ResourceArns", [arn])
            parameters.setList("TagKeys", remove)
            _ = try await call("RemoveTags", parameters, in: context)
        }
        if !set.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("ResourceArns", [arn])
            parameters.setTags("Tags", set)
            _ = try await call("AddTags", parameters, in: context)
        }
    }

    /// The `tags` and `tags_all` attributes of the object with this ARN.
    static func tagAttributes(arn: String, current: Value, in context: AWSContext) async throws -> [String: Value] {
        AWSTags.attributes(remote: try await tags(arn: arn, in: context), prior: current, settings: context.settings)
    }

    // MARK: Attributes

    /// An `Attributes` list (`member.N.Key/Value`) as a dictionary.
    static func attributes(in response: XMLNode) -> [String: String] {
        var attributes: [String: String] = [:]
        for attribute in response.all("Attributes", "member") {
            if let key = attribute.string("Key") { attributes[key] = attribute.string("Value") ?? "" }
        }
        return attributes
    }

    /// Key/value pairs as the `Attributes` list the Modify…Attributes calls take, in key order.
    static func attributeList(_ pairs: [String: String]) -> [QueryParameters] {
        pairs.keys.sorted().map { key in QueryParameters { $0.set("Key", key); $0.set("Value", pairs[key]) } }
    }

    /// Terraform writes booleans in attributes as `true`/`false`.
    static func text(_ flag: Bool) -> String { flag ? "true" : "false" }

    /// A prior value to keep where AWS says nothing about an attribute, as the provider leaves
    /// such attributes alone; unknown (a computed value planned before create) becomes null.
    static func carried(_ current: Value, _ name: String, type: ValueType) -> Value {
        guard let value = current[attribute: name], value.isKnown else { return .null(type) }
        return value
    }

    // MARK: Identifiers

    /// `app/name/0123456789abcdef` from a load balancer ARN, as CloudWatch metrics name it.
    static func loadBalancerSuffix(_ arn: String) -> String {
        guard let range = arn.range(of: ":loadbalancer/") else { return "" }
        return String(arn[range.upperBound...])
    }

    /// `targetgroup/name/0123456789abcdef` from a target group ARN.
    static func targetGroupSuffix(_ arn: String) -> String {
        guard let range = arn.range(of: ":targetgroup/") else { return "" }
        return "targetgroup/" + arn[range.upperBound...]
    }

    /// The listener a rule belongs to: `…:listener-rule/app/n/1/2/3` becomes `…:listener/app/n/1/2`.
    static func listenerARN(ofRule ruleARN: String) -> String {
        guard let range = ruleARN.range(of: ":listener-rule/"), let lastSlash = ruleARN.lastIndex(of: "/"), lastSlash > range.upperBound else { return "" }
        return ruleARN[..<range.lowerBound] + ":listener/" + ruleARN[range.upperBound..<lastSlash]
    }
}
