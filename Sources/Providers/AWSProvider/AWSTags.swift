import ResourceGraph

/// Terraform's tag semantics: `tags` is what the configuration sets, `tags_all` adds the
/// provider's `default_tags` (resource tags win on conflict); ignored keys are left alone.
enum AWSTags {
    /// Fills `tags_all` in a planned object when its `tags` are known.
    static func planTagsAll(_ proposed: Value, settings: AWSProviderBlock) -> Value {
        guard proposed[attribute: "tags_all"] != nil else { return proposed }
        guard let tags = proposed[attribute: "tags"], tags.isWhollyKnown else {
            return proposed.setting(["tags_all": .unknown(.map(.string))])
        }
        let all = effective(tags.isNull ? [:] : proposed.stringMap("tags") ?? [:], settings: settings)
        return proposed.setting(["tags_all": .stringMap(all)])
    }

    /// The tags to put on the object: default tags merged with the resource's own.
    static func effective(_ tags: [String: String], settings: AWSProviderBlock) -> [String: String] {
        settings.defaultTags.merging(tags) { _, own in own }.filter { !settings.ignoresTag($0.key) }
    }

    /// The `tags` and `tags_all` attributes for tags read from AWS: `tags` leaves out default
    /// tags the configuration did not set itself.
    static func attributes(remote: [String: String], prior: Value?, settings: AWSProviderBlock) -> [String: Value] {
        let visible = remote.filter { !settings.ignoresTag($0.key) }
        let configured = prior?.stringMap("tags") ?? [:]
        let own = visible.filter { key, value in settings.defaultTags[key] != value || configured[key] != nil }
        return ["tags": .stringMap(own), "tags_all": .stringMap(visible)]
    }

    /// Keys to add or change and keys to remove, to go from one tag map to another.
    static func difference(from old: [String: String], to new: [String: String]) -> (set: [String: String], remove: [String]) {
        let set = new.filter { old[$0.key] != $0.value }
        let remove = old.keys.filter { new[$0] == nil }.sorted()
        return (set, remove)
    }

    static let schemaAttributes: [String: AttributeSchema] = [
        "tags": AttributeSchema(.map(.string), .optional),
        "tags_all": AttributeSchema(.map(.string), .optionalComputed),
    ]
}
