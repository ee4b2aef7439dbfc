import Foundation
import Provisioner
import ResourceGraph

/// The `ecs_target` block of `aws_cloudwatch_event_target`: the ECS task a rule runs.
enum EventTargetECS {
    static let capacityProviderStrategy = BlockSchema(attributes: [
        "base": AttributeSchema(.number, .optional),
        "capacity_provider": AttributeSchema(.string, .required),
        "weight": AttributeSchema(.number, .optional),
    ])
    static let networkConfiguration = BlockSchema(attributes: [
        "assign_public_ip": AttributeSchema(.bool, .optional, default: .false),
        "security_groups": AttributeSchema(.set(.string), .optional),
        "subnets": AttributeSchema(.set(.string), .required),
    ])
    static let orderedPlacementStrategy = BlockSchema(attributes: [
        "field": AttributeSchema(.string, .optional),
        "type": AttributeSchema(.string, .required),
    ])
    static let placementConstraint = BlockSchema(attributes: [
        "expression": AttributeSchema(.string, .optional),
        "type": AttributeSchema(.string, .required),
    ])

    static let schema = BlockSchema(
        attributes: [
            "enable_ecs_managed_tags": AttributeSchema(.bool, .optional, default: .false),
            "enable_execute_command": AttributeSchema(.bool, .optional, default: .false),
            "group": AttributeSchema(.string, .optional),
            "launch_type": AttributeSchema(.string, .optional),
            "platform_version": AttributeSchema(.string, .optional),
            "propagate_tags": AttributeSchema(.string, .optional),
            "tags": AttributeSchema(.map(.string), .optional),
            "task_count": AttributeSchema(.number, .optional, default: .number(1)),
            "task_definition_arn": AttributeSchema(.string, .required),
        ],
        blocks: [
            "capacity_provider_strategy": NestedBlockSchema(.set, capacityProviderStrategy),
            "network_configuration": NestedBlockSchema(.list, networkConfiguration, maxItems: 1),
            "ordered_placement_strategy": NestedBlockSchema(.list, orderedPlacementStrategy, maxItems: 5),
            "placement_constraint": NestedBlockSchema(.set, placementConstraint, maxItems: 10),
        ])

    /// `EcsParameters` for PutTargets.
    static func request(_ ecs: Value) -> Value {
        var parameters: [String: Value] = [
            "TaskDefinitionArn": .string(ecs.string("task_definition_arn") ?? ""),
            "TaskCount": .number(ecs.int("task_count") ?? 1),
            "EnableExecuteCommand": .bool(ecs.bool("enable_execute_command") ?? false),
            "EnableECSManagedTags": .bool(ecs.bool("enable_ecs_managed_tags") ?? false),
        ]
        EventTargetBlocks.put(&parameters, "Group", ecs.string("group"))
        EventTargetBlocks.put(&parameters, "LaunchType", ecs.string("launch_type"))
        EventTargetBlocks.put(&parameters, "PlatformVersion", ecs.string("platform_version"))
        EventTargetBlocks.put(&parameters, "PropagateTags", ecs.string("propagate_tags"))
        let strategy = ecs.objects("capacity_provider_strategy")
        if !strategy.isEmpty {
            parameters["CapacityProviderStrategy"] = .tuple(strategy.map { item in .object([
                "capacityProvider": .string(item.string("capacity_provider") ?? ""),
                "weight": .number(item.int("weight") ?? 0), "base": .number(item.int("base") ?? 0),
            ]) })
        }
        if let network = ecs.objects("network_configuration").first {
            var vpc: [String: Value] = [
                "Subnets": EventTargetBlocks.strings((network.stringList("subnets") ?? []).sorted()),
                "AssignPublicIp": .string(network.bool("assign_public_ip") == true ? "ENABLED" : "DISABLED"),
            ]
            if let groups = network.stringList("security_groups") { vpc["SecurityGroups"] = EventTargetBlocks.strings(groups.sorted()) }
            parameters["NetworkConfiguration"] = .object(["awsvpcConfiguration": .object(vpc)])
        }
        let constraints = ecs.objects("placement_constraint")
        if !constraints.isEmpty {
            parameters["PlacementConstraints"] = .tuple(constraints.map { constraint in
                var item: [String: Value] = [:]
                EventTargetBlocks.put(&item, "type", constraint.string("type"))
                EventTargetBlocks.put(&item, "expression", constraint.string("expression"))
                return .object(item)
            })
        }
        let strategies = ecs.objects("ordered_placement_strategy")
        if !strategies.isEmpty {
            parameters["PlacementStrategy"] = .tuple(strategies.map { strategy in
                var item: [String: Value] = [:]
                EventTargetBlocks.put(&item, "type", strategy.string("type"))
                EventTargetBlocks.put(&item, "field", strategy.string("field"))
                return .object(item)
            })
        }
        let tags = ecs.stringMap("tags") ?? [:]
        if !tags.isEmpty { parameters["Tags"] = EventBridge.tagLists.list(tags) }
        return .object(parameters)
    }

