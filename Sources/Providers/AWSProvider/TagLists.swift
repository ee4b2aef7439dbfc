import ResourceGraph

/// The `[{"Key": …, "Value": …}]` tag lists of the json protocol services; the member names
/// vary by service (ECR says `Key`, ECS says `key`).
struct TagLists: Sendable {
    let keyName: String
    let valueName: String

    static let capitalized = TagLists(keyName: "Key", valueName: "Value")
    static let lowercase = TagLists(keyName: "key", valueName: "value")

    /// The list for a tag map, sorted by key.
    func list(_ tags: [String: String]) -> Value {
        .tuple(tags.keys.sorted().map { key in .object([keyName: .string(key), valueName: .string(tags[key]!)]) })
    }

    func map(_ list: Value?) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in list?.elements ?? [] {
            if let key = tag.string(keyName) { tags[key] = tag.string(valueName) ?? "" }
        }
        return tags
    }
}
