import Foundation
import ResourceGraph

/// ECR lifecycle policies compared as the AWS provider compares them: through the policy's
/// types (key case, formatting and unknown keys do not matter), with the rules in priority
/// order and the tag lists of each selection sorted (an empty one is the same as none).
enum LifecyclePolicyDocuments {
    static let selection = TypedJSON.Shape([
        "tagStatus": .string, "tagPatternList": .stringList, "tagPrefixList": .stringList,
        "storageClass": .string, "countType": .string, "countUnit": .string, "countNumber": .boxedInteger,
    ])
    static let action = TypedJSON.Shape(["type": .string, "targetStorageClass": .string])
    static let rule = TypedJSON.Shape([
        "rulePriority": .boxedInteger, "description": .string,
        "selection": .structure(selection), "action": .structure(action),
    ])
    static let policy = TypedJSON.Shape(["rules": .structureList(rule)])

    /// The policy in its comparable form; nil when the text is not a policy document.
    static func canonical(_ text: String) -> Value? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let parsed = try? JSONParser.parse(trimmed.isEmpty ? "{}" : trimmed),
              let projected = try? policy.project(parsed) else { return nil }
        let rules = (projected.objects("rules")).map(reducedRule).sorted { ($0.int("rulePriority") ?? 0) < ($1.int("rulePriority") ?? 0) }
        return projected.setting(["rules": projected[attribute: "rules"]?.isNull == false ? .tuple(rules) : .null])
    }

    private static func reducedRule(_ rule: Value) -> Value {
        guard let selection = rule[attribute: "selection"], !selection.isNull else { return rule }
        var members = selection.attributes ?? [:]
        for list in ["tagPatternList", "tagPrefixList"] {
            let sorted = (selection.stringList(list) ?? []).sorted()
            members[list] = sorted.isEmpty ? .null : .tuple(sorted.map(Value.string))
        }
        return rule.setting(["selection": .object(members)])
    }

    static func equivalent(_ a: String, _ b: String) -> Bool {
        guard let left = canonical(a), let right = canonical(b) else { return false }
        return left == right
    }

    /// The policy as sent to AWS: the same JSON without insignificant whitespace, as
    /// Terraform normalizes it.
    static func normalized(_ text: String) -> String? {
        guard let parsed = try? JSONParser.parse(text) else { return nil }
        return try? JSONEncoding.encode(parsed)
    }
}