    /// The block for the `EcsParameters` a target reports.
    static func read(_ ecs: Value) -> Value {
        let network = ecs[attribute: "NetworkConfiguration"]?[attribute: "awsvpcConfiguration"]
        let networkBlocks: [Value] = network.map { vpc in
            guard !vpc.isNull else { return [] }
            let groups = vpc.stringList("SecurityGroups") ?? []
            return [.object([
                "assign_public_ip": .bool(vpc.string("AssignPublicIp") == "ENABLED"),
                "security_groups": groups.isEmpty ? .null(.set(.string)) : .stringSet(groups),
                "subnets": .stringSet(vpc.stringList("Subnets") ?? []),
            ])]
        } ?? []
        let tags = EventBridge.tagLists.map(ecs[attribute: "Tags"])
        return .object([
            "enable_ecs_managed_tags": .bool(ecs.bool("EnableECSManagedTags") ?? false),
            "enable_execute_command": .bool(ecs.bool("EnableExecuteCommand") ?? false),
            "group": EventTargetBlocks.text(ecs.string("Group")),
            "launch_type": EventTargetBlocks.text(ecs.string("LaunchType")),
            "platform_version": EventTargetBlocks.text(ecs.string("PlatformVersion")),
            "propagate_tags": EventTargetBlocks.text(ecs.string("PropagateTags")),
            "tags": EventTargetBlocks.map(tags),
            "task_count": .number(ecs.int("TaskCount") ?? 0),
            "task_definition_arn": .string(ecs.string("TaskDefinitionArn") ?? ""),
            "capacity_provider_strategy": .set(ecs.objects("CapacityProviderStrategy").map { item in .object([
                "capacity_provider": .string(item.string("capacityProvider") ?? ""),
                "weight": nonZero(item.int("weight")), "base": nonZero(item.int("base")),
            ]) }, of: capacityProviderStrategy.valueType),
            "network_configuration": .list(networkBlocks, of: networkConfiguration.valueType),
            "ordered_placement_strategy": .list(ecs.objects("PlacementStrategy").map { item in .object([
                "type": .string(item.string("type") ?? ""), "field": EventTargetBlocks.text(item.string("field")),
            ]) }, of: orderedPlacementStrategy.valueType),
            "placement_constraint": .set(ecs.objects("PlacementConstraints").map { item in .object([
                "type": .string(item.string("type") ?? ""), "expression": EventTargetBlocks.text(item.string("expression")),
            ]) }, of: placementConstraint.valueType),
        ])
    }

    /// A number AWS reports, null for zero, as the configuration leaves it unset.
    private static func nonZero(_ number: Int?) -> Value {
        guard let number, number != 0 else { return .null(.number) }
        return .number(number)
    }
}
