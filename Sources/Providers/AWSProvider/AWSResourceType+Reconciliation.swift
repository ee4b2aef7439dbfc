import Provisioner
import ResourceGraph

/// Where a type's objects are found by their system tags.
enum SystemTagSearch: Sendable {
    /// The Resource Groups Tagging API (`GetResources` with tag filters), which covers the
    /// taggable objects of most services at once.
    case taggingAPI
    /// EC2's `DescribeTags`, which covers every EC2 object (and, unlike the tagging API in the
    /// emulator, Elastic IPs, endpoints, network ACLs and security group rules).
    case ec2
}

/// The defaults most types keep: look for the system tags; if the type says how, by the
/// unique name in the configuration; and read what is found, with the configuration as the
/// prior object so attributes AWS does not return keep their configured values.
extension AWSResourceType {
    static var receivesSystemTags: Bool { true }
    static var systemTagSearch: SystemTagSearch { .taggingAPI }
    static var createIsRepeatable: Bool { false }

    /// The id is the ARN's last part: `vpc/vpc-0abc` gives `vpc-0abc`, `function:name` gives
    /// `name`.
    func identity(fromARN arn: String) -> [String: Value] {
        let resource = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last.map(String.init) ?? arn
        let id = resource.contains("/") ? resource.split(separator: "/").last.map(String.init) ?? resource : resource.split(separator: ":").last.map(String.init) ?? resource
        return ["id": .string(id), "arn": .string(arn)]
    }

    func identity(fromConfiguration configuration: Value) -> [String: Value]? { nil }

    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        let hint = query.configuration ?? .emptyObject
        var searched = false
        if AWSSystemTags.takesSystemTags(self) {
            searched = true
            for identity in try await StackTagSearch.identities(of: self, stack: query.stack, address: query.address, in: context) {
                if let found = try await read(hint.setting(identity), in: context) { return .found(found) }
            }
        }
        if let configuration = query.configuration, let identity = identity(fromConfiguration: configuration) {
            searched = true
            if let found = try await read(configuration.setting(identity), in: context) { return .found(found) }
        }
        return searched || Self.createIsRepeatable ? .notFound : .unsupported
    }
}

/// Identities for `identity(fromConfiguration:)`.
enum ReconciliationIdentity {
    /// For types whose `read` finds the object from these configured arguments alone (a unique
    /// name, or the objects it joins): nothing to add when they are all known, nil otherwise.
    static func whenKnown(_ configuration: Value, _ names: String...) -> [String: Value]? {
        let known = names.allSatisfy { name in
            guard let value = configuration[attribute: name], value.isKnown, !value.isNull else { return false }
            return true
        }
        return known ? [:] : nil
    }
}
