import ResourceGraph

/// Nested blocks prov declares with Terraform's shape but does not implement yet: every
/// argument in them, at any depth, is marked unsupported, so a configuration that uses the
/// block is refused with the argument's name instead of being silently ignored.
enum UnsupportedBlocks {
    static func marking(_ block: BlockSchema, reason: String) -> BlockSchema {
        BlockSchema(
            attributes: block.attributes.mapValues { attribute in
                guard attribute.isSettable else { return attribute }
                var marked = attribute
                marked.unsupportedReason = reason
                return marked
            },
            blocks: block.blocks.mapValues { nested in
                var marked = nested
                marked.block = marking(nested.block, reason: reason)
                return marked
            })
    }

    /// A `min`/`max` range block, as instance requirements use them.
    static let range = BlockSchema(attributes: [
        "min": AttributeSchema(.number, .optional),
        "max": AttributeSchema(.number, .optional),
    ])

    /// Attribute-based instance type selection (`instance_requirements`), shared by launch
    /// templates and Auto Scaling mixed instances policies.
    static let instanceRequirements = BlockSchema(
        attributes: [
            "accelerator_manufacturers": AttributeSchema(.set(.string), .optional),
            "accelerator_names": AttributeSchema(.set(.string), .optional),
            "accelerator_types": AttributeSchema(.set(.string), .optional),
            "allowed_instance_types": AttributeSchema(.set(.string), .optional),
            "bare_metal": AttributeSchema(.string, .optional),
            "burstable_performance": AttributeSchema(.string, .optional),
            "cpu_manufacturers": AttributeSchema(.set(.string), .optional),
            "excluded_instance_types": AttributeSchema(.set(.string), .optional),
            "instance_generations": AttributeSchema(.set(.string), .optional),
            "local_storage": AttributeSchema(.string, .optional),
            "local_storage_types": AttributeSchema(.set(.string), .optional),
            "max_spot_price_as_percentage_of_optimal_on_demand_price": AttributeSchema(.number, .optional),
            "on_demand_max_price_percentage_over_lowest_price": AttributeSchema(.number, .optional),
            "require_hibernate_support": AttributeSchema(.bool, .optional),
            "spot_max_price_percentage_over_lowest_price": AttributeSchema(.number, .optional),
        ],
        blocks: Dictionary(uniqueKeysWithValues: [
            "accelerator_count", "accelerator_total_memory_mib", "baseline_ebs_bandwidth_mbps", "memory_gib_per_vcpu",
            "memory_mib", "network_bandwidth_gbps", "network_interface_count", "total_local_storage_gb", "vcpu_count",
        ].map { ($0, NestedBlockSchema(.list, range, maxItems: 1)) }))
}
