import Foundation
import Provisioner
import ResourceGraph

/// A described Auto Scaling group as `aws_autoscaling_group` attributes.
enum AutoScalingGroupAttributes {
    static func attributes(of group: XMLNode, current: Value, in context: AWSContext) -> [String: Value] {
        let name = group.string("AutoScalingGroupName") ?? ""
        let metrics = group.all("EnabledMetrics", "member")
        let policies = AutoScaling.strings(group, "TerminationPolicies")
        // AWS reports its "Default" policy for a group created without any; Terraform shows none.
        let configuredPolicies = current.stringList("termination_policies") ?? []
        let terminationPolicies = configuredPolicies.isEmpty && policies == ["Default"] ? [] : policies
        let subnets = (group.string("VPCZoneIdentifier") ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var attributes: [String: Value] = [
            "id": .string(name),
            "arn": .string(group.string("AutoScalingGroupARN")),
            "name": .string(name),
            "name_prefix": .string(TerraformIdentifiers.namePrefix(of: name) ?? ""),
            "launch_configuration": .string(group.string("LaunchConfigurationName") ?? ""),
            "launch_template": .list(group.child("LaunchTemplate").map { template in [.object([
                "id": .string(template.string("LaunchTemplateId") ?? ""),
                "name": .string(template.string("LaunchTemplateName") ?? ""),
                "version": .string(template.string("Version") ?? ""),
            ])] } ?? [], of: AutoScalingGroupSchema.launchTemplateSchema.valueType),
            "min_size": .number(group.child("MinSize")?.intValue ?? 0),
            "max_size": .number(group.child("MaxSize")?.intValue ?? 0),
            "desired_capacity": .number(group.child("DesiredCapacity")?.intValue ?? 0),
            "desired_capacity_type": .string(group.string("DesiredCapacityType") ?? ""),
            "default_cooldown": .number(group.child("DefaultCooldown")?.intValue ?? 0),
            "default_instance_warmup": .number(group.child("DefaultInstanceWarmup")?.intValue),
            "availability_zones": .stringSet(AutoScaling.strings(group, "AvailabilityZones").sorted()),
            "vpc_zone_identifier": .stringSet(subnets.sorted()),
            "capacity_rebalance": .bool(group.child("CapacityRebalance")?.boolValue ?? false),
            "context": .string(group.string("Context") ?? ""),
            "enabled_metrics": .stringSet(metrics.compactMap { $0.string("Metric") }.sorted()),
            "metrics_granularity": .string(metrics.first?.string("Granularity") ?? "1Minute"),
            "health_check_grace_period": .number(group.child("HealthCheckGracePeriod")?.intValue ?? 0),
            "health_check_type": .string(group.string("HealthCheckType") ?? ""),
            "load_balancers": .stringSet(AutoScaling.strings(group, "LoadBalancerNames").sorted()),
            "target_group_arns": .stringSet(AutoScaling.strings(group, "TargetGroupARNs").sorted()),
            "max_instance_lifetime": .number(group.child("MaxInstanceLifetime")?.intValue ?? 0),
            "placement_group": .string(group.string("PlacementGroup") ?? ""),
            "predicted_capacity": .number(group.child("PredictedCapacity")?.intValue ?? 0),
            "protect_from_scale_in": .bool(group.child("NewInstancesProtectedFromScaleIn")?.boolValue ?? false),
            "service_linked_role_arn": .string(group.string("ServiceLinkedRoleARN") ?? ""),
            "suspended_processes": .stringSet(group.all("SuspendedProcesses", "member").compactMap { $0.string("ProcessName") }.sorted()),
            "termination_policies": .stringList(terminationPolicies),
            "warm_pool_size": .number(group.child("WarmPoolSize")?.intValue ?? 0),
            "tag": .set(group.all("Tags", "member").compactMap { tag -> Value? in
                guard let key = tag.string("Key"), !context.settings.ignoresTag(key) else { return nil }
                return .object([
                    "key": .string(key),
                    "value": .string(tag.string("Value") ?? ""),
                    "propagate_at_launch": .bool(tag.child("PropagateAtLaunch")?.boolValue ?? false),
                ])
            }, of: AutoScalingGroupSchema.tagSchema.valueType),
        ]
        for (block, nested) in AutoScalingGroupSchema.unsupportedBlocks {
            attributes[block] = nested.nesting == .set ? .set([], of: nested.block.valueType) : .list([], of: nested.block.valueType)
        }
        for (attribute, fallback) in AutoScalingGroupSchema.configurationOnly {
            attributes[attribute] = current[attribute: attribute] ?? fallback
        }
        return attributes
    }
}
