import Foundation
import Provisioner
import ResourceGraph

/// `aws_efs_mount_target`: where a file system can be mounted in one subnet. Its id is the
/// mount target id (`fsmt-…`). Import id: the mount target id.
///
/// Only its security groups change in place; everything else replaces it.
struct EFSMountTargetResource: AWSResourceType {
    static let displayName = "EFS Mount Target"
    static let typeName = "aws_efs_mount_target"

    static let timeoutsBlock = Timeouts.block(create: true, update: false, delete: true)

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "availability_zone_id": AttributeSchema(.string, .computed),
            "availability_zone_name": AttributeSchema(.string, .computed),
            "dns_name": AttributeSchema(.string, .computed),
            "file_system_arn": AttributeSchema(.string, .computed),
            "file_system_id": AttributeSchema(.string, .required, forceNew: true),
            "ip_address": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "ip_address_type": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "ipv6_address": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "mount_target_dns_name": AttributeSchema(.string, .computed),
            "network_interface_id": AttributeSchema(.string, .computed),
            "owner_id": AttributeSchema(.string, .computed),
            "security_groups": AttributeSchema(.set(.string), .optionalComputed),
            "subnet_id": AttributeSchema(.string, .required, forceNew: true),
        ],
        blocks: ["timeouts": Self.timeoutsBlock]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let fileSystem = planned.string("file_system_id"), let subnet = planned.string("subnet_id") else {
            throw ProviderError("Creating EFS Mount Target", detail: "the file system or subnet is not known.")
        }
        var body: [String: Value] = ["FileSystemId": .string(fileSystem), "SubnetId": .string(subnet)]
        for (attribute, member) in [("ip_address", "IpAddress"), ("ipv6_address", "Ipv6Address"), ("ip_address_type", "IpAddressType")] {
            if let value = planned.string(attribute), !value.isEmpty { body[member] = .string(value) }
        }
        if let groups = planned.stringList("security_groups"), !groups.isEmpty { body["SecurityGroups"] = .tuple(groups.sorted().map(Value.string)) }
        let id: String
        do {
            // No client token: sent once, as a second attempt could make a second target.
            let created = try await EFS.call("CreateMountTarget", "POST", "/mount-targets", body: body, idempotent: false, in: context)
            guard let made = created.string("MountTargetId") else {
                throw ProviderError("Creating EFS Mount Target (\(fileSystem))", detail: "CreateMountTarget answered without a mount target id.")
            }
            id = made
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EFS Mount Target (\(fileSystem))")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            try await waitUntilAvailable(id, timeout: Timeouts.duration(planned, "create", default: .seconds(30 * 60)), in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for EFS Mount Target (\(id)) create", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let target = try await EFS.mountTarget(id, in: context) else { return nil }
            let groups = try await EFS.call("DescribeMountTargetSecurityGroups", "GET", "/mount-targets/\(EFS.encoded(id))/security-groups", in: context)
            let fileSystem = target.string("FileSystemId") ?? ""
            let zone = target.string("AvailabilityZoneName") ?? ""
            let ipv4 = target.string("IpAddress") ?? "", ipv6 = target.string("Ipv6Address") ?? ""
            return .object([
                "id": .string(id),
                "availability_zone_id": .string(target.string("AvailabilityZoneId") ?? ""),
                "availability_zone_name": .string(zone),
                "dns_name": .string(EFS.regionalHostname("\(fileSystem).efs", in: context)),
                "file_system_arn": .string("arn:\(context.partition):elasticfilesystem:\(context.region):\(target.string("OwnerId") ?? ""):file-system/\(fileSystem)"),
                "file_system_id": .string(fileSystem),
                "ip_address": .string(ipv4),
                "ip_address_type": .string(Self.addressType(ipv4: ipv4, ipv6: ipv6)),
                "ipv6_address": .string(ipv6),
                "mount_target_dns_name": .string(EFS.regionalHostname("\(zone).\(fileSystem).efs", in: context)),
                "network_interface_id": .string(target.string("NetworkInterfaceId") ?? ""),
                "owner_id": .string(target.string("OwnerId") ?? ""),
                "security_groups": .stringSet(groups.stringList("SecurityGroups") ?? []),
                "subnet_id": .string(target.string("SubnetId")),
                "timeouts": current[attribute: "timeouts"] ?? .null(Self.timeoutsBlock.valueType),
            ])
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EFS Mount Target (\(id))")
        }
    }

    /// DescribeMountTargets does not say which address types a target was made with; its
    /// addresses do.
    static func addressType(ipv4: String, ipv6: String) -> String {
        switch (ipv4.isEmpty, ipv6.isEmpty) {
        case (false, false): "DUAL_STACK"
        case (true, false): "IPV6_ONLY"
        default: "IPV4_ONLY"
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EFS Mount Target", detail: "the mount target has no id in state.") }
        if PlanSuppression.changed("security_groups", prior, planned) {
            let groups = (planned.stringList("security_groups") ?? []).sorted()
            do {
                try await EFS.call("ModifyMountTargetSecurityGroups", "PUT", "/mount-targets/\(EFS.encoded(id))/security-groups", body: ["SecurityGroups": .tuple(groups.map(Value.string))], in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "updating EFS Mount Target (\(id)) security groups")
            }
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            try await EFS.call("DeleteMountTarget", "DELETE", "/mount-targets/\(EFS.encoded(id))", in: context)
        } catch where EFS.hasCode(error, "MountTargetNotFound") {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EFS Mount Target (\(id))")
        }
        do {
            let waiter = AWSWaiter(timeout: Timeouts.duration(current, "delete", default: .seconds(10 * 60)), minDelay: .seconds(2), maxDelay: .seconds(10), clock: context.client.configuration.clock)
            try await waiter.wait(for: "EFS Mount Target \(id) to be deleted", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                guard let state = try await EFS.mountTarget(id, in: context)?.string("LifeCycleState") else { return .done(()) }
                return .pending(state)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "waiting for EFS Mount Target (\(id)) delete")
        }
    }

    /// Waits while the mount target is `creating`.
    private func waitUntilAvailable(_ id: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(2), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        try await waiter.wait(for: "EFS Mount Target \(id) to become available", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let state = try await EFS.mountTarget(id, in: context)?.string("LifeCycleState") else { return .pending("not visible yet") }
            switch state {
            case "available": return .done(())
            case "creating": return .pending(state)
            default: return .failed("its state is \(state)")
            }
        }
    }
}
