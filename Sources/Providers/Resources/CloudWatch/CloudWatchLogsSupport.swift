import Foundation
import Provisioner
import ResourceGraph

/// What CloudWatch Logs resource types share: json protocol calls and tags.
enum CloudWatchLogs {
    static func call(_ operation: String, _ body: [String: Value], in context: AWSContext, idempotent: Bool = true) async throws -> Value {
        try await context.client.json(.cloudWatchLogs, operation: operation, body: .object(body), idempotent: idempotent)
    }

    /// CloudWatch Logs names its page token in lower camel case.
    static let pageToken = AWSPageToken(inputName: "nextToken", outputPath: ["nextToken"])

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "ResourceNotFoundException"
    }

    /// A log group's ARN as Terraform exports it: DescribeLogGroups' `arn` ends in `:*` (the
    /// streams inside), which the provider removes.
    static func trimmedARN(_ arn: String) -> String {
        arn.hasSuffix(":*") ? String(arn.dropLast(2)) : arn
    }

    static func tags(arn: String, in context: AWSContext) async throws -> [String: String] {
        let response = try await call("ListTagsForResource", ["resourceArn": .string(arn)], in: context)
        return response.stringMap("tags") ?? [:]
    }

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            _ = try await call("UntagResource", ["resourceArn": .string(arn), "tagKeys": .tuple(remove.map(Value.string))], in: context)
        }
        if !set.isEmpty {
            _ = try await call("TagResource", ["resourceArn": .string(arn), "tags": .object(set.mapValues(Value.string))], in: context)
        }
    }
}
