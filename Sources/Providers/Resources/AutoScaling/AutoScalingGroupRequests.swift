import Foundation
import Provisioner
import ResourceGraph

/// The parameters of CreateAutoScalingGroup and UpdateAutoScalingGroup for an
/// `aws_autoscaling_group`, and the group's tags, lifecycle hooks and attachments as API
/// structures.
enum AutoScalingGroupRequests {
    static func create(name: String, planned: Value, withInitialHooks: Bool) -> QueryParameters {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", name)
        parameters.set("NewInstancesProtectedFromScaleIn", planned.bool("protect_from_scale_in") ?? false)
        // With lifecycle hooks to attach first, the group starts empty and is sized after.
        if withInitialHooks {
            parameters.set("MinSize", 0)
            parameters.set("MaxSize", 0)
        } else {
            parameters.set("MinSize", planned.int("min_size"))
            parameters.set("MaxSize", planned.int("max_size"))
            parameters.set("DesiredCapacity", planned.int("desired_capacity"))
        }
        parameters.set("LaunchConfigurationName", nonEmpty(planned.string("launch_configuration")))
        parameters.set("LaunchTemplate", launchTemplate(planned))
        if let zones = planned.stringList("availability_zones"), !zones.isEmpty { parameters.setList("AvailabilityZones", zones.sorted()) }
        let tags = self.tags(planned, groupName: name)
        if !tags.isEmpty { parameters.setList("Tags", tags) }
        if planned.bool("capacity_rebalance") == true { parameters.set("CapacityRebalance", true) }
        parameters.set("DefaultCooldown", planned.int("default_cooldown"))
        parameters.set("HealthCheckType", nonEmpty(planned.string("health_check_type")))
        parameters.set("HealthCheckGracePeriod", planned.int("health_check_grace_period"))
        parameters.set("PlacementGroup", nonEmpty(planned.string("placement_group")))
        if let names = planned.stringList("load_balancers"), !names.isEmpty { parameters.setList("LoadBalancerNames", names.sorted()) }
        if let subnets = planned.stringList("vpc_zone_identifier"), !subnets.isEmpty { parameters.set("VPCZoneIdentifier", subnets.sorted().joined(separator: ",")) }
        if let policies = planned.stringList("termination_policies"), !policies.isEmpty { parameters.setList("TerminationPolicies", policies) }
        if let arns = planned.stringList("target_group_arns"), !arns.isEmpty { parameters.setList("TargetGroupARNs", arns.sorted()) }
        parameters.set("ServiceLinkedRoleARN", nonEmpty(planned.string("service_linked_role_arn")))
        if let lifetime = planned.int("max_instance_lifetime"), lifetime != 0 { parameters.set("MaxInstanceLifetime", lifetime) }
        parameters.set("Context", nonEmpty(planned.string("context")))
        parameters.set("DesiredCapacityType", nonEmpty(planned.string("desired_capacity_type")))
        parameters.set("DefaultInstanceWarmup", planned.int("default_instance_warmup"))
        return parameters
    }

