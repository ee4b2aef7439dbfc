import Foundation
import Provisioner
import ResourceGraph

/// `aws_lb_target_group_attachment` (also `aws_alb_target_group_attachment`): one target
/// registered with a target group. Its id is the target group ARN, a dash and a unique suffix,
/// as the provider makes it. Like the provider's, it cannot be imported.
struct TargetGroupAttachmentResource: AWSResourceType {
    static let displayName = "ELBv2 Target Group Attachment"
    static let typeName = "aws_lb_target_group_attachment"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "target_group_arn": AttributeSchema(.string, .required, forceNew: true),
        "target_id": AttributeSchema(.string, .required, forceNew: true),
        "port": AttributeSchema(.number, .optional, forceNew: true),
        "availability_zone": AttributeSchema(.string, .optional, forceNew: true),
    ]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let groupARN = planned.string("target_group_arn"), planned.string("target_id") != nil else {
            throw ProviderError("Registering ELBv2 Target Group target", detail: "target_group_arn and target_id are not known.")
        }
        do {
            // A target that was made a moment ago (an instance still starting) is refused as
            // invalid for a while.
            try await ELBv2.retrying("the target to be registrable with \(groupARN)", timeout: .seconds(600), in: context, while: { $0.code == "InvalidTarget" }) {
                _ = try await ELBv2.call("RegisterTargets", Self.targetParameters(planned), in: context)
            }
        } catch {
            throw ELBv2.wrap(error, doing: "registering ELBv2 Target Group (\(groupARN)) target")
        }
        return planned.setting(["id": .string(TerraformIdentifiers.uniqueName(prefix: groupARN + "-"))])
    }

    /// Whether the target is still registered: DescribeTargetHealth knows it, and not as
    /// unregistered or being deregistered. A target that is merely unused (its group serves no
    /// load balancer) is still attached.
    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let groupARN = current.string("target_group_arn") else { return nil }
        do {
            let response = try await ELBv2.call("DescribeTargetHealth", Self.targetParameters(current), in: context)
            let registered = response.all("TargetHealthDescriptions", "member").contains { description in
                guard let reason = description.string("TargetHealth", "Reason") else { return description.path("TargetHealth") != nil }
                return reason != "Target.NotRegistered" && reason != "Target.DeregistrationInProgress"
            }
            return registered ? current : nil
        } catch where ELBv2.isError(error, "InvalidTarget", "TargetGroupNotFound") {
            return nil
        } catch {
            throw ELBv2.wrap(error, doing: "reading ELBv2 Target Group Attachment (\(current.string("id") ?? groupARN))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        // Every argument forces a new attachment; there is nothing to change in place.
        planned
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let groupARN = current.string("target_group_arn") else { return }
        do {
            _ = try await ELBv2.call("DeregisterTargets", Self.targetParameters(current), in: context)
        } catch where ELBv2.isError(error, "LoadBalancerNotFound", "TargetGroupNotFound", "InvalidTarget") {
            return
        } catch {
            throw ELBv2.wrap(error, doing: "deregistering ELBv2 Target Group (\(groupARN)) target")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        throw ProviderError("Resource Import Not Implemented", detail: "Target Group Attachments cannot be imported, as in Terraform's AWS provider.")
    }

    /// `TargetGroupArn` and the one target (`Targets.member.1`) the attachment names.
    static func targetParameters(_ object: Value) -> QueryParameters {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", object.string("target_group_arn"))
        parameters.setList("Targets", [QueryParameters { target in
            target.set("Id", object.string("target_id"))
            if let port = object.int("port"), port != 0 { target.set("Port", port) }
            if let zone = object.string("availability_zone"), !zone.isEmpty { target.set("AvailabilityZone", zone) }
        }])
        return parameters
    }
}
