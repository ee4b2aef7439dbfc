import Foundation
import ResourceGraph

/// The nested blocks of `aws_ecs_task_definition`: their schemas (every one forces a new
/// revision), how they become RegisterTaskDefinition members, and how what AWS reports becomes
/// blocks again, shaped exactly as the configuration shapes them (absent optional strings
/// null, defaults where AWS leaves a member out) so that sets of blocks compare element-wise.
enum TaskDefinitionBlocks {
    // MARK: Schemas

    static let dockerVolumeSchema = BlockSchema(attributes: [
        "autoprovision": AttributeSchema(.bool, .optional, forceNew: true, default: .false),
        "driver": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "driver_opts": AttributeSchema(.map(.string), .optional, forceNew: true),
        "labels": AttributeSchema(.map(.string), .optional, forceNew: true),
        "scope": AttributeSchema(.string, .optionalComputed, forceNew: true),
    ])
    static let efsAuthorizationSchema = BlockSchema(attributes: [
        "access_point_id": AttributeSchema(.string, .optional, forceNew: true),
        "iam": AttributeSchema(.string, .optional, forceNew: true),
    ])
    static let efsVolumeSchema = BlockSchema(
        attributes: [
            "file_system_id": AttributeSchema(.string, .required, forceNew: true),
            "root_directory": AttributeSchema(.string, .optional, forceNew: true, default: .string("/")),
            "transit_encryption": AttributeSchema(.string, .optional, forceNew: true),
            "transit_encryption_port": AttributeSchema(.number, .optional, forceNew: true, default: .number(0)),
        ],
        blocks: ["authorization_config": NestedBlockSchema(.list, efsAuthorizationSchema, maxItems: 1, forceNew: true)])
    static let fsxAuthorizationSchema = BlockSchema(attributes: [
        "credentials_parameter": AttributeSchema(.string, .required, forceNew: true),
        "domain": AttributeSchema(.string, .required, forceNew: true),
    ])
    static let fsxVolumeSchema = BlockSchema(
        attributes: [
            "file_system_id": AttributeSchema(.string, .required, forceNew: true),
            "root_directory": AttributeSchema(.string, .required, forceNew: true),
        ],
        blocks: ["authorization_config": NestedBlockSchema(.list, fsxAuthorizationSchema, minItems: 1, maxItems: 1, forceNew: true)])
    static let volumeSchema = BlockSchema(
        attributes: [
            "name": AttributeSchema(.string, .required, forceNew: true),
            "host_path": AttributeSchema(.string, .optional, forceNew: true),
            "configure_at_launch": AttributeSchema(.bool, .optionalComputed, forceNew: true),
        ],
        blocks: [
            "docker_volume_configuration": NestedBlockSchema(.list, dockerVolumeSchema, maxItems: 1, forceNew: true),
            "efs_volume_configuration": NestedBlockSchema(.list, efsVolumeSchema, maxItems: 1, forceNew: true),
            "fsx_windows_file_server_volume_configuration": NestedBlockSchema(.list, fsxVolumeSchema, maxItems: 1, forceNew: true),
        ])
    static let placementConstraintSchema = BlockSchema(attributes: [
        "expression": AttributeSchema(.string, .optional, forceNew: true),
        "type": AttributeSchema(.string, .required, forceNew: true),
    ])
    static let proxyConfigurationSchema = BlockSchema(attributes: [
        "container_name": AttributeSchema(.string, .required, forceNew: true),
        "properties": AttributeSchema(.map(.string), .optional, forceNew: true),
        "type": AttributeSchema(.string, .optional, forceNew: true, default: .string("APPMESH")),
    ])
    static let runtimePlatformSchema = BlockSchema(attributes: [
        "cpu_architecture": AttributeSchema(.string, .optional, forceNew: true),
        "operating_system_family": AttributeSchema(.string, .optional, forceNew: true),
    ])
    static let ephemeralStorageSchema = BlockSchema(attributes: ["size_in_gib": AttributeSchema(.number, .required, forceNew: true)])
    static let inferenceAcceleratorSchema = BlockSchema(attributes: [
        "device_name": AttributeSchema(.string, .required, forceNew: true),
        "device_type": AttributeSchema(.string, .required, forceNew: true),
    ])

    static let blocks: [String: NestedBlockSchema] = [
        "volume": NestedBlockSchema(.set, volumeSchema, forceNew: true),
        "placement_constraints": NestedBlockSchema(.set, placementConstraintSchema, maxItems: 10, forceNew: true),
        "proxy_configuration": NestedBlockSchema(.list, proxyConfigurationSchema, maxItems: 1, forceNew: true),
        "runtime_platform": NestedBlockSchema(.list, runtimePlatformSchema, maxItems: 1, forceNew: true),
        "ephemeral_storage": NestedBlockSchema(.list, ephemeralStorageSchema, maxItems: 1, forceNew: true),
        "inference_accelerator": NestedBlockSchema(.set, inferenceAcceleratorSchema, forceNew: true),
    ]

