import Foundation
import ResourceGraph

/// The nested blocks of `aws_ecs_service`: their schemas, how they become CreateService and
/// UpdateService members, and how what DescribeServices reports becomes blocks again.
enum ServiceBlocks {
    // MARK: Schemas

    static let alarmsSchema = BlockSchema(attributes: [
        "alarm_names": AttributeSchema(.set(.string), .required),
        "enable": AttributeSchema(.bool, .required),
        "rollback": AttributeSchema(.bool, .required),
    ])
    static let circuitBreakerSchema = BlockSchema(attributes: [
        "enable": AttributeSchema(.bool, .required),
        "rollback": AttributeSchema(.bool, .required),
    ])
    static let controllerSchema = BlockSchema(attributes: ["type": AttributeSchema(.string, .optional, default: .string("ECS"))])
    static let deploymentConfigurationSchema = BlockSchema(attributes: [
        "strategy": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedDeploymentStrategies),
        "bake_time_in_minutes": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedDeploymentStrategies),
    ])
    static let advancedConfigurationSchema = BlockSchema(attributes: [
        "alternate_target_group_arn": AttributeSchema(.string, .required, unsupported: unsupportedBlueGreen),
        "production_listener_rule": AttributeSchema(.string, .required, unsupported: unsupportedBlueGreen),
        "role_arn": AttributeSchema(.string, .required, unsupported: unsupportedBlueGreen),
        "test_listener_rule": AttributeSchema(.string, .optional, unsupported: unsupportedBlueGreen),
    ])
    static let loadBalancerSchema = BlockSchema(
        attributes: [
            "container_name": AttributeSchema(.string, .required),
            "container_port": AttributeSchema(.number, .required),
            "elb_name": AttributeSchema(.string, .optional),
            "target_group_arn": AttributeSchema(.string, .optional),
        ],
        blocks: ["advanced_configuration": NestedBlockSchema(.list, advancedConfigurationSchema, maxItems: 1)])
    static let networkConfigurationSchema = BlockSchema(attributes: [
        "subnets": AttributeSchema(.set(.string), .required),
        "security_groups": AttributeSchema(.set(.string), .optional),
        "assign_public_ip": AttributeSchema(.bool, .optional, default: .false),
    ])
    static let placementStrategySchema = BlockSchema(attributes: [
        "type": AttributeSchema(.string, .required),
        "field": AttributeSchema(.string, .optional),
    ])
    static let placementConstraintSchema = BlockSchema(attributes: [
        "type": AttributeSchema(.string, .required),
        "expression": AttributeSchema(.string, .optional),
    ])
    static let serviceRegistriesSchema = BlockSchema(attributes: [
        "registry_arn": AttributeSchema(.string, .required),
        "port": AttributeSchema(.number, .optional),
        "container_name": AttributeSchema(.string, .optional),
        "container_port": AttributeSchema(.number, .optional),
    ])
    static let serviceConnectSchema = BlockSchema(attributes: [
        "enabled": AttributeSchema(.bool, .required, unsupported: "Service Connect is not implemented yet"),
        "namespace": AttributeSchema(.string, .optionalComputed, unsupported: "Service Connect is not implemented yet"),
    ])
    static let volumeConfigurationSchema = BlockSchema(attributes: [
        "name": AttributeSchema(.string, .required, unsupported: "EBS volumes configured at deployment are not implemented yet"),
    ])
    static let vpcLatticeSchema = BlockSchema(attributes: [
        "role_arn": AttributeSchema(.string, .required, unsupported: "VPC Lattice configurations are not implemented yet"),
        "target_group_arn": AttributeSchema(.string, .required, unsupported: "VPC Lattice configurations are not implemented yet"),
        "port_name": AttributeSchema(.string, .required, unsupported: "VPC Lattice configurations are not implemented yet"),
    ])

    static let unsupportedDeploymentStrategies = "deployment strategies other than the default rolling update (blue/green, linear, canary, lifecycle hooks) are not implemented yet"
    static let unsupportedBlueGreen = "blue/green load balancer settings are not implemented yet"

    static let blocks: [String: NestedBlockSchema] = [
        "alarms": NestedBlockSchema(.list, alarmsSchema, maxItems: 1),
        "capacity_provider_strategy": NestedBlockSchema(.set, ECS.capacityProviderStrategySchema),
        "deployment_circuit_breaker": NestedBlockSchema(.list, circuitBreakerSchema, maxItems: 1),
        "deployment_controller": NestedBlockSchema(.list, controllerSchema, maxItems: 1),
        "deployment_configuration": NestedBlockSchema(.list, deploymentConfigurationSchema, maxItems: 1),
        "load_balancer": NestedBlockSchema(.set, loadBalancerSchema),
        "network_configuration": NestedBlockSchema(.list, networkConfigurationSchema, maxItems: 1),
        "ordered_placement_strategy": NestedBlockSchema(.list, placementStrategySchema, maxItems: 5),
        "placement_constraints": NestedBlockSchema(.set, placementConstraintSchema, maxItems: 10),
        "service_registries": NestedBlockSchema(.list, serviceRegistriesSchema, maxItems: 1),
        "service_connect_configuration": NestedBlockSchema(.list, serviceConnectSchema, maxItems: 1),
        "volume_configuration": NestedBlockSchema(.list, volumeConfigurationSchema, maxItems: 1),
        "vpc_lattice_configurations": NestedBlockSchema(.set, vpcLatticeSchema),
        "timeouts": Timeouts.block(create: true, update: true, delete: true),
    ]

    /// Blocks the configuration may leave out while AWS reports them (Terraform suppresses the
    /// difference for these).
    static let keptWhenUnconfigured = ["alarms", "deployment_circuit_breaker", "deployment_controller", "deployment_configuration"]

    // MARK: Request members

    static func alarms(_ block: Value?) -> Value? {
        guard let block else { return nil }
        return .object([
            "alarmNames": .tuple((block.stringList("alarm_names") ?? []).map(Value.string)),
            "enable": .bool(block.bool("enable") ?? false),
            "rollback": .bool(block.bool("rollback") ?? false),
        ])
    }

    static func circuitBreaker(_ block: Value?) -> Value {
        .object(["enable": .bool(block?.bool("enable") ?? false), "rollback": .bool(block?.bool("rollback") ?? false)])
    }

    static func controller(_ block: Value?) -> Value? {
        guard let block else { return nil }
        return .object(["type": .string(block.string("type") ?? "ECS")])
    }

    static func networkConfiguration(_ block: Value?) -> Value? {
        guard let block else { return nil }
        var configuration: [String: Value] = [
            "subnets": .tuple((block.stringList("subnets") ?? []).map(Value.string)),
            "assignPublicIp": .string(block.bool("assign_public_ip") == true ? "ENABLED" : "DISABLED"),
        ]
        if let groups = block.stringList("security_groups") { configuration["securityGroups"] = .tuple(groups.map(Value.string)) }
        return .object(["awsvpcConfiguration": .object(configuration)])
    }

    static func loadBalancers(_ blocks: [Value]) -> Value {
        .tuple(blocks.map { block in
            var entry: [String: Value] = ["containerName": .string(block.string("container_name")), "containerPort": .number(block.int("container_port") ?? 0)]
            if let name = block.string("elb_name"), !name.isEmpty { entry["loadBalancerName"] = .string(name) }
            if let arn = block.string("target_group_arn"), !arn.isEmpty { entry["targetGroupArn"] = .string(arn) }
            return .object(entry)
        })
    }

    static func placementStrategies(_ blocks: [Value]) -> Value {
        .tuple(blocks.map { block in
            var entry: [String: Value] = ["type": .string(block.string("type"))]
            // The field must be left out (not empty) for the random strategy.
            if let field = block.string("field"), !field.isEmpty { entry["field"] = .string(field) }
            return .object(entry)
        })
    }

    static func placementConstraints(_ blocks: [Value]) -> Value {
        .tuple(blocks.map { block in
            var entry: [String: Value] = ["type": .string(block.string("type"))]
            if let expression = block.string("expression"), !expression.isEmpty { entry["expression"] = .string(expression) }
            return .object(entry)
        })
    }

    static func serviceRegistries(_ blocks: [Value]) -> Value {
        .tuple(blocks.map { block in
            var entry: [String: Value] = ["registryArn": .string(block.string("registry_arn"))]
            if let port = block.int("port"), port != 0 { entry["port"] = .number(port) }
            if let port = block.int("container_port"), port != 0 { entry["containerPort"] = .number(port) }
            if let name = block.string("container_name"), !name.isEmpty { entry["containerName"] = .string(name) }
            return .object(entry)
        })
    }

    // MARK: Blocks from AWS

    static func attributes(of service: Value) -> [String: Value] {
        let deployment = present(service[attribute: "deploymentConfiguration"])
        let network = present(service[attribute: "networkConfiguration"]).flatMap { present($0[attribute: "awsvpcConfiguration"]) }
        var attributes: [String: Value] = [
            "deployment_controller": .list([.object(["type": .string(present(service[attribute: "deploymentController"])?.string("type") ?? "ECS")])], of: controllerSchema.valueType),
            "load_balancer": .set(service.objects("loadBalancers").map { balancer in
                .object([
                    "container_name": .string(balancer.string("containerName") ?? ""),
                    "container_port": .number(balancer.int("containerPort") ?? 0),
                    "elb_name": .string(balancer.string("loadBalancerName")),
                    "target_group_arn": .string(balancer.string("targetGroupArn")),
                    "advanced_configuration": .list([], of: advancedConfigurationSchema.valueType),
                ])
            }, of: loadBalancerSchema.valueType),
            "capacity_provider_strategy": ECS.capacityProviderStrategyBlocks(service.objects("capacityProviderStrategy")),
            "ordered_placement_strategy": .list(service.objects("placementStrategy").map { strategy in
                // The API takes these fields in lower case and reports them in upper case.
                let field = strategy.string("field").map { ["MEMORY", "CPU"].contains($0) ? $0.lowercased() : $0 }
                return .object(["type": .string(strategy.string("type")), "field": .string(field)])
            }, of: placementStrategySchema.valueType),
            "placement_constraints": .set(service.objects("placementConstraints").map {
                .object(["type": .string($0.string("type")), "expression": .string($0.string("expression"))])
            }, of: placementConstraintSchema.valueType),
            "network_configuration": .list(network.map { network in [.object([
                "subnets": .stringSet(network.stringList("subnets") ?? []),
                "security_groups": .stringSet(network.stringList("securityGroups") ?? []),
                "assign_public_ip": .bool(network.string("assignPublicIp") == "ENABLED"),
            ])] } ?? [], of: networkConfigurationSchema.valueType),
            "service_registries": .list(service.objects("serviceRegistries").map { registry in
                .object([
                    "registry_arn": .string(registry.string("registryArn")),
                    "port": .number(registry.int("port")),
                    "container_name": .string(registry.string("containerName")),
                    "container_port": .number(registry.int("containerPort")),
                ])
            }, of: serviceRegistriesSchema.valueType),
            "service_connect_configuration": .list([], of: serviceConnectSchema.valueType),
            "volume_configuration": .list([], of: volumeConfigurationSchema.valueType),
            "vpc_lattice_configurations": .set([], of: vpcLatticeSchema.valueType),
        ]
        if let deployment {
            attributes["alarms"] = .list(present(deployment[attribute: "alarms"]).map { alarms in [.object([
                "alarm_names": .stringSet(alarms.stringList("alarmNames") ?? []),
                "enable": .bool(alarms.bool("enable") ?? false),
                "rollback": .bool(alarms.bool("rollback") ?? false),
            ])] } ?? [], of: alarmsSchema.valueType)
            attributes["deployment_circuit_breaker"] = .list(present(deployment[attribute: "deploymentCircuitBreaker"]).map { breaker in [.object([
                "enable": .bool(breaker.bool("enable") ?? false),
                "rollback": .bool(breaker.bool("rollback") ?? false),
            ])] } ?? [], of: circuitBreakerSchema.valueType)
            let strategy = deployment.string("strategy") ?? ""
            let bakeTime = deployment.int("bakeTimeInMinutes").map(String.init)
            attributes["deployment_configuration"] = .list(strategy.isEmpty && bakeTime == nil ? [] : [.object([
                "strategy": .string(strategy), "bake_time_in_minutes": .string(bakeTime),
            ])], of: deploymentConfigurationSchema.valueType)
        }
        return attributes
    }

    static func present(_ value: Value?) -> Value? {
        guard let value, !value.isNull else { return nil }
        return value
    }
}
