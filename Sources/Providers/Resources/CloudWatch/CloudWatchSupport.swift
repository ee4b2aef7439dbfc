import Foundation
import Provisioner
import ResourceGraph

/// What CloudWatch (metrics and alarms) resource types share: query protocol calls and tags.
enum CloudWatch {
    static func call(_ action: String, _ parameters: QueryParameters, in context: AWSContext, idempotent: Bool = true) async throws -> XMLNode {
        try await context.client.query(.cloudWatch, action: action, parameters: parameters, idempotent: idempotent)
    }

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "ResourceNotFound" || (error as? AWSError)?.code == "ResourceNotFoundException"
    }

    /// `Name`/`Value` pairs (an alarm's or a metric's dimensions) as a map.
    static func dimensions(_ list: XMLNode?) -> [String: String] {
        var map: [String: String] = [:]
        for member in list?.children("member") ?? [] {
            if let name = member.string("Name") { map[name] = member.string("Value") ?? "" }
        }
        return map
    }

    /// A dimension map as `Dimensions.member.N.Name/Value`, sorted by name.
    static func dimensionParameters(_ map: [String: String]) -> [QueryParameters] {
        map.keys.sorted().map { name in QueryParameters { $0.set("Name", name); $0.set("Value", map[name]!) } }
    }

    static func tags(arn: String, in context: AWSContext) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.set("ResourceARN", arn)
        let response = try await call("ListTagsForResource", parameters, in: context)
        var tags: [String: String] = [:]
        for tag in response.all("Tags", "member") {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            var parameters = QueryParameters()
            parameters.set("ResourceARN", arn)
            parameters.setList("TagKeys", remove)
            _ = try await call("UntagResource", parameters, in: context)
        }
        if !set.isEmpty {
            var parameters = QueryParameters()
            parameters.set("ResourceARN", arn)
            parameters.setTags("Tags", set)
            _ = try await call("TagResource", parameters, in: context)
        }
    }
}
