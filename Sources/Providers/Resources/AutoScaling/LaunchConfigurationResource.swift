import Foundation
import Provisioner
import ResourceGraph

/// `aws_launch_configuration`: the launch settings of an Auto Scaling group's instances. It
/// cannot be changed, so every argument replaces it. Its id is its name. Import id: the name.
struct LaunchConfigurationResource: AWSResourceType {
    static let displayName = "Auto Scaling Launch Configuration"
    static let typeName = "aws_launch_configuration"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "image_id": AttributeSchema(.string, .required, forceNew: true),
            "instance_type": AttributeSchema(.string, .required, forceNew: true),
            "associate_public_ip_address": AttributeSchema(.bool, .optionalComputed, forceNew: true),
            "ebs_optimized": AttributeSchema(.bool, .optionalComputed, forceNew: true),
            "enable_monitoring": AttributeSchema(.bool, .optional, forceNew: true, default: .true),
            "iam_instance_profile": AttributeSchema(.string, .optional, forceNew: true),
            "key_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "placement_tenancy": AttributeSchema(.string, .optional, forceNew: true),
            "security_groups": AttributeSchema(.set(.string), .optional, forceNew: true),
            "spot_price": AttributeSchema(.string, .optional, forceNew: true),
            "user_data": AttributeSchema(.string, .optional, forceNew: true),
            "user_data_base64": AttributeSchema(.string, .optional, forceNew: true),
        ],
        blocks: LaunchConfigurationBlocks.blocks))

    /// `user_data` is kept in state as a SHA-1 of the content (the provider's state function),
    /// so the configured text plans as unchanged when it hashes to what state holds.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        if configuration.string("user_data") != nil, configuration.string("user_data_base64") != nil {
            throw ProviderError("Invalid combination of arguments", detail: "\"user_data\": conflicts with user_data_base64")
        }
        if configuration.string("name") != nil, configuration.string("name_prefix") != nil {
            throw ProviderError("Invalid combination of arguments", detail: "\"name\": conflicts with name_prefix")
        }
        var planned = proposed
        for block in LaunchConfigurationBlocks.keptWhenUnconfigured {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
        }
        planned = PlanSuppression.keepPriorString("user_data", in: planned, prior: prior) { old, new in
            old == UserData.hashSum(new)
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("name_prefix") ?? "terraform-")
        let imageID = planned.string("image_id") ?? ""
        var parameters = QueryParameters()
        parameters.set("LaunchConfigurationName", name)
        parameters.set("ImageId", imageID)
        parameters.set("InstanceType", planned.string("instance_type"))
        parameters.set("EbsOptimized", planned.bool("ebs_optimized") ?? false)
        if let text = planned.string("user_data"), !text.isEmpty {
            parameters.set("UserData", UserData.base64(text))
        } else if let encoded = planned.string("user_data_base64"), !encoded.isEmpty {
            parameters.set("UserData", encoded)
        }
        parameters.set("InstanceMonitoring", QueryParameters { $0.set("Enabled", planned.bool("enable_monitoring") ?? true) })
        parameters.set("IamInstanceProfile", nonEmpty(planned.string("iam_instance_profile")))
        parameters.set("PlacementTenancy", nonEmpty(planned.string("placement_tenancy")))
        if planned.bool("associate_public_ip_address") == true { parameters.set("AssociatePublicIpAddress", true) }
        parameters.set("KeyName", nonEmpty(planned.string("key_name")))
        parameters.set("SpotPrice", nonEmpty(planned.string("spot_price")))
        if let groups = planned.stringList("security_groups"), !groups.isEmpty { parameters.setList("SecurityGroups", groups.sorted()) }
        parameters.set("MetadataOptions", LaunchConfigurationBlocks.metadataOptions(planned))

        do {
            let rootDeviceName = try await AMIRootDevice.name(of: imageID, in: context)
            let mappings = try LaunchConfigurationBlocks.blockDeviceMappings(planned, rootDeviceName: rootDeviceName)
            if !mappings.isEmpty { parameters.setList("BlockDeviceMappings", mappings) }
            // CreateLaunchConfiguration takes no client token; a repeat fails on the taken name.
            _ = try await EC2.retrying(timeout: AutoScaling.propagationTimeout, when: AutoScaling.isInstanceProfilePropagation) {
                try await AutoScaling.call("CreateLaunchConfiguration", parameters, idempotent: false, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Auto Scaling Launch Configuration (\(name))")
        }
        let partial = planned.setting(["id": .string(name), "name": .string(name)])
        do {
            try await EC2.waitUntilExists("Auto Scaling Launch Configuration \(name)", timeout: AutoScaling.propagationTimeout, in: context) {
                try await describe(name, in: context) != nil
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Auto Scaling Launch Configuration (\(name))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let name = current.string("id") else { return nil }
        do {
            guard let configuration = try await describe(name, in: context) else { return nil }
            let imageID = configuration.string("ImageId") ?? ""
            let rootDeviceName = configuration.all("BlockDeviceMappings", "member").isEmpty ? nil : try await AMIRootDevice.name(of: imageID, in: context)
            var attributes: [String: Value] = [
                "id": .string(name),
                "arn": .string(configuration.string("LaunchConfigurationARN")),
                "name": .string(name),
                "name_prefix": .string(TerraformIdentifiers.namePrefix(of: name) ?? ""),
                "image_id": .string(imageID),
                "instance_type": .string(configuration.string("InstanceType")),
                "associate_public_ip_address": .bool(configuration.child("AssociatePublicIpAddress")?.boolValue ?? false),
                "ebs_optimized": .bool(configuration.child("EbsOptimized")?.boolValue ?? false),
                "enable_monitoring": .bool(configuration.path("InstanceMonitoring", "Enabled")?.boolValue ?? false),
                "iam_instance_profile": .string(configuration.string("IamInstanceProfile")),
                "key_name": .string(configuration.string("KeyName") ?? ""),
                "placement_tenancy": .string(configuration.string("PlacementTenancy")),
                "security_groups": .stringSet(AutoScaling.strings(configuration, "SecurityGroups").sorted()),
                "spot_price": .string(configuration.string("SpotPrice")),
                "user_data": current[attribute: "user_data"] ?? .null(.string),
                "user_data_base64": current[attribute: "user_data_base64"] ?? .null(.string),
            ]
            // AWS returns the user data base64-encoded; state keeps it in the form configured.
            if let userData = configuration.string("UserData"), !userData.isEmpty {
                if let encoded = current.string("user_data_base64"), !encoded.isEmpty {
                    attributes["user_data_base64"] = .string(userData)
                } else {
                    attributes["user_data"] = .string(UserData.hashSum(userData))
                }
            }
            attributes.merge(LaunchConfigurationBlocks.attributes(of: configuration, rootDeviceName: rootDeviceName, current: current)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Auto Scaling Launch Configuration (\(name))")
        }
    }

    /// Nothing can change in place: every argument forces a new launch configuration.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    /// A group still using the configuration refuses the delete for a while (an Auto Scaling
    /// group just switched to a new configuration), so that is retried.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let name = current.string("id") else { return }
        let parameters = QueryParameters { $0.set("LaunchConfigurationName", name) }
        do {
            try await EC2.deleteRetrying("Auto Scaling Launch Configuration \(name)", codes: ["ResourceInUse"], timeout: AutoScaling.propagationTimeout, in: context) {
                do {
                    _ = try await AutoScaling.call("DeleteLaunchConfiguration", parameters, in: context)
                } catch where AutoScaling.isNotFound(error) {
                    return
                }
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Auto Scaling Launch Configuration (\(name))")
        }
    }

    private func describe(_ name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("LaunchConfigurationNames", [name])
        do {
            let result = try await AutoScaling.call("DescribeLaunchConfigurations", parameters, in: context)
            return result.all("LaunchConfigurations", "member").first { $0.string("LaunchConfigurationName") == name }
        } catch where AutoScaling.isNotFound(error) {
            return nil
        }
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
