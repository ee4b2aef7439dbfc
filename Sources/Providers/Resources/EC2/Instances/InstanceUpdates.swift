import Foundation
import Provisioner
import ResourceGraph

/// The in-place changes of `aws_instance`, in the order the provider makes them. Instance type
/// and user data need the instance stopped: it is stopped once, each is changed in its own
/// call (AWS takes one attribute per call), and it is started again.
enum InstanceUpdates {
    static func apply(_ id: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        let timeout = Timeouts.duration(planned, "update", default: .seconds(600))
        func changed(_ name: String) -> Bool { PlanSuppression.changed(name, prior, planned) }

        if changed("volume_tags") {
            for volume in try await volumeIDs(id, in: context) {
                try await EC2.updateTags(id: volume, from: prior.stringMap("volume_tags") ?? [:], to: planned.stringMap("volume_tags") ?? [:], in: context)
            }
        }
        if changed("iam_instance_profile") {
            try await InstanceProfiles.change(id, to: InstanceLaunchRequest.text(planned, "iam_instance_profile"), state: prior.string("instance_state") ?? "", in: context)
        }
        if changed("source_dest_check") {
            try await modifyAttribute(id, "SourceDestCheck", QueryParameters { $0.set("Value", planned.bool("source_dest_check") ?? true) }, in: context)
        }
        if changed("secondary_private_ips") || changed("vpc_security_group_ids") {
            try await updatePrimaryInterface(id, prior: prior, planned: planned, in: context)
        }

        let stoppedChanges = [("instance_type", "InstanceType"), ("user_data", "UserData"), ("user_data_base64", "UserData")].filter { changed($0.0) }
        if !stoppedChanges.isEmpty {
            try await InstanceStates.whileStopped(id, timeout: timeout, in: context) {
                for (name, member) in stoppedChanges {
                    let value = planned.string(name) ?? ""
                    let structure = member == "UserData" ? QueryParameters { $0.set("Value", rawUserData(value)) } : QueryParameters { $0.set("Value", value) }
                    try await modifyAttribute(id, member, structure, in: context)
                }
            }
        }

        for (name, member) in [("disable_api_stop", "DisableApiStop"), ("disable_api_termination", "DisableApiTermination")] where changed(name) {
            try await modifyAttribute(id, member, QueryParameters { $0.set("Value", planned.bool(name) ?? false) }, in: context)
        }
        if changed("instance_initiated_shutdown_behavior"), let behavior = InstanceLaunchRequest.text(planned, "instance_initiated_shutdown_behavior") {
            try await modifyAttribute(id, "InstanceInitiatedShutdownBehavior", QueryParameters { $0.set("Value", behavior) }, in: context)
        }
        if changed("maintenance_options") {
            try await InstanceOptionBlocks.updateMaintenanceOptions(id, planned: planned, in: context)
        }
        if changed("monitoring") {
            var parameters = QueryParameters()
            parameters.setList("InstanceId", [id])
            _ = try await context.client.query(.ec2, action: planned.bool("monitoring") == true ? "MonitorInstances" : "UnmonitorInstances", parameters: parameters)
        }
        if changed("credit_specification") {
            try await InstanceOptionBlocks.updateCreditSpecification(id, planned: planned, in: context)
        }
        if changed("metadata_options") {
            try await InstanceOptionBlocks.updateMetadataOptions(id, planned: planned, timeout: timeout, in: context)
        }
        if changed("root_block_device") {
            try await InstanceBlockDevices.updateRoot(id, prior: prior, planned: planned, timeout: timeout, in: context)
        }
        if changed("private_dns_name_options") {
            try await InstanceOptionBlocks.updatePrivateDNSNameOptions(id, prior: prior, planned: planned, in: context)
        }
        if changed("tags_all") {
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        }
    }

    /// The bytes to give as user data: the text decoded when it is base64 (so that it is not
    /// encoded twice), as it is otherwise.
    static func rawUserData(_ text: String) -> Data {
        UserData.decodedBytes(text) ?? Data(text.utf8)
    }

    static func modifyAttribute(_ id: String, _ member: String, _ value: QueryParameters, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("InstanceId", id)
        parameters.set(member, value)
        _ = try await context.client.query(.ec2, action: "ModifyInstanceAttribute", parameters: parameters)
    }

    /// Secondary addresses and security groups belong to the primary network interface, and
    /// are changed there (an instance with several interfaces refuses instance-level changes).
    private static func updatePrimaryInterface(_ id: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        guard let (instance, _) = try await InstanceStates.describe(id, in: context),
              let interface = InstanceReading.primaryInterface(instance)?.string("networkInterfaceId") else {
            throw ProviderError("Updating EC2 Instance (\(id))", detail: "the instance has no primary network interface to change.")
        }
        if PlanSuppression.changed("secondary_private_ips", prior, planned) {
            let old = Set(prior.stringList("secondary_private_ips") ?? []), new = Set(planned.stringList("secondary_private_ips") ?? [])
            for (action, addresses) in [("UnassignPrivateIpAddresses", old.subtracting(new)), ("AssignPrivateIpAddresses", new.subtracting(old))] where !addresses.isEmpty {
                var parameters = QueryParameters()
                parameters.set("NetworkInterfaceId", interface)
                parameters.setList("PrivateIpAddress", addresses.sorted())
                _ = try await context.client.query(.ec2, action: action, parameters: parameters)
            }
        }
        if PlanSuppression.changed("vpc_security_group_ids", prior, planned) {
            let groups = planned.stringList("vpc_security_group_ids") ?? []
            guard !groups.isEmpty else {
                throw ProviderError("Updating EC2 Instance (\(id))", detail: "VPC-based instances require at least one security group to be attached.")
            }
            var parameters = QueryParameters()
            parameters.set("NetworkInterfaceId", interface)
            parameters.setList("SecurityGroupId", groups.sorted())
            _ = try await context.client.query(.ec2, action: "ModifyNetworkInterfaceAttribute", parameters: parameters)
        }
    }

    /// The ids of the EBS volumes attached to the instance.
    static func volumeIDs(_ id: String, in context: AWSContext) async throws -> [String] {
        var parameters = QueryParameters()
        parameters.setList("Filter", [EC2.filter("attachment.instance-id", [id])])
        return try await context.client.query(.ec2, action: "DescribeVolumes", parameters: parameters).all("volumeSet", "item").compactMap { $0.string("volumeId") }
    }
}
