import Foundation
import Provisioner
import ResourceGraph

/// `aws_autoscaling_group`: a group of instances launched from a launch configuration or
/// template and kept at its desired capacity. Its id is its name. Import id: the name.
struct AutoScalingGroupResource: AWSResourceType {
    static let displayName = "Auto Scaling Group"
    static let typeName = "aws_autoscaling_group"

    var schema: ResourceTypeSchema { AutoScalingGroupSchema.schema }

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        let sources = ["launch_configuration", "launch_template", "mixed_instances_policy"].filter { name in
            guard let value = configuration[attribute: name], value.isKnown, !value.isNull else { return false }
            return value.elements.map { !$0.isEmpty } ?? true
        }
        if sources.count > 1 {
            throw ProviderError("Invalid combination of arguments", detail: "only one of `launch_configuration,launch_template,mixed_instances_policy` can be specified, but `\(sources.joined(separator: ","))` were specified.")
        }
        if let zones = configuration[attribute: "availability_zones"], !(zones.elements ?? []).isEmpty,
           let subnets = configuration[attribute: "vpc_zone_identifier"], !(subnets.elements ?? []).isEmpty {
            throw ProviderError("Conflicting configuration arguments", detail: "\"availability_zones\": conflicts with vpc_zone_identifier")
        }
        return PlannedChange(planned: Self.plannedLaunchTemplate(proposed, prior: prior))
    }

    /// A launch template named differently (or by another id) than before has the other
    /// identifier still to learn, as the provider's customized diff says.
    static func plannedLaunchTemplate(_ planned: Value, prior: Value?) -> Value {
        guard let template = planned.objects("launch_template").first, let old = prior?.objects("launch_template").first else { return planned }
        var adjusted = template
        if template.string("name") != old.string("name"), template.string("id") == old.string("id") {
            adjusted = adjusted.setting(["id": .unknown(.string)])
        } else if template.string("id") != old.string("id"), template.string("name") == old.string("name") {
            adjusted = adjusted.setting(["name": .unknown(.string)])
        }
        return planned.setting(["launch_template": .list([adjusted], of: AutoScalingGroupSchema.launchTemplateSchema.valueType)])
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("name_prefix") ?? "terraform-")
        let hooks = AutoScalingGroupRequests.lifecycleHooks(planned, groupName: name)
        let parameters = AutoScalingGroupRequests.create(name: name, planned: planned, withInitialHooks: !hooks.isEmpty)
        do {
            // CreateAutoScalingGroup takes no client token; a repeat fails on the taken name.
            _ = try await EC2.retrying(timeout: AutoScaling.propagationTimeout, when: AutoScaling.isInstanceProfilePropagation) {
                try await AutoScaling.call("CreateAutoScalingGroup", parameters, idempotent: false, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Auto Scaling Group (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            try await EC2.waitUntilExists("Auto Scaling Group \(name)", timeout: AutoScaling.propagationTimeout, in: context) {
                try await AutoScaling.describeGroup(name, in: context) != nil
            }
            if !hooks.isEmpty { try await attachInitialHooks(name, hooks: hooks, planned: planned, in: context) }
            try await AutoScalingGroupCapacity.wait(name, planned: planned, phase: .create, in: context)
            if let processes = planned.stringList("suspended_processes"), !processes.isEmpty {
                try await changeProcesses(name, action: "SuspendProcesses", processes, in: context)
            }
            if let metrics = planned.stringList("enabled_metrics"), !metrics.isEmpty {
                try await enableMetrics(name, metrics, granularity: planned.string("metrics_granularity"), in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Auto Scaling Group (\(name))", partialObject: partial)
        }
    }

    /// The group was made empty; its hooks are attached before it is given its size, so that
    /// they apply to its first instances.
    private func attachInitialHooks(_ name: String, hooks: [QueryParameters], planned: Value, in context: AWSContext) async throws {
        for hook in hooks {
            _ = try await EC2.retrying(timeout: .seconds(300), when: { $0.code == "ValidationError" && $0.message.contains("Unable to publish test message to notification target") }) {
                try await AutoScaling.call("PutLifecycleHook", hook, in: context)
            }
        }
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", name)
        parameters.set("MinSize", planned.int("min_size"))
        parameters.set("MaxSize", planned.int("max_size"))
        parameters.set("DesiredCapacity", planned.int("desired_capacity"))
        _ = try await AutoScaling.call("UpdateAutoScalingGroup", parameters, in: context)
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") else { return nil }
        do {
            guard let group = try await AutoScaling.describeGroup(name, in: context) else { return nil }
            return .object(AutoScalingGroupAttributes.attributes(of: group, current: current, in: context))
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Auto Scaling Group (\(name))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = prior.string("id") else { throw ProviderError("Updating Auto Scaling Group", detail: "the group has no name in state.") }
        do {
            let (parameters, waitForCapacity) = AutoScalingGroupRequests.update(name: name, prior: prior, planned: planned)
            _ = try await AutoScaling.call("UpdateAutoScalingGroup", parameters, in: context)
            try await updateTags(name, prior: prior, planned: planned, in: context)
            try await AutoScalingGroupAttachments.update(name, kind: .classicLoadBalancers, from: prior.stringList("load_balancers") ?? [], to: planned.stringList("load_balancers") ?? [], when: PlanSuppression.changed("load_balancers", prior, planned), in: context)
            try await AutoScalingGroupAttachments.update(name, kind: .targetGroups, from: prior.stringList("target_group_arns") ?? [], to: planned.stringList("target_group_arns") ?? [], when: PlanSuppression.changed("target_group_arns", prior, planned), in: context)
            if waitForCapacity {
                try await AutoScalingGroupCapacity.wait(name, planned: planned, phase: .update, in: context)
            }
            let oldMetrics = Set(prior.stringList("enabled_metrics") ?? []), newMetrics = Set(planned.stringList("enabled_metrics") ?? [])
            if !oldMetrics.subtracting(newMetrics).isEmpty {
                var disable = QueryParameters()
                disable.set("AutoScalingGroupName", name)
                disable.setList("Metrics", oldMetrics.subtracting(newMetrics).sorted())
                _ = try await AutoScaling.call("DisableMetricsCollection", disable, in: context)
            }
            // Every wanted metric is enabled again, not only the added ones: enabling a metric
            // already collected changes nothing, and the group then has exactly the wanted set
            // whether the call adds to the metrics collected or replaces them.
            let granularityChanged = PlanSuppression.changed("metrics_granularity", prior, planned)
            if !newMetrics.subtracting(oldMetrics).isEmpty || (granularityChanged && !newMetrics.isEmpty) {
                try await enableMetrics(name, newMetrics.sorted(), granularity: planned.string("metrics_granularity"), in: context)
            }
            let oldProcesses = Set(prior.stringList("suspended_processes") ?? []), newProcesses = Set(planned.stringList("suspended_processes") ?? [])
            if !oldProcesses.subtracting(newProcesses).isEmpty {
                try await changeProcesses(name, action: "ResumeProcesses", oldProcesses.subtracting(newProcesses).sorted(), in: context)
            }
            if !newProcesses.subtracting(oldProcesses).isEmpty {
                try await changeProcesses(name, action: "SuspendProcesses", newProcesses.subtracting(oldProcesses).sorted(), in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Auto Scaling Group (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Tags whose value or propagation changed are written again; tags gone are deleted.
    private func updateTags(_ name: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        let old = AutoScalingGroupRequests.tagTriples(prior), new = AutoScalingGroupRequests.tagTriples(planned)
        let newKeys = Set(new.map(\.key))
        let removed = old.filter { !newKeys.contains($0.key) }
        if !removed.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("Tags", removed.map { tag in QueryParameters {
                $0.set("ResourceId", name)
                $0.set("ResourceType", "auto-scaling-group")
                $0.set("Key", tag.key)
            } })
            _ = try await AutoScaling.call("DeleteTags", parameters, in: context)
        }
        let written = new.filter { !old.contains($0) }
        if !written.isEmpty {
            var parameters = QueryParameters()
            parameters.setList("Tags", AutoScalingGroupRequests.tagParameters(written, groupName: name))
            _ = try await AutoScaling.call("CreateOrUpdateTags", parameters, in: context)
        }
    }

    private func enableMetrics(_ name: String, _ metrics: [String], granularity: String?, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", name)
        parameters.setList("Metrics", metrics.sorted())
        parameters.set("Granularity", granularity ?? "1Minute")
        _ = try await AutoScaling.call("EnableMetricsCollection", parameters, in: context)
    }

    private func changeProcesses(_ name: String, action: String, _ processes: [String], in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", name)
        parameters.setList("ScalingProcesses", processes.sorted())
        _ = try await AutoScaling.call(action, parameters, in: context)
    }

    // MARK: Delete

    /// Without `force_delete`, the group is first drained: sized to zero, its instances' scale-in
    /// protection removed, and its instances awaited until they are gone. Then it is deleted,
    /// retrying while a scaling activity is in progress, and awaited until it is gone.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: .seconds(600))
        let forceDelete = current.bool("force_delete") == true
        do {
            guard let group = try await AutoScaling.describeGroup(name, in: context) else { return }
            let hasInstances = !group.all("Instances", "member").isEmpty || (group.child("DesiredCapacity")?.intValue ?? 0) > 0
            if hasInstances, !forceDelete {
                try await AutoScalingGroupDrain.drain(name, timeout: timeout, in: context)
            }
            let parameters = QueryParameters {
                $0.set("AutoScalingGroupName", name)
                $0.set("ForceDelete", forceDelete)
            }
            try await EC2.deleteRetrying("Auto Scaling Group \(name)", codes: ["ResourceInUse", "ScalingActivityInProgress"], timeout: timeout, in: context) {
                do {
                    _ = try await AutoScaling.call("DeleteAutoScalingGroup", parameters, in: context)
                } catch where AutoScaling.isNotFound(error) {
                    return
                }
            }
            try await EC2.waitUntilGone("Auto Scaling Group \(name)", timeout: timeout, in: context) {
                try await AutoScaling.describeGroup(name, in: context) != nil
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Auto Scaling Group (\(name))")
        }
    }
}
