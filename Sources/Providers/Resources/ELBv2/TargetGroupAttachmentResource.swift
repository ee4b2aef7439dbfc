import Foundation
import Provisioner
import ResourceGraph

/// `aws_lb_target_group_attachment` (also `aws_alb_target_group_attachment`): one target
/// registered with a target group. Its id, and its import id, is
/// `TARGET_GROUP_ARN,TARGET_ID[,PORT][,AVAILABILITY_ZONE]`, as the provider makes it.
struct TargetGroupAttachmentResource: AWSResourceType {
    static let displayName = "ELBv2 Target Group Attachment"
    static let typeName = "aws_lb_target_group_attachment"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "target_group_arn": AttributeSchema(.string, .required, forceNew: true),
        "target_id": AttributeSchema(.string, .required, forceNew: true),
        "port": AttributeSchema(.number, .optional, forceNew: true),
        "availability_zone": AttributeSchema(.string, .optional, forceNew: true),
        "quic_server_id": AttributeSchema(.string, .optional, forceNew: true),
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
        return planned.setting(["id": .string(Self.identifier(planned))])
    }

    /// Whether the target is still registered: DescribeTargetHealth knows it, and not as
    /// unregistered or being deregistered. A target that is merely unused (its group serves no
    /// load balancer) is still attached. The QUIC server id is taken from AWS when it reports one.
    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let groupARN = current.string("target_group_arn") else { return nil }
        do {
            let response = try await ELBv2.call("DescribeTargetHealth", Self.targetParameters(current), in: context)
            let registered = response.all("TargetHealthDescriptions", "member").first { description in
                guard let reason = description.string("TargetHealth", "Reason") else { return description.path("TargetHealth") != nil }
                return reason != "Target.NotRegistered" && reason != "Target.DeregistrationInProgress"
            }
            guard let registered else { return nil }
            if let quicServerID = registered.string("Target", "QuicServerId"), !quicServerID.isEmpty {
                return current.setting(["quic_server_id": .string(quicServerID)])
            }
            return current
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
        let parts = id.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let port = parts.count > 2 && !parts[2].isEmpty ? Int(parts[2]) : nil
        guard (2...4).contains(parts.count), !parts[0].isEmpty, !parts[1].isEmpty, parts.count < 3 || parts[2].isEmpty || port != nil else {
            throw ProviderError("Invalid import id", detail: "unexpected format for ID (\(id)), expected TARGET_GROUP_ARN,TARGET_ID[,PORT][,AVAILABILITY_ZONE]")
        }
        let zone = parts.count > 3 && !parts[3].isEmpty ? parts[3] : nil
        let object = Value.object([
            "id": .string(id),
            "target_group_arn": .string(parts[0]),
            "target_id": .string(parts[1]),
            "port": .number(port),
            "availability_zone": .string(zone),
            "quic_server_id": .string(nil),
        ])
        guard let found = try await read(object, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No \(Self.displayName) with id \(id) exists in \(context.region).")
        }
        return found
    }

    /// `TARGET_GROUP_ARN,TARGET_ID[,PORT][,AVAILABILITY_ZONE]`, with an empty port when only
    /// the zone is set, as the provider writes it.
    static func identifier(_ object: Value) -> String {
        var parts = [object.string("target_group_arn") ?? "", object.string("target_id") ?? ""]
        if let port = object.int("port"), port != 0 { parts.append(String(port)) }
        if let zone = object.string("availability_zone"), !zone.isEmpty {
            if parts.count == 2 { parts.append("") }
            parts.append(zone)
        }
        return parts.joined(separator: ",")
    }

    /// `TargetGroupArn` and the one target (`Targets.member.1`) the attachment names.
    static func targetParameters(_ object: Value) -> QueryParameters {
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", object.string("target_group_arn"))
        parameters.setList("Targets", [QueryParameters { target in
            target.set("Id", object.string("target_id"))
            if let port = object.int("port"), port != 0 { target.set("Port", port) }
            if let zone = object.string("availability_zone"), !zone.isEmpty { target.set("AvailabilityZone", zone) }
            if let quicServerID = object.string("quic_server_id"), !quicServerID.isEmpty { target.set("QuicServerId", quicServerID) }
        }])
        return parameters
    }
}
