import Foundation
import Provisioner
import ResourceGraph

/// The nested blocks of `aws_launch_configuration`: their schemas, the block device mappings
/// and metadata options CreateLaunchConfiguration takes, and how a described configuration's
/// mappings become blocks again. Everything in a launch configuration is fixed once made.
enum LaunchConfigurationBlocks {
    static let ebsBlockDeviceSchema = BlockSchema(attributes: [
        "delete_on_termination": AttributeSchema(.bool, .optional, forceNew: true, default: .true),
        "device_name": AttributeSchema(.string, .required, forceNew: true),
        "encrypted": AttributeSchema(.bool, .optionalComputed, forceNew: true),
        "iops": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "no_device": AttributeSchema(.bool, .optional, forceNew: true),
        "snapshot_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "throughput": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "volume_size": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "volume_type": AttributeSchema(.string, .optionalComputed, forceNew: true),
    ])
    static let ephemeralBlockDeviceSchema = BlockSchema(attributes: [
        "device_name": AttributeSchema(.string, .required, forceNew: true),
        "no_device": AttributeSchema(.bool, .optional, forceNew: true),
        "virtual_name": AttributeSchema(.string, .optional, forceNew: true),
    ])
    static let rootBlockDeviceSchema = BlockSchema(attributes: [
        "delete_on_termination": AttributeSchema(.bool, .optional, forceNew: true, default: .true),
        "encrypted": AttributeSchema(.bool, .optionalComputed, forceNew: true),
        "iops": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "throughput": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "volume_size": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "volume_type": AttributeSchema(.string, .optionalComputed, forceNew: true),
    ])
    static let metadataOptionsSchema = BlockSchema(attributes: [
        "http_endpoint": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "http_put_response_hop_limit": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "http_tokens": AttributeSchema(.string, .optionalComputed, forceNew: true),
    ])

    static let blocks: [String: NestedBlockSchema] = [
        "ebs_block_device": NestedBlockSchema(.set, ebsBlockDeviceSchema, forceNew: true),
        "ephemeral_block_device": NestedBlockSchema(.set, ephemeralBlockDeviceSchema, forceNew: true),
        "root_block_device": NestedBlockSchema(.list, rootBlockDeviceSchema, maxItems: 1, forceNew: true),
        "metadata_options": NestedBlockSchema(.list, metadataOptionsSchema, maxItems: 1, forceNew: true),
    ]

    /// Blocks AWS reports whether or not the configuration has them (Optional+Computed).
    static let keptWhenUnconfigured = ["ebs_block_device", "root_block_device", "metadata_options"]

    // MARK: Request members

    /// `BlockDeviceMappings.member.N`: EBS devices, ephemeral devices, then the root device
    /// under the AMI's root device name. Declaring the root device as an EBS device is refused,
    /// as Terraform does.
    static func blockDeviceMappings(_ planned: Value, rootDeviceName: String?) throws -> [QueryParameters] {
        var mappings: [QueryParameters] = []
        for device in planned.objects("ebs_block_device") {
            let name = device.string("device_name") ?? ""
            if let rootDeviceName, name == rootDeviceName {
                throw ProviderError("Creating Auto Scaling Launch Configuration", detail: "Root device (\(rootDeviceName)) declared as an 'ebs_block_device'. Use 'root_block_device' keyword.")
            }
            let noDevice = device.bool("no_device") == true
            mappings.append(QueryParameters { mapping in
                mapping.set("DeviceName", name)
                mapping.set("Ebs", ebs(device, deleteOnTermination: noDevice ? nil : device.bool("delete_on_termination") ?? true, snapshot: device.string("snapshot_id")))
                if noDevice { mapping.set("NoDevice", true) }
            })
        }
        for device in planned.objects("ephemeral_block_device") {
            mappings.append(QueryParameters { mapping in
                mapping.set("DeviceName", device.string("device_name"))
                if device.bool("no_device") == true { mapping.set("NoDevice", true) }
                if let virtual = device.string("virtual_name"), !virtual.isEmpty { mapping.set("VirtualName", virtual) }
            })
        }
        if let root = planned.objects("root_block_device").first {
            guard let rootDeviceName else {
                throw ProviderError("Creating Auto Scaling Launch Configuration", detail: "Expected to find a Root Device name for AMI (\(planned.string("image_id") ?? "")), but got none.")
            }
            mappings.append(QueryParameters { mapping in
                mapping.set("DeviceName", rootDeviceName)
                mapping.set("Ebs", ebs(root, deleteOnTermination: root.bool("delete_on_termination") ?? true, snapshot: nil))
            })
        }
        return mappings
    }

