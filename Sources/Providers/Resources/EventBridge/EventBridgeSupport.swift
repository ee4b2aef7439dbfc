import Foundation
import Provisioner
import ResourceGraph

/// What EventBridge resource types share: calls, tags, ids and event patterns.
enum EventBridge {
    static let defaultBusName = "default"

    static func call(_ operation: String, _ body: [String: Value], in context: AWSContext, idempotent: Bool = true) async throws -> Value {
        try await context.client.json(.eventBridge, operation: operation, body: .object(body), idempotent: idempotent)
    }

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "ResourceNotFoundException"
    }

    static let tagLists = TagLists.capitalized

    static func tags(arn: String, in context: AWSContext) async throws -> [String: String] {
        tagLists.map(try await call("ListTagsForResource", ["ResourceARN": .string(arn)], in: context)[attribute: "Tags"])
    }

    static func updateTags(arn: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        if !remove.isEmpty {
            _ = try await call("UntagResource", ["ResourceARN": .string(arn), "TagKeys": .tuple(remove.map(Value.string))], in: context)
        }
        if !set.isEmpty {
            _ = try await call("TagResource", ["ResourceARN": .string(arn), "Tags": tagLists.list(set)], in: context)
        }
    }

    /// Whether a bus name that holds slashes is one the provider accepts in an id: an event
    /// bus ARN, or a partner event bus (`aws.partner/<partner>/<name>`, possibly as an ARN).
    static func isBusWithSlashes(_ bus: String) -> Bool {
        var rest = Substring(bus)
        if bus.hasPrefix("arn:"), let range = bus.range(of: ":event-bus/") {
            rest = bus[range.upperBound...]
            if !rest.contains("/") { return true }
        }
        return rest.hasPrefix("aws.partner/") && rest.split(separator: "/").count >= 3
    }

    /// Splits `first/second` ids whose first part may be a bus ARN holding slashes itself: the
    /// last `count - 1` parts are the slash-free names, everything before them the bus.
    static func splitTrailing(_ id: String, names count: Int) -> [String]? {
        var parts = id.components(separatedBy: "/")
        guard parts.count >= count else { return nil }
        var names: [String] = []
        for _ in 0..<(count - 1) { names.insert(parts.removeLast(), at: 0) }
        let bus = parts.joined(separator: "/")
        guard !bus.isEmpty, !names.contains(where: \.isEmpty) else { return nil }
        if parts.count > 1 && !isBusWithSlashes(bus) { return nil }
        return [bus] + names
    }

    /// An event pattern as the provider keeps it: compact JSON with sorted keys, `<`, `>` and
    /// `&` left as they are. Text that is not JSON stays as it is (AWS will refuse it).
    static func normalizedPattern(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return text }
        guard let parsed = try? JSONParser.parse(text), let encoded = try? JSONEncoding.encode(parsed) else { return text }
        return encoded.replacingOccurrences(of: "\\u003c", with: "<").replacingOccurrences(of: "\\u003e", with: ">")
            .replacingOccurrences(of: "\\u0026", with: "&")
    }
}