    // MARK: Request members

    /// The RegisterTaskDefinition members for the blocks that are set.
    static func requestMembers(_ planned: Value) -> [String: Value] {
        var body: [String: Value] = [:]
        let volumes = planned.objects("volume")
        if !volumes.isEmpty { body["volumes"] = .tuple(volumes.map(volume)) }
        let constraints = planned.objects("placement_constraints")
        if !constraints.isEmpty {
            body["placementConstraints"] = .tuple(constraints.map { constraint in
                nonEmpty(["type": constraint.string("type"), "expression": constraint.string("expression")])
            })
        }
        if let proxy = planned.objects("proxy_configuration").first {
            let properties = (proxy.stringMap("properties") ?? [:]).sorted { $0.key < $1.key }
            body["proxyConfiguration"] = .object([
                "containerName": .string(proxy.string("container_name")),
                "type": .string(proxy.string("type") ?? "APPMESH"),
                "properties": .tuple(properties.map { .object(["name": .string($0.key), "value": .string($0.value)]) }),
            ])
        }
        if let platform = planned.objects("runtime_platform").first {
            body["runtimePlatform"] = nonEmpty(["cpuArchitecture": platform.string("cpu_architecture"), "operatingSystemFamily": platform.string("operating_system_family")])
        }
        if let storage = planned.objects("ephemeral_storage").first, let size = storage.int("size_in_gib") {
            body["ephemeralStorage"] = .object(["sizeInGiB": .number(size)])
        }
        let accelerators = planned.objects("inference_accelerator")
        if !accelerators.isEmpty {
            body["inferenceAccelerators"] = .tuple(accelerators.map {
                .object(["deviceName": .string($0.string("device_name")), "deviceType": .string($0.string("device_type"))])
            })
        }
        return body
    }

    private static func volume(_ volume: Value) -> Value {
        var entry: [String: Value] = ["name": .string(volume.string("name"))]
        if let atLaunch = volume.bool("configure_at_launch") { entry["configuredAtLaunch"] = .bool(atLaunch) }
        if let path = volume.string("host_path"), !path.isEmpty { entry["host"] = .object(["sourcePath": .string(path)]) }
        if let docker = volume.objects("docker_volume_configuration").first {
            var configuration = nonEmptyMembers(["scope": docker.string("scope"), "driver": docker.string("driver")])
            // Autoprovision only goes with shared volumes; false is not sent for task ones.
            let autoprovision = docker.bool("autoprovision") ?? false
            if configuration["scope"]?.stringValue != "task" || autoprovision { configuration["autoprovision"] = .bool(autoprovision) }
            for (attribute, member) in [("driver_opts", "driverOpts"), ("labels", "labels")] {
                if let map = docker.stringMap(attribute), !map.isEmpty { configuration[member] = .stringMap(map) }
            }
            entry["dockerVolumeConfiguration"] = .object(configuration)
        }
        if let efs = volume.objects("efs_volume_configuration").first {
            var configuration = nonEmptyMembers([
                "fileSystemId": efs.string("file_system_id"), "rootDirectory": efs.string("root_directory"),
                "transitEncryption": efs.string("transit_encryption"),
            ])
            if let port = efs.int("transit_encryption_port"), port > 0 { configuration["transitEncryptionPort"] = .number(port) }
            if let authorization = efs.objects("authorization_config").first {
                configuration["authorizationConfig"] = nonEmpty(["accessPointId": authorization.string("access_point_id"), "iam": authorization.string("iam")])
            }
            entry["efsVolumeConfiguration"] = .object(configuration)
        }
        if let fsx = volume.objects("fsx_windows_file_server_volume_configuration").first {
            var configuration = nonEmptyMembers(["fileSystemId": fsx.string("file_system_id"), "rootDirectory": fsx.string("root_directory")])
            if let authorization = fsx.objects("authorization_config").first {
                configuration["authorizationConfig"] = nonEmpty(["credentialsParameter": authorization.string("credentials_parameter"), "domain": authorization.string("domain")])
            }
            entry["fsxWindowsFileServerVolumeConfiguration"] = .object(configuration)
        }
        return .object(entry)
    }

    private static func nonEmptyMembers(_ members: [String: String?]) -> [String: Value] {
        members.compactMapValues { $0.flatMap { $0.isEmpty ? nil : Value.string($0) } }
    }

