import Foundation
import Provisioner
import ResourceGraph

/// `aws_autoscaling_attachment`: a Classic Load Balancer (`elb`) or target group
/// (`lb_target_group_arn`) attached to an Auto Scaling group. Its id is made as the provider
/// makes it: the group name, a dash, and a unique suffix. It cannot be imported, as in
/// Terraform.
struct AutoScalingAttachmentResource: AWSResourceType {
    static let displayName = "Auto Scaling Group Attachment"
    static let typeName = "aws_autoscaling_attachment"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "autoscaling_group_name": AttributeSchema(.string, .required, forceNew: true),
        "elb": AttributeSchema(.string, .optional, forceNew: true),
        "lb_target_group_arn": AttributeSchema(.string, .optional, forceNew: true),
    ]), importable: false)

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        let given = ["elb", "lb_target_group_arn"].filter { configuration[attribute: $0].map { !$0.isNull } ?? false }
        guard given.count == 1 else {
            throw ProviderError("Invalid combination of arguments", detail: "\"elb\": one of `elb,lb_target_group_arn` must be specified")
        }
        return PlannedChange(planned: proposed)
    }

    private struct Target {
        let kind: AutoScalingGroupAttachments.Kind
        let name: String
        let what: String
    }

    private func target(_ object: Value) -> Target? {
        if let name = object.string("elb"), !name.isEmpty { return Target(kind: .classicLoadBalancers, name: name, what: "load balancer") }
        if let arn = object.string("lb_target_group_arn"), !arn.isEmpty { return Target(kind: .targetGroups, name: arn, what: "target group") }
        return nil
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let group = planned.string("autoscaling_group_name") ?? ""
        guard let target = target(planned) else {
            throw ProviderError("Creating Auto Scaling Group Attachment", detail: "one of elb or lb_target_group_arn must be specified.")
        }
        do {
            try await AutoScalingGroupAttachments.call(target.kind.attachAction, group: group, kind: target.kind, [target.name], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "attaching Auto Scaling Group (\(group)) \(target.what) (\(target.name))")
        }
        let created = planned.setting(["id": .string(TerraformIdentifiers.uniqueName(prefix: "\(group)-"))])
        return try await readBack(created, in: context, after: "attaching")
    }

    /// The attachment exists while the group lists the load balancer or target group.
    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        let groupName = current.string("autoscaling_group_name") ?? ""
        guard let target = target(current) else { return nil }
        do {
            guard let group = try await AutoScaling.describeGroup(groupName, in: context) else { return nil }
            let attached = AutoScaling.strings(group, target.kind == .targetGroups ? "TargetGroupARNs" : "LoadBalancerNames")
            return attached.contains(target.name) ? current : nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Auto Scaling Group Attachment (\(current.string("id") ?? groupName))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        let group = current.string("autoscaling_group_name") ?? ""
        guard let target = target(current) else { return }
        do {
            try await AutoScalingGroupAttachments.call(target.kind.detachAction, group: group, kind: target.kind, [target.name], in: context)
        } catch let error as AWSError where error.code == "ValidationError" && error.message.contains("not part of the group") {
            return
        } catch where AutoScaling.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "detaching Auto Scaling Group (\(group)) \(target.what) (\(target.name))")
        }
    }
}
