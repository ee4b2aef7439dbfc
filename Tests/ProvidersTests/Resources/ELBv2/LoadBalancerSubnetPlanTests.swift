import Foundation
import Provisioner
import ResourceGraph
import Testing

@testable import Providers

/// The provider's rules for which subnet and security group changes a load balancer takes in
/// place (SetSubnets, SetSecurityGroups) and which need a new one, by type.
struct LoadBalancerSubnetPlanTests {
    static func mappings(_ subnets: [String]) -> Value {
        .set(subnets.map { .object(["subnet_id": .string($0), "allocation_id": .null(.string), "private_ipv4_address": .null(.string), "ipv6_address": .null(.string), "outpost_id": .null(.string)]) },
             of: LoadBalancerSubnets.mappingSchema.valueType)
    }

    static func object(type: String, mappings: [String], groups: [String] = []) -> Value {
        .object([
            "load_balancer_type": .string(type), "subnet_mapping": Self.mappings(mappings),
            "subnets": .stringSet(mappings), "security_groups": .stringSet(groups),
        ])
    }

    /// What the plan replaces for when the configuration's mappings go from `old` to `new`.
    static func replacedFor(type: String, from old: [String], to new: [String]) -> [ValuePath] {
        let configuration = Value.object(["subnet_mapping": mappings(new), "subnets": .null(.set(.string)), "security_groups": .null(.set(.string))])
        return LoadBalancerSubnets.plan(object(type: type, mappings: new), prior: object(type: type, mappings: old), configuration: configuration).replace
    }

    @Test func applicationLoadBalancersAddAndRemoveMappingsInPlace() {
        #expect(Self.replacedFor(type: "application", from: ["a", "b"], to: ["a", "b", "c"]).isEmpty)
        #expect(Self.replacedFor(type: "application", from: ["a", "b", "c"], to: ["a", "b"]).isEmpty)
        #expect(Self.replacedFor(type: "application", from: ["a", "b"], to: ["a", "c"]) == [["subnet_mapping"]])
    }

    @Test func networkLoadBalancersOnlyAddMappingsInPlace() {
        #expect(Self.replacedFor(type: "network", from: ["a"], to: ["a", "b"]).isEmpty)
        #expect(Self.replacedFor(type: "network", from: ["a", "b"], to: ["b"]) == [["subnet_mapping"]])
        #expect(Self.replacedFor(type: "network", from: ["a", "b"], to: ["a", "c", "d"]) == [["subnet_mapping"]])
    }

    @Test func theOtherSpellingBecomesUnknownWhenOneChanges() {
        let configuration = Value.object(["subnet_mapping": .set([], of: LoadBalancerSubnets.mappingSchema.valueType), "subnets": .stringSet(["a", "b", "c"]), "security_groups": .null(.set(.string))])
        let planned = Self.object(type: "network", mappings: ["a", "b"]).setting(["subnets": .stringSet(["a", "b", "c"])])
        let (result, replace) = LoadBalancerSubnets.plan(planned, prior: Self.object(type: "network", mappings: ["a", "b"]), configuration: configuration)
        #expect(result[attribute: "subnet_mapping"]?.isKnown == false)
        #expect(replace.isEmpty, "a network load balancer gains subnets in place")

        let fewer = Value.object(["subnet_mapping": .set([], of: LoadBalancerSubnets.mappingSchema.valueType), "subnets": .stringSet(["a"]), "security_groups": .null(.set(.string))])
        let shrunk = LoadBalancerSubnets.plan(planned.setting(["subnets": .stringSet(["a"])]), prior: Self.object(type: "network", mappings: ["a", "b"]), configuration: fewer)
        #expect(shrunk.replace == [["subnets"]])
    }

    @Test func networkLoadBalancersCannotGainTheirFirstSecurityGroupInPlace() {
        let configuration = Value.object(["subnet_mapping": Self.mappings(["a"]), "subnets": .null(.set(.string)), "security_groups": .stringSet(["sg-1"])])
        let prior = Self.object(type: "network", mappings: ["a"])
        let planned = Self.object(type: "network", mappings: ["a"], groups: ["sg-1"])
        #expect(LoadBalancerSubnets.plan(planned, prior: prior, configuration: configuration).replace == [["security_groups"]])
        let application = LoadBalancerSubnets.plan(Self.object(type: "application", mappings: ["a"], groups: ["sg-1"]), prior: Self.object(type: "application", mappings: ["a"]), configuration: configuration)
        #expect(application.replace.isEmpty)
    }

    @Test func identifiersFromARNs() {
        #expect(ELBv2.listenerARN(ofRule: "arn:aws:elasticloadbalancing:eu-west-1:1:listener-rule/app/web/0a/1b/2c") == "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/web/0a/1b")
        #expect(ELBv2.loadBalancerSuffix("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/web/0a") == "net/web/0a")
        #expect(ELBv2.targetGroupSuffix("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/0a") == "targetgroup/web/0a")
        #expect(LoadBalancers.unknownAttributeKey("InvalidConfigurationRequest: Load balancer attribute key 'dns_record.client_routing_policy' is not supported on load balancers with type 'network'") == "dns_record.client_routing_policy")
        #expect(LoadBalancers.unknownAttributeKey("Load balancer attribute key routing.http2.enabled is not recognized") == "routing.http2.enabled")
        #expect(LoadBalancers.unknownAttributeKey("Idle timeout must be between 1 and 4000") == nil)
    }
}