    private static func ebs(_ device: Value, deleteOnTermination: Bool?, snapshot: String?) -> QueryParameters {
        QueryParameters { ebs in
            ebs.set("DeleteOnTermination", deleteOnTermination)
            if let snapshot, !snapshot.isEmpty { ebs.set("SnapshotId", snapshot) }
            if device.bool("encrypted") == true { ebs.set("Encrypted", true) }
            if let size = device.int("volume_size"), size != 0 { ebs.set("VolumeSize", size) }
            if let type = device.string("volume_type"), !type.isEmpty { ebs.set("VolumeType", type) }
            if let iops = device.int("iops"), iops > 0 { ebs.set("Iops", iops) }
            if let throughput = device.int("throughput"), throughput > 0 { ebs.set("Throughput", throughput) }
        }
    }

    /// Tokens and the hop limit are only accepted with the endpoint enabled.
    static func metadataOptions(_ planned: Value) -> QueryParameters? {
        guard let options = planned.objects("metadata_options").first else { return nil }
        let endpoint = options.string("http_endpoint") ?? ""
        return QueryParameters { parameters in
            if !endpoint.isEmpty { parameters.set("HttpEndpoint", endpoint) }
            guard endpoint == "enabled" else { return }
            if let tokens = options.string("http_tokens"), !tokens.isEmpty { parameters.set("HttpTokens", tokens) }
            if let limit = options.int("http_put_response_hop_limit"), limit != 0 { parameters.set("HttpPutResponseHopLimit", limit) }
        }
    }

    // MARK: Blocks from AWS

    /// The root, EBS and ephemeral blocks for a described configuration's mappings. A device
    /// marked "no device" reports no deletion setting; the configured one is kept for it.
    static func attributes(of configuration: XMLNode, rootDeviceName: String?, current: Value) -> [String: Value] {
        let configuredDeletion = Dictionary(current.objects("ebs_block_device").compactMap { device in
            device.string("device_name").map { ($0, device.bool("delete_on_termination") ?? true) }
        }, uniquingKeysWith: { first, _ in first })
        var root: [Value] = []
        var ebsDevices: [Value] = []
        var ephemeralDevices: [Value] = []
        for mapping in configuration.all("BlockDeviceMappings", "member") {
            let name = mapping.string("DeviceName") ?? ""
            let ebs = mapping.child("Ebs")
            let noDevice = mapping.child("NoDevice")?.boolValue
            let deletion: Bool? = noDevice == true ? configuredDeletion[name] ?? true : ebs?.child("DeleteOnTermination")?.boolValue
            if let rootDeviceName, name == rootDeviceName {
                root.append(.object([
                    "delete_on_termination": .bool(deletion ?? false),
                    "encrypted": .bool(ebs?.child("Encrypted")?.boolValue ?? false),
                    "iops": .number(ebs?.child("Iops")?.intValue ?? 0),
                    "throughput": .number(ebs?.child("Throughput")?.intValue ?? 0),
                    "volume_size": .number(ebs?.child("VolumeSize")?.intValue ?? 0),
                    "volume_type": .string(ebs?.string("VolumeType") ?? ""),
                ]))
            } else if let virtual = mapping.string("VirtualName"), !virtual.isEmpty {
                ephemeralDevices.append(.object([
                    "device_name": .string(name),
                    "no_device": .bool(noDevice ?? false),
                    "virtual_name": .string(virtual),
                ]))
            } else {
                ebsDevices.append(.object([
                    "delete_on_termination": .bool(deletion ?? false),
                    "device_name": .string(name),
                    "encrypted": .bool(ebs?.child("Encrypted")?.boolValue ?? false),
                    "iops": .number(ebs?.child("Iops")?.intValue ?? 0),
                    "no_device": .bool(noDevice ?? false),
                    "snapshot_id": .string(ebs?.string("SnapshotId") ?? ""),
                    "throughput": .number(ebs?.child("Throughput")?.intValue ?? 0),
                    "volume_size": .number(ebs?.child("VolumeSize")?.intValue ?? 0),
                    "volume_type": .string(ebs?.string("VolumeType") ?? ""),
                ]))
            }
        }
        let options = configuration.child("MetadataOptions")
        return [
            "root_block_device": .list(root, of: rootBlockDeviceSchema.valueType),
            "ebs_block_device": .set(ebsDevices, of: ebsBlockDeviceSchema.valueType),
            "ephemeral_block_device": .set(ephemeralDevices, of: ephemeralBlockDeviceSchema.valueType),
            "metadata_options": .list(options.map { options in [.object([
                "http_endpoint": .string(options.string("HttpEndpoint") ?? ""),
                "http_put_response_hop_limit": .number(options.child("HttpPutResponseHopLimit")?.intValue ?? 0),
                "http_tokens": .string(options.string("HttpTokens") ?? ""),
            ])] } ?? [], of: metadataOptionsSchema.valueType),
        ]
    }
}
