/// prov puts its system tags (`prov:stack`, `prov:address`) on every object it creates besides
/// the configuration's own; tests of a type's tags look at the configuration's.
enum UserTags {
    static func of(_ tags: [String: String]?) -> [String: String]? {
        tags?.filter { !$0.key.hasPrefix("prov:") }
    }

    /// Tag lists in either spelling: `Key`/`Value` or `key`/`value`.
    static func of(_ tags: [[String: String]]?) -> [[String: String]]? {
        tags?.filter { !(($0["Key"] ?? $0["key"])?.hasPrefix("prov:") ?? false) }
    }
}
