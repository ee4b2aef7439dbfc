import Foundation
import Provisioner
import ResourceGraph

/// `aws_autoscaling_policy`: a simple, step or target tracking scaling policy of an Auto
/// Scaling group. Its id is the policy name. Import id: `asg-name/policy-name`.
struct AutoScalingPolicyResource: AWSResourceType {
    static let displayName = "Auto Scaling Policy"
    static let typeName = "aws_autoscaling_policy"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .required, forceNew: true),
            "autoscaling_group_name": AttributeSchema(.string, .required, forceNew: true),
            "adjustment_type": AttributeSchema(.string, .optional),
            "cooldown": AttributeSchema(.number, .optional),
            "enabled": AttributeSchema(.bool, .optional, default: .true),
            "estimated_instance_warmup": AttributeSchema(.number, .optional),
            "metric_aggregation_type": AttributeSchema(.string, .optionalComputed),
            "min_adjustment_magnitude": AttributeSchema(.number, .optional),
            "policy_type": AttributeSchema(.string, .optional, default: .string("SimpleScaling")),
            "scaling_adjustment": AttributeSchema(.number, .optional),
        ],
        blocks: [
            "step_adjustment": NestedBlockSchema(.set, AutoScalingPolicyBlocks.stepAdjustmentSchema),
            "target_tracking_configuration": NestedBlockSchema(.list, AutoScalingPolicyBlocks.targetTrackingSchema, maxItems: 1),
            "predictive_scaling_configuration": NestedBlockSchema(.list, AutoScalingPolicyBlocks.predictiveScalingSchema, maxItems: 1),
        ]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("policy_type") == "PredictiveScaling" {
            throw ProviderError("Unsupported argument value", detail: "prov does not support predictive scaling policies (policy_type = \"PredictiveScaling\") yet.")
        }
        return PlannedChange(planned: proposed)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? ""
        let group = planned.string("autoscaling_group_name") ?? ""
        let arn: String?
        do {
            arn = try await put(planned, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Auto Scaling Policy (\(name))")
        }
        let created = planned.setting(["id": .string(name), "arn": .string(arn)])
        do {
            try await EC2.waitUntilExists("Auto Scaling Policy \(group)/\(name)", timeout: AutoScaling.propagationTimeout, in: context) {
                try await describe(group: group, name: name, in: context) != nil
            }
            return try await readBack(created, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Auto Scaling Policy (\(name))", partialObject: created)
        }
    }

    /// PutScalingPolicy creates and updates alike; the policy's ARN comes back (and is read
    /// again from DescribePolicies, which every version of the API reports it in).
    private func put(_ planned: Value, in context: AWSContext) async throws -> String? {
        let parameters = try Self.putParameters(planned)
        let result = try await AutoScaling.call("PutScalingPolicy", parameters, in: context)
        return result.string("PolicyARN")
    }

    /// The provider's checks of which settings each policy type takes, then the request.
    static func putParameters(_ planned: Value) throws -> QueryParameters {
        let type = planned.string("policy_type") ?? "SimpleScaling"
        let simple = type == "SimpleScaling", step = type == "StepScaling", tracking = type == "TargetTrackingScaling"
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", planned.string("autoscaling_group_name"))
        parameters.set("PolicyName", planned.string("name"))
        parameters.set("PolicyType", type)
        parameters.set("Enabled", planned.bool("enabled") ?? true)
        if let adjustment = planned.string("adjustment_type"), !adjustment.isEmpty, simple || step {
            parameters.set("AdjustmentType", adjustment)
        }
        if let cooldown = planned.int("cooldown") {
            // 0 is accepted as a placeholder for any type.
            if cooldown != 0, !simple { throw invalid("cooldown is only supported for policy type SimpleScaling") }
            parameters.set("Cooldown", cooldown)
        }
        if let warmup = planned.int("estimated_instance_warmup") {
            if step || tracking { parameters.set("EstimatedInstanceWarmup", warmup) }
            if warmup != 0, !(step || tracking) { throw invalid("estimated_instance_warmup is only supported for policy type StepScaling and TargetTrackingScaling") }
        }
        if let aggregation = planned.string("metric_aggregation_type"), !aggregation.isEmpty, step {
            parameters.set("MetricAggregationType", aggregation)
        }
        if let magnitude = planned.int("min_adjustment_magnitude"), magnitude != 0, simple || step {
            parameters.set("MinAdjustmentMagnitude", magnitude)
        }
        if let adjustment = planned.int("scaling_adjustment") {
            if simple { parameters.set("ScalingAdjustment", adjustment) }
            if adjustment != 0, !simple { throw invalid("scaling_adjustment is only supported for policy type SimpleScaling") }
        } else if simple {
            throw invalid("scaling_adjustment is required for policy type SimpleScaling")
        }
        let steps = planned.objects("step_adjustment")
        if !steps.isEmpty {
            if !step { throw invalid("step_adjustment is only supported for policy type StepScaling") }
            parameters.setList("StepAdjustments", try AutoScalingPolicyBlocks.stepAdjustments(steps))
        } else if step {
            throw invalid("step_adjustment is required for policy type StepScaling")
        }
        if let configuration = planned.objects("target_tracking_configuration").first {
            if !tracking { throw invalid("target_tracking_configuration is only supported for policy type TargetTrackingScaling") }
            parameters.set("TargetTrackingConfiguration", AutoScalingPolicyBlocks.targetTracking(configuration))
        } else if tracking {
            throw invalid("target_tracking_configuration is required for policy type TargetTrackingScaling")
        }
        return parameters
    }

    private static func invalid(_ message: String) -> ProviderError {
        ProviderError("Invalid Auto Scaling Policy", detail: message)
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        let name = current.string("name") ?? current.string("id") ?? ""
        let group = current.string("autoscaling_group_name") ?? ""
        do {
            guard let policy = try await describe(group: group, name: name, in: context) else { return nil }
            return .object([
                "id": .string(name),
                "arn": .string(policy.string("PolicyARN") ?? current.string("arn")),
                "name": .string(policy.string("PolicyName") ?? name),
                "autoscaling_group_name": .string(policy.string("AutoScalingGroupName") ?? group),
                "adjustment_type": .string(policy.string("AdjustmentType") ?? ""),
                "cooldown": .number(policy.child("Cooldown")?.intValue),
                "enabled": .bool(policy.child("Enabled")?.boolValue ?? true),
                "estimated_instance_warmup": .number(policy.child("EstimatedInstanceWarmup")?.intValue),
                "metric_aggregation_type": .string(policy.string("MetricAggregationType") ?? ""),
                "min_adjustment_magnitude": policy.child("MinAdjustmentMagnitude")?.intValue.map { Value.number($0) } ?? current[attribute: "min_adjustment_magnitude"] ?? .null(.number),
                "policy_type": .string(policy.string("PolicyType") ?? "SimpleScaling"),
                "scaling_adjustment": .number(policy.child("ScalingAdjustment")?.intValue),
                "step_adjustment": AutoScalingPolicyBlocks.stepAdjustmentBlocks(policy),
                "target_tracking_configuration": AutoScalingPolicyBlocks.targetTrackingBlocks(policy),
                "predictive_scaling_configuration": .list([], of: AutoScalingPolicyBlocks.predictiveScalingSchema.valueType),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Auto Scaling Policy (\(name))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        let name = prior.string("name") ?? ""
        do {
            _ = try await put(planned, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Auto Scaling Policy (\(name))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        let name = current.string("name") ?? ""
        let group = current.string("autoscaling_group_name") ?? ""
        do {
            guard try await describe(group: group, name: name, in: context) != nil else { return }
            var parameters = QueryParameters()
            parameters.set("AutoScalingGroupName", group)
            parameters.set("PolicyName", name)
            _ = try await AutoScaling.call("DeletePolicy", parameters, in: context)
        } catch where AutoScaling.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Auto Scaling Policy (\(name))")
        }
    }

    /// Import id `asg-name/policy-name`.
    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let parts = id.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ProviderError("Invalid import id", detail: "unexpected format (\"\(id)\"), expected <asg-name>/<policy-name>.")
        }
        let identity = Value.object(["id": .string(parts[1]), "name": .string(parts[1]), "autoscaling_group_name": .string(parts[0])])
        guard let object = try await read(identity, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No \(Self.displayName) \(parts[1]) exists in the group \(parts[0]) in \(context.region).")
        }
        return object
    }

    /// The policy, or nil when it or its group no longer exists (DescribePolicies answers a
    /// missing group with a validation error).
    private func describe(group: String, name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.set("AutoScalingGroupName", group)
        parameters.setList("PolicyNames", [name])
        do {
            let result = try await AutoScaling.call("DescribePolicies", parameters, in: context)
            return result.all("ScalingPolicies", "member").first { $0.string("PolicyName") == name }
        } catch let error as AWSError where error.code == "ValidationError" {
            return nil
        }
    }
}
