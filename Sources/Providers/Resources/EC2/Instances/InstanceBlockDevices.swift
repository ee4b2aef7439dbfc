import Foundation
import Provisioner
import ResourceGraph

/// An instance's EBS volumes as `root_block_device` and `ebs_block_device` blocks: the
/// instance's block device mapping says which volumes are attached where, DescribeVolumes
/// what each volume is.
enum InstanceBlockDevices {
    struct Blocks {
        var root: [Value]
        var ebs: [Value]
        /// The volume ids of every attached EBS volume (for `volume_tags`).
        var volumeIDs: [String]
        /// The tags of every attached volume, for reading `volume_tags` back.
        var volumeTags: [String: [String: String]]
    }

    /// The blocks for a described instance. Volume tags go into the blocks unless
    /// `volume_tags` manages them (then they are read into that instead).
    static func read(_ instance: XMLNode, current: Value, in context: AWSContext) async throws -> Blocks {
        var mappings: [String: (device: String, deleteOnTermination: Bool)] = [:]
        var order: [String] = []
        for mapping in instance.all("blockDeviceMapping", "item") {
            guard let volume = mapping.string("ebs", "volumeId"), let device = mapping.string("deviceName") else { continue }
            mappings[volume] = (device, mapping.path("ebs", "deleteOnTermination")?.boolValue ?? false)
            order.append(volume)
        }
        guard !order.isEmpty else { return Blocks(root: [], ebs: [], volumeIDs: [], volumeTags: [:]) }
        var parameters = QueryParameters()
        parameters.setList("VolumeId", order)
        let volumes = try await context.client.query(.ec2, action: "DescribeVolumes", parameters: parameters).all("volumeSet", "item")
        let tagsInBlocks = (current.stringMap("volume_tags") ?? [:]).isEmpty
        let rootDevice = instance.string("rootDeviceName")
        var blocks = Blocks(root: [], ebs: [], volumeIDs: order, volumeTags: [:])
        for volume in volumes.sorted(by: { (order.firstIndex(of: $0.string("volumeId") ?? "") ?? 0) < (order.firstIndex(of: $1.string("volumeId") ?? "") ?? 0) }) {
            guard let id = volume.string("volumeId"), let mapping = mappings[id] else { continue }
            let tags = EC2.tags(of: volume).filter { !$0.key.hasPrefix("aws:") && !context.settings.ignoresTag($0.key) }
            blocks.volumeTags[id] = tags
            var attributes: [String: Value] = [
                "delete_on_termination": .bool(mapping.deleteOnTermination),
                "device_name": .string(mapping.device),
                "encrypted": .bool(volume.child("encrypted")?.boolValue ?? false),
                "iops": .number(volume.child("iops")?.intValue ?? 0),
                "kms_key_id": .string(volume.string("kmsKeyId") ?? ""),
                "tags": tagsInBlocks && !tags.isEmpty ? .stringMap(tags) : .null(.map(.string)),
                "tags_all": .stringMap(tags),
                "throughput": .number(volume.child("throughput")?.intValue ?? 0),
                "volume_id": .string(id),
                "volume_size": .number(volume.child("size")?.intValue ?? 0),
                "volume_type": .string(volume.string("volumeType") ?? ""),
            ]
            if mapping.device == rootDevice {
                blocks.root = [.object(attributes)]
            } else {
                attributes["snapshot_id"] = .string(volume.string("snapshotId") ?? "")
                blocks.ebs.append(.object(attributes))
            }
        }
        return blocks
    }

    static func rootValue(_ blocks: Blocks) -> Value {
        .list(blocks.root, of: InstanceSchema.rootBlockDevice.valueType)
    }

    static func ebsValue(_ blocks: Blocks) -> Value {
        .set(blocks.ebs, of: InstanceSchema.ebsBlockDevice.valueType)
    }

    /// The tags `volume_tags` reads back: those every volume has (the provider reads the tags
    /// of all the instance's volumes as one map).
    static func commonTags(_ blocks: Blocks) -> [String: String] {
        var merged: [String: String] = [:]
        for id in blocks.volumeIDs {
            merged.merge(blocks.volumeTags[id] ?? [:]) { first, _ in first }
        }
        return merged
    }

    // MARK: Changes

