import Foundation
import Provisioner
import ResourceGraph

/// What Secrets Manager resource types share.
enum SecretsManager {
    static func call(_ operation: String, _ body: [String: Value], in context: AWSContext, idempotent: Bool = true) async throws -> Value {
        try await context.client.json(.secretsManager, operation: operation, body: .object(body), idempotent: idempotent)
    }

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "ResourceNotFoundException"
    }

    /// `[{"Key": …, "Value": …}]`, sorted by key.
    static func tagList(_ tags: [String: String]) -> Value {
        .tuple(tags.keys.sorted().map { key in .object(["Key": .string(key), "Value": .string(tags[key]!)]) })
    }

    static func tags(from list: Value?) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in list?.elements ?? [] {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            _ = try await call("UntagResource", ["SecretId": .string(arn), "TagKeys": .tuple(remove.map(Value.string))], in: context)
        }
        if !set.isEmpty {
            _ = try await call("TagResource", ["SecretId": .string(arn), "Tags": tagList(set)], in: context)
        }
    }

    /// A token Secrets Manager accepts (32 to 64 characters) derived from the engine's, so a
    /// retried call names the same version.
    static func clientRequestToken(_ context: AWSContext) -> String? {
        context.idempotencyToken.map(clientRequestToken(for:))
    }

    static func clientRequestToken(for engineToken: String) -> String {
        Crypto.hex(Crypto.sha256(engineToken))
    }
}
