import Foundation
import Provisioner
import ResourceGraph

/// What ECR resource types share: calls, tags and not-found errors.
enum ECR {
    static func call(_ operation: String, _ body: [String: Value], in context: AWSContext, idempotent: Bool = true) async throws -> Value {
        try await context.client.json(.ecr, operation: operation, body: .object(body), idempotent: idempotent)
    }

    static func isNotFound(_ error: any Error) -> Bool {
        guard let code = (error as? AWSError)?.code else { return false }
        return code == "RepositoryNotFoundException" || code == "LifecyclePolicyNotFoundException"
    }

    static let tagLists = TagLists.capitalized

    static func tags(arn: String, in context: AWSContext) async throws -> [String: String] {
        tagLists.map(try await call("ListTagsForResource", ["resourceArn": .string(arn)], in: context)[attribute: "tags"])
    }

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            _ = try await call("UntagResource", ["resourceArn": .string(arn), "tagKeys": .tuple(remove.map(Value.string))], in: context)
        }
        if !set.isEmpty {
            _ = try await call("TagResource", ["resourceArn": .string(arn), "tags": tagLists.list(set)], in: context)
        }
    }
}
