import ResourceGraph

/// The launch template's string booleans compare by meaning, as the provider's
/// `SuppressEquivalentTypeStringBoolean` has it: "" and "false" (not set, or set to false) are
/// the same, and "1" is "true". Where the planned text means what the prior text meant, the
/// prior text is planned, so no change shows.
enum LaunchTemplateStringBooleans {
    static func keepingPriorSpelling(_ planned: Value, prior: Value?) -> Value {
        guard let prior else { return planned }
        var result = keep(["ebs_optimized"], in: planned, prior: prior)
        result = result.setting(["block_device_mappings": listKeeping(result, prior, "block_device_mappings", LaunchTemplateSchema.blockDeviceMappingSchema) { new, old in
            new.setting(["ebs": listKeeping(new, old, "ebs", LaunchTemplateSchema.ebsSchema) { keep(["delete_on_termination", "encrypted"], in: $0, prior: $1) }])
        }])
        result = result.setting(["network_interfaces": listKeeping(result, prior, "network_interfaces", LaunchTemplateSchema.networkInterfaceSchema) {
            keep(["associate_carrier_ip_address", "associate_public_ip_address", "delete_on_termination", "primary_ipv6"], in: $0, prior: $1)
        }])
        return result
    }

    static func meaning(_ text: String?) -> Bool {
        guard let text, !text.isEmpty else { return false }
        return ["1", "t", "T", "true", "TRUE", "True"].contains(text)
    }

    private static func keep(_ names: [String], in planned: Value, prior: Value) -> Value {
        var changes: [String: Value] = [:]
        for name in names {
            guard let new = planned[attribute: name], new.isKnown, let old = prior[attribute: name] else { continue }
            if new.stringValue != old.stringValue, meaning(new.stringValue) == meaning(old.stringValue) { changes[name] = old }
        }
        return changes.isEmpty ? planned : planned.setting(changes)
    }

    /// The list block with each element adjusted against the prior element at its index.
    private static func listKeeping(_ planned: Value, _ prior: Value, _ name: String, _ schema: BlockSchema, _ adjust: (Value, Value) -> Value) -> Value {
        let new = planned.objects(name), old = prior.objects(name)
        guard let value = planned[attribute: name], value.isKnown, !new.isEmpty else { return planned[attribute: name] ?? .list([], of: schema.valueType) }
        return .list(new.enumerated().map { index, element in index < old.count ? adjust(element, old[index]) : element }, of: schema.valueType)
    }
}
