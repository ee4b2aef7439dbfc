import Foundation
import ResourceGraph
import Testing

@testable import Providers

/// The differences aws_ecs_service does not plan as changes, as Terraform's provider
/// suppresses them.
struct ECSServicePlanTests {
    let settings: AWSProviderBlock
    let resource = ECSServiceResource()

    init() throws { settings = try AWSProviderBlock(.null) }

    static let emptyBlocks: [String: Value] = ServiceBlocks.blocks.filter { $0.key != "timeouts" }.mapValues { nested in
        .list([], of: nested.block.valueType)
    }

    func object(_ attributes: [String: Value]) -> Value {
        .object(Self.emptyBlocks.merging(attributes) { _, new in new })
    }

    func planned(prior: [String: Value], proposed: [String: Value]) -> Value {
        let configuration = object(proposed)
        return resource.plan(prior: object(prior), proposed: configuration, configuration: configuration, settings: settings).planned
    }

    @Test func propagateTagsNoneIsTheSameAsUnset() {
        #expect(planned(prior: ["propagate_tags": .string("NONE")], proposed: ["propagate_tags": .null(.string)]).string("propagate_tags") == "NONE")
        #expect(planned(prior: ["propagate_tags": .string("NONE")], proposed: ["propagate_tags": .string("SERVICE")]).string("propagate_tags") == "SERVICE")
    }

    @Test func triggersOnlyChangeWithForceNewDeployment() {
        let triggers = Value.stringMap(["redeploy": "2"])
        let prior: [String: Value] = ["triggers": .stringMap(["redeploy": "1"])]
        #expect(planned(prior: prior, proposed: ["triggers": triggers]).stringMap("triggers") == ["redeploy": "1"])
        #expect(planned(prior: prior, proposed: ["triggers": triggers, "force_new_deployment": .true]).stringMap("triggers") == ["redeploy": "2"])
        // Removing the triggers is no reason to deploy.
        #expect(planned(prior: prior, proposed: ["triggers": .stringMap([:]), "force_new_deployment": .true]).stringMap("triggers") == ["redeploy": "1"])
    }

    @Test func placementFieldsCompareWithoutCaseAndHostIsInstanceId() {
        let type = ServiceBlocks.placementStrategySchema.valueType
        func strategies(_ fields: [String]) -> Value {
            .list(fields.map { .object(["type": .string("spread"), "field": .string($0)]) }, of: type)
        }
        let result = planned(prior: ["ordered_placement_strategy": strategies(["instanceId", "memory"])],
                             proposed: ["ordered_placement_strategy": strategies(["host", "MEMORY"])])
        #expect(result.objects("ordered_placement_strategy").map { $0.string("field") } == ["instanceId", "memory"])
        let changed = planned(prior: ["ordered_placement_strategy": strategies(["instanceId"])],
                              proposed: ["ordered_placement_strategy": strategies(["attribute:ecs.availability-zone"])])
        #expect(changed.objects("ordered_placement_strategy").first?.string("field") == "attribute:ecs.availability-zone")
    }

    @Test func daemonServicesKeepTheirCountAndDefaultPercentages() {
        let result = planned(
            prior: ["scheduling_strategy": .string("DAEMON"), "desired_count": .number(3), "deployment_maximum_percent": .number(100)],
            proposed: ["scheduling_strategy": .string("DAEMON"), "desired_count": .null(.number), "deployment_maximum_percent": .number(200)])
        #expect(result.int("desired_count") == 3)
        #expect(result.int("deployment_maximum_percent") == 100)
        let replica = planned(prior: ["desired_count": .number(3)], proposed: ["scheduling_strategy": .string("REPLICA"), "desired_count": .number(1)])
        #expect(replica.int("desired_count") == 1)
    }

    @Test func leftOutOptionalBlocksKeepWhatAWSReports() {
        let breaker = Value.list([.object(["enable": .true, "rollback": .false])], of: ServiceBlocks.circuitBreakerSchema.valueType)
        #expect(planned(prior: ["deployment_circuit_breaker": breaker], proposed: [:]).objects("deployment_circuit_breaker").count == 1)
        let network = Value.list([.object(["subnets": .stringSet(["subnet-1"]), "security_groups": .stringSet([]), "assign_public_ip": .false])],
                                 of: ServiceBlocks.networkConfigurationSchema.valueType)
        // network_configuration is not one of them: leaving it out removes it.
        #expect(planned(prior: ["network_configuration": network], proposed: [:]).objects("network_configuration").isEmpty)
    }
}