    /// The UpdateAutoScalingGroup parameters for what changed, and whether the change calls for
    /// waiting for capacity.
    static func update(name: String, prior: Value, planned: Value) -> (parameters: QueryParameters, waitForCapacity: Bool) {
        var parameters = QueryParameters()
        var waitForCapacity = false
        func changed(_ attribute: String) -> Bool { PlanSuppression.changed(attribute, prior, planned) }
        parameters.set("AutoScalingGroupName", name)
        parameters.set("NewInstancesProtectedFromScaleIn", planned.bool("protect_from_scale_in") ?? false)
        if changed("default_cooldown") { parameters.set("DefaultCooldown", planned.int("default_cooldown") ?? 0) }
        // A capacity rebalance no longer configured has to be turned off explicitly.
        if changed("capacity_rebalance") { parameters.set("CapacityRebalance", planned.bool("capacity_rebalance") ?? false) }
        if changed("desired_capacity") {
            parameters.set("DesiredCapacity", planned.int("desired_capacity") ?? 0)
            waitForCapacity = true
        }
        if changed("launch_configuration"), let configuration = nonEmpty(planned.string("launch_configuration")) {
            parameters.set("LaunchConfigurationName", configuration)
        }
        if changed("launch_template"), let template = launchTemplate(planned) { parameters.set("LaunchTemplate", template) }
        if changed("min_size") {
            parameters.set("MinSize", planned.int("min_size"))
            waitForCapacity = true
        }
        if changed("max_size") { parameters.set("MaxSize", planned.int("max_size")) }
        if changed("max_instance_lifetime") { parameters.set("MaxInstanceLifetime", planned.int("max_instance_lifetime") ?? 0) }
        if changed("health_check_grace_period") || changed("health_check_type") {
            parameters.set("HealthCheckGracePeriod", planned.int("health_check_grace_period") ?? 0)
        }
        if changed("health_check_type") { parameters.set("HealthCheckType", nonEmpty(planned.string("health_check_type"))) }
        if changed("vpc_zone_identifier") { parameters.set("VPCZoneIdentifier", (planned.stringList("vpc_zone_identifier") ?? []).sorted().joined(separator: ",")) }
        if changed("availability_zones"), let zones = planned.stringList("availability_zones"), !zones.isEmpty {
            parameters.setList("AvailabilityZones", zones.sorted())
        }
        if changed("placement_group") { parameters.set("PlacementGroup", planned.string("placement_group") ?? "") }
        // Termination policies no longer configured go back to AWS's default explicitly.
        if changed("termination_policies") {
            let policies = planned.stringList("termination_policies") ?? []
            parameters.setList("TerminationPolicies", policies.isEmpty ? ["Default"] : policies)
        }
        if changed("service_linked_role_arn") { parameters.set("ServiceLinkedRoleARN", planned.string("service_linked_role_arn") ?? "") }
        if changed("context") { parameters.set("Context", planned.string("context") ?? "") }
        if changed("desired_capacity_type") { parameters.set("DesiredCapacityType", nonEmpty(planned.string("desired_capacity_type"))) }
        if changed("default_instance_warmup") { parameters.set("DefaultInstanceWarmup", planned.int("default_instance_warmup") ?? 0) }
        return (parameters, waitForCapacity)
    }

    /// The launch template by id when there is one (AWS reports both, and refuses both), else
    /// by name.
    static func launchTemplate(_ planned: Value) -> QueryParameters? {
        guard let template = planned.objects("launch_template").first else { return nil }
        return QueryParameters { parameters in
            if let id = nonEmpty(template.string("id")) {
                parameters.set("LaunchTemplateId", id)
            } else {
                parameters.set("LaunchTemplateName", nonEmpty(template.string("name")))
            }
            parameters.set("Version", nonEmpty(template.string("version")))
        }
    }

    /// `tag` blocks as the group's tags.
    static func tags(_ planned: Value, groupName: String) -> [QueryParameters] {
        tagParameters(tagTriples(planned), groupName: groupName)
    }

    static func tagParameters(_ tags: [Tag], groupName: String) -> [QueryParameters] {
        tags.map { tag in
            QueryParameters { parameters in
                parameters.set("ResourceId", groupName)
                parameters.set("ResourceType", "auto-scaling-group")
                parameters.set("Key", tag.key)
                parameters.set("Value", tag.value)
                parameters.set("PropagateAtLaunch", tag.propagate)
            }
        }
    }

    struct Tag: Hashable {
        var key: String
        var value: String
        var propagate: Bool
    }

    static func tagTriples(_ object: Value) -> [Tag] {
        object.objects("tag").compactMap { block in
            guard let key = block.string("key") else { return nil }
            return Tag(key: key, value: block.string("value") ?? "", propagate: block.bool("propagate_at_launch") ?? false)
        }.sorted { $0.key < $1.key }
    }

    /// PutLifecycleHook parameters for each `initial_lifecycle_hook` block.
    static func lifecycleHooks(_ planned: Value, groupName: String) -> [QueryParameters] {
        planned.objects("initial_lifecycle_hook").map { hook in
            QueryParameters { parameters in
                parameters.set("AutoScalingGroupName", groupName)
                parameters.set("LifecycleHookName", hook.string("name"))
                parameters.set("LifecycleTransition", nonEmpty(hook.string("lifecycle_transition")))
                parameters.set("DefaultResult", nonEmpty(hook.string("default_result")))
                if let timeout = hook.int("heartbeat_timeout"), timeout > 0 { parameters.set("HeartbeatTimeout", timeout) }
                parameters.set("NotificationMetadata", nonEmpty(hook.string("notification_metadata")))
                parameters.set("NotificationTargetARN", nonEmpty(hook.string("notification_target_arn")))
                parameters.set("RoleARN", nonEmpty(hook.string("role_arn")))
            }
        }
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