    private static func nonEmpty(_ members: [String: String?]) -> Value { .object(nonEmptyMembers(members)) }

    // MARK: Blocks from AWS

    static func attributes(of definition: Value) -> [String: Value] {
        let platform = present(definition[attribute: "runtimePlatform"])
        let platformBlocks: [Value] = platform.flatMap { platform in
            let cpu = platform.string("cpuArchitecture"), os = platform.string("operatingSystemFamily")
            return (cpu ?? "").isEmpty && (os ?? "").isEmpty ? nil : [.object(["cpu_architecture": .string(cpu), "operating_system_family": .string(os)])]
        } ?? []
        return [
            "volume": .set(definition.objects("volumes").map(volumeBlock), of: volumeSchema.valueType),
            "placement_constraints": .set(definition.objects("placementConstraints").map {
                .object(["type": .string($0.string("type")), "expression": .string($0.string("expression"))])
            }, of: placementConstraintSchema.valueType),
            "proxy_configuration": .list(present(definition[attribute: "proxyConfiguration"]).map { proxy in
                var properties: [String: String] = [:]
                for property in proxy.objects("properties") { if let name = property.string("name") { properties[name] = property.string("value") ?? "" } }
                return [.object([
                    "container_name": .string(proxy.string("containerName")),
                    "properties": .stringMap(properties),
                    "type": .string(proxy.string("type") ?? "APPMESH"),
                ])]
            } ?? [], of: proxyConfigurationSchema.valueType),
            "runtime_platform": .list(platformBlocks, of: runtimePlatformSchema.valueType),
            "ephemeral_storage": .list(present(definition[attribute: "ephemeralStorage"]).map {
                [.object(["size_in_gib": .number($0.int("sizeInGiB"))])]
            } ?? [], of: ephemeralStorageSchema.valueType),
            "inference_accelerator": .set(definition.objects("inferenceAccelerators").map {
                .object(["device_name": .string($0.string("deviceName")), "device_type": .string($0.string("deviceType"))])
            }, of: inferenceAcceleratorSchema.valueType),
        ]
    }

    private static func present(_ value: Value?) -> Value? {
        guard let value, !value.isNull else { return nil }
        return value
    }

    private static func volumeBlock(_ volume: Value) -> Value {
        let docker = present(volume[attribute: "dockerVolumeConfiguration"]).map { docker -> [Value] in
            [.object([
                "autoprovision": .bool(docker.bool("autoprovision") ?? false),
                "driver": .string(docker.string("driver")),
                "driver_opts": .stringMap(docker.stringMap("driverOpts")),
                "labels": .stringMap(docker.stringMap("labels")),
                "scope": .string(docker.string("scope")),
            ])]
        } ?? []
        let efs = present(volume[attribute: "efsVolumeConfiguration"]).map { efs -> [Value] in
            let authorization = present(efs[attribute: "authorizationConfig"]).map { authorization -> [Value] in
                [.object(["access_point_id": .string(authorization.string("accessPointId")), "iam": .string(authorization.string("iam"))])]
            } ?? []
            return [.object([
                "file_system_id": .string(efs.string("fileSystemId")),
                "root_directory": .string(efs.string("rootDirectory") ?? "/"),
                "transit_encryption": .string(efs.string("transitEncryption")),
                "transit_encryption_port": .number(efs.int("transitEncryptionPort") ?? 0),
                "authorization_config": .list(authorization, of: efsAuthorizationSchema.valueType),
            ])]
        } ?? []
        let fsx = present(volume[attribute: "fsxWindowsFileServerVolumeConfiguration"]).map { fsx -> [Value] in
            let authorization = present(fsx[attribute: "authorizationConfig"]).map { authorization -> [Value] in
                [.object(["credentials_parameter": .string(authorization.string("credentialsParameter")), "domain": .string(authorization.string("domain"))])]
            } ?? []
            return [.object([
                "file_system_id": .string(fsx.string("fileSystemId")),
                "root_directory": .string(fsx.string("rootDirectory")),
                "authorization_config": .list(authorization, of: fsxAuthorizationSchema.valueType),
            ])]
        } ?? []
        return .object([
            "name": .string(volume.string("name")),
            "host_path": .string(present(volume[attribute: "host"])?.string("sourcePath")),
            "configure_at_launch": .bool(volume.bool("configuredAtLaunch") ?? false),
            "docker_volume_configuration": .list(docker, of: dockerVolumeSchema.valueType),
            "efs_volume_configuration": .list(efs, of: efsVolumeSchema.valueType),
            "fsx_windows_file_server_volume_configuration": .list(fsx, of: fsxVolumeSchema.valueType),
        ])
    }
}
