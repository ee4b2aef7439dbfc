import Provisioner
import ResourceGraph

/// The schema of `aws_autoscaling_group`, as Terraform's provider declares it.
enum AutoScalingGroupSchema {
    static let launchTemplateSchema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .optionalComputed),
        "name": AttributeSchema(.string, .optionalComputed),
        "version": AttributeSchema(.string, .optionalComputed),
    ])
    static let tagSchema = BlockSchema(attributes: [
        "key": AttributeSchema(.string, .required),
        "value": AttributeSchema(.string, .required),
        "propagate_at_launch": AttributeSchema(.bool, .required),
    ])
    static let lifecycleHookSchema = BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required),
        "default_result": AttributeSchema(.string, .optionalComputed),
        "heartbeat_timeout": AttributeSchema(.number, .optional),
        "lifecycle_transition": AttributeSchema(.string, .required),
        "notification_metadata": AttributeSchema(.string, .optional),
        "notification_target_arn": AttributeSchema(.string, .optional),
        "role_arn": AttributeSchema(.string, .optional),
    ])

    // MARK: Blocks not implemented yet

    private static let launchTemplateSpecification = BlockSchema(attributes: [
        "launch_template_id": AttributeSchema(.string, .optionalComputed),
        "launch_template_name": AttributeSchema(.string, .optionalComputed),
        "version": AttributeSchema(.string, .optionalComputed),
    ])
    static let mixedInstancesPolicySchema = UnsupportedBlocks.marking(BlockSchema(blocks: [
        "instances_distribution": NestedBlockSchema(.list, BlockSchema(attributes: [
            "on_demand_allocation_strategy": AttributeSchema(.string, .optionalComputed),
            "on_demand_base_capacity": AttributeSchema(.number, .optionalComputed),
            "on_demand_percentage_above_base_capacity": AttributeSchema(.number, .optionalComputed),
            "spot_allocation_strategy": AttributeSchema(.string, .optionalComputed),
            "spot_instance_pools": AttributeSchema(.number, .optionalComputed),
            "spot_max_price": AttributeSchema(.string, .optional),
        ]), maxItems: 1),
        "launch_template": NestedBlockSchema(.list, BlockSchema(blocks: [
            "launch_template_specification": NestedBlockSchema(.list, launchTemplateSpecification, maxItems: 1),
            "override": NestedBlockSchema(.list, BlockSchema(
                attributes: [
                    "instance_type": AttributeSchema(.string, .optional),
                    "weighted_capacity": AttributeSchema(.string, .optional),
                ],
                blocks: [
                    "instance_requirements": NestedBlockSchema(.list, UnsupportedBlocks.instanceRequirements, maxItems: 1),
                    "launch_template_specification": NestedBlockSchema(.list, launchTemplateSpecification, maxItems: 1),
                ])),
        ]), maxItems: 1),
    ]), reason: "mixed instances policies are not implemented yet")

    static let instanceRefreshSchema = UnsupportedBlocks.marking(BlockSchema(
        attributes: [
            "strategy": AttributeSchema(.string, .required),
            "triggers": AttributeSchema(.set(.string), .optional),
        ],
        blocks: [
            "preferences": NestedBlockSchema(.list, BlockSchema(
                attributes: [
                    "auto_rollback": AttributeSchema(.bool, .optional),
                    "checkpoint_delay": AttributeSchema(.string, .optional),
                    "checkpoint_percentages": AttributeSchema(.list(.number), .optional),
                    "instance_warmup": AttributeSchema(.string, .optional),
                    "max_healthy_percentage": AttributeSchema(.number, .optional),
                    "min_healthy_percentage": AttributeSchema(.number, .optional),
                    "scale_in_protected_instances": AttributeSchema(.string, .optional),
                    "skip_matching": AttributeSchema(.bool, .optional),
                    "standby_instances": AttributeSchema(.string, .optional),
                ],
                blocks: ["alarm_specification": NestedBlockSchema(.list, BlockSchema(attributes: ["alarms": AttributeSchema(.list(.string), .optional)]), maxItems: 1)]),
                maxItems: 1),
        ]), reason: "instance refreshes are not implemented yet")

    static let warmPoolSchema = UnsupportedBlocks.marking(BlockSchema(
        attributes: [
            "max_group_prepared_capacity": AttributeSchema(.number, .optional),
            "min_size": AttributeSchema(.number, .optional),
            "pool_state": AttributeSchema(.string, .optional),
        ],
        blocks: ["instance_reuse_policy": NestedBlockSchema(.list, BlockSchema(attributes: ["reuse_on_scale_in": AttributeSchema(.bool, .optional)]), maxItems: 1)]),
        reason: "warm pools are not implemented yet")

    static let instanceMaintenancePolicySchema = UnsupportedBlocks.marking(BlockSchema(attributes: [
        "max_healthy_percentage": AttributeSchema(.number, .required),
        "min_healthy_percentage": AttributeSchema(.number, .required),
    ]), reason: "instance maintenance policies are not implemented yet")

    static let availabilityZoneDistributionSchema = UnsupportedBlocks.marking(BlockSchema(attributes: [
        "capacity_distribution_strategy": AttributeSchema(.string, .optional),
    ]), reason: "availability zone distribution strategies are not implemented yet")

    static let capacityReservationSpecificationSchema = UnsupportedBlocks.marking(BlockSchema(
        attributes: ["capacity_reservation_preference": AttributeSchema(.string, .optionalComputed)],
        blocks: ["capacity_reservation_target": NestedBlockSchema(.list, BlockSchema(attributes: [
            "capacity_reservation_ids": AttributeSchema(.list(.string), .optional),
            "capacity_reservation_resource_group_arns": AttributeSchema(.list(.string), .optional),
        ]), maxItems: 1)]),
        reason: "capacity reservations are not implemented yet")

    static let trafficSourceSchema = UnsupportedBlocks.marking(BlockSchema(attributes: [
        "identifier": AttributeSchema(.string, .required),
        "type": AttributeSchema(.string, .optional),
    ]), reason: "traffic sources are not implemented yet; use target_group_arns, load_balancers or aws_autoscaling_attachment")

    /// Blocks that are empty unless configured, read as empty lists or sets.
    static let unsupportedBlocks: [String: NestedBlockSchema] = [
        "mixed_instances_policy": NestedBlockSchema(.list, mixedInstancesPolicySchema, maxItems: 1),
        "instance_refresh": NestedBlockSchema(.list, instanceRefreshSchema, maxItems: 1),
        "warm_pool": NestedBlockSchema(.list, warmPoolSchema, maxItems: 1),
        "instance_maintenance_policy": NestedBlockSchema(.list, instanceMaintenancePolicySchema, maxItems: 1),
        "availability_zone_distribution": NestedBlockSchema(.list, availabilityZoneDistributionSchema, maxItems: 1),
        "capacity_reservation_specification": NestedBlockSchema(.list, capacityReservationSpecificationSchema, maxItems: 1),
        "traffic_source": NestedBlockSchema(.set, trafficSourceSchema),
    ]

    static let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "launch_configuration": AttributeSchema(.string, .optional),
            "min_size": AttributeSchema(.number, .required),
            "max_size": AttributeSchema(.number, .required),
            "desired_capacity": AttributeSchema(.number, .optionalComputed),
            "desired_capacity_type": AttributeSchema(.string, .optional),
            "default_cooldown": AttributeSchema(.number, .optionalComputed),
            "default_instance_warmup": AttributeSchema(.number, .optional),
            "availability_zones": AttributeSchema(.set(.string), .optionalComputed),
            "vpc_zone_identifier": AttributeSchema(.set(.string), .optionalComputed),
            "capacity_rebalance": AttributeSchema(.bool, .optional),
            "context": AttributeSchema(.string, .optional),
            "enabled_metrics": AttributeSchema(.set(.string), .optional),
            "metrics_granularity": AttributeSchema(.string, .optional, default: .string("1Minute")),
            "force_delete": AttributeSchema(.bool, .optional, default: .false),
            "force_delete_warm_pool": AttributeSchema(.bool, .optional, default: .false),
            "health_check_grace_period": AttributeSchema(.number, .optional, default: .number(300)),
            "health_check_type": AttributeSchema(.string, .optionalComputed),
            "ignore_failed_scaling_activities": AttributeSchema(.bool, .optional, default: .false),
            "load_balancers": AttributeSchema(.set(.string), .optionalComputed),
            "target_group_arns": AttributeSchema(.set(.string), .optionalComputed),
            "max_instance_lifetime": AttributeSchema(.number, .optional),
            "min_elb_capacity": AttributeSchema(.number, .optional),
            "wait_for_elb_capacity": AttributeSchema(.number, .optional),
            "wait_for_capacity_timeout": AttributeSchema(.string, .optional, default: .string("10m")),
            "placement_group": AttributeSchema(.string, .optional),
            "predicted_capacity": AttributeSchema(.number, .computed),
            "protect_from_scale_in": AttributeSchema(.bool, .optional, default: .false),
            "service_linked_role_arn": AttributeSchema(.string, .optionalComputed),
            "suspended_processes": AttributeSchema(.set(.string), .optional),
            "termination_policies": AttributeSchema(.list(.string), .optional),
            "warm_pool_size": AttributeSchema(.number, .computed),
        ],
        blocks: [
            "launch_template": NestedBlockSchema(.list, launchTemplateSchema, maxItems: 1),
            "tag": NestedBlockSchema(.set, tagSchema),
            "initial_lifecycle_hook": NestedBlockSchema(.set, lifecycleHookSchema, forceNew: true),
            "timeouts": Timeouts.block(create: false, update: true, delete: true),
        ].merging(unsupportedBlocks) { a, _ in a }),
        version: 1)

    /// Arguments AWS does not report, which a read carries over (with their defaults when there
    /// is nothing to carry over, as after an import).
    static let configurationOnly: [String: Value] = [
        "force_delete": .false, "force_delete_warm_pool": .false, "ignore_failed_scaling_activities": .false,
        "wait_for_capacity_timeout": .string("10m"), "min_elb_capacity": .null(.number), "wait_for_elb_capacity": .null(.number),
        "initial_lifecycle_hook": .set([], of: lifecycleHookSchema.valueType), "timeouts": .null(Timeouts.valueType),
    ]
}