    /// Tags configured on the root and EBS blocks, put on their volumes once they exist (the
    /// provider applies them after launch).
    static func tagConfiguredVolumes(_ planned: Value, instance: XMLNode, in context: AWSContext) async throws {
        let byDevice = Dictionary(instance.all("blockDeviceMapping", "item").compactMap { mapping in
            mapping.string("deviceName").flatMap { device in mapping.string("ebs", "volumeId").map { (device, $0) } }
        }, uniquingKeysWith: { first, _ in first })
        if let root = planned.objects("root_block_device").first, let tags = root.stringMap("tags"), !tags.isEmpty,
           let device = instance.string("rootDeviceName"), let volume = byDevice[device] {
            try await EC2.updateTags(id: volume, from: [:], to: tags, in: context)
        }
        for device in planned.objects("ebs_block_device") {
            guard let tags = device.stringMap("tags"), !tags.isEmpty, let name = device.string("device_name"), let volume = byDevice[name] else { continue }
            try await EC2.updateTags(id: volume, from: [:], to: tags, in: context)
        }
    }

    /// Size, type, IOPS and throughput of the root volume change in place (ModifyVolume, then
    /// waiting until the modification is optimizing or done); so do its deletion on
    /// termination and its tags.
    static func updateRoot(_ id: String, prior: Value, planned: Value, timeout: Duration, in context: AWSContext) async throws {
        guard let old = prior.objects("root_block_device").first, let new = planned.objects("root_block_device").first,
              let volume = old.string("volume_id"), !volume.isEmpty else { return }
        var modify = QueryParameters()
        modify.set("VolumeId", volume)
        var modified = false
        let type = new.string("volume_type") ?? ""
        if PlanSuppression.changed("volume_size", old, new), let size = new.int("volume_size"), size != 0 {
            modify.set("Size", size)
            modified = true
        }
        if PlanSuppression.changed("volume_type", old, new), !type.isEmpty {
            modify.set("VolumeType", type)
            modified = true
        }
        if PlanSuppression.changed("iops", old, new), let iops = new.int("iops"), iops != 0 {
            guard ["io1", "io2", "gp3"].contains(type.isEmpty ? "gp2" : type) else {
                throw ProviderError("Updating EC2 Instance (\(id))", detail: "iops attribute not supported for type \(type.isEmpty ? "gp2" : type)")
            }
            modify.set("Iops", iops)
            modified = true
        }
        if PlanSuppression.changed("throughput", old, new), let throughput = new.int("throughput"), throughput != 0 {
            guard type == "gp3" else {
                throw ProviderError("Updating EC2 Instance (\(id))", detail: "throughput attribute not supported for type \(type)")
            }
            modify.set("Throughput", throughput)
            modified = true
        }
        if modified {
            _ = try await context.client.query(.ec2, action: "ModifyVolume", parameters: modify)
            try await waitForModification(volume, timeout: timeout, in: context)
        }
        if PlanSuppression.changed("delete_on_termination", old, new), let device = old.string("device_name") {
            var parameters = QueryParameters()
            parameters.set("InstanceId", id)
            parameters.setList("BlockDeviceMapping", [QueryParameters { mapping in
                mapping.set("DeviceName", device)
                mapping.set("Ebs", QueryParameters { $0.set("DeleteOnTermination", new.bool("delete_on_termination") ?? true) })
            }])
            _ = try await context.client.query(.ec2, action: "ModifyInstanceAttribute", parameters: parameters)
        }
        if PlanSuppression.changed("tags", old, new) {
            try await EC2.updateTags(id: volume, from: old.stringMap("tags") ?? [:], to: new.stringMap("tags") ?? [:], in: context)
        }
    }

    private static func waitForModification(_ volume: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EBS volume \(volume) modification", progress: { context.progress("volume modification: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            var parameters = QueryParameters()
            parameters.setList("VolumeId", [volume])
            let modification = try await context.client.query(.ec2, action: "DescribeVolumesModifications", parameters: parameters).all("volumeModificationSet", "item").last
            switch modification?.string("modificationState") ?? "completed" {
            case "completed", "optimizing": return .done(())
            case "failed": return .failed(modification?.string("statusMessage") ?? "the modification failed")
            case let state: return .pending(state)
            }
        }
    }
}
