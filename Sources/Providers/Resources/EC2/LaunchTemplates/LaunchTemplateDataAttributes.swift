import Foundation
import Provisioner
import ResourceGraph

/// A launch template version's `launchTemplateData` as `aws_launch_template` attributes, the
/// way the provider flattens it: blocks present only when AWS has the structure, string
/// booleans "" when AWS has no value.
enum LaunchTemplateDataAttributes {
    typealias Schema = LaunchTemplateSchema

    static func attributes(of data: XMLNode?) -> [String: Value] {
        let data = data ?? XMLNode(name: "launchTemplateData")
        return [
            "block_device_mappings": .list(data.all("blockDeviceMappingSet", "item").map(blockDeviceMapping), of: Schema.blockDeviceMappingSchema.valueType),
            "capacity_reservation_specification": block(data.child("capacityReservationSpecification"), Schema.capacityReservationSchema) { spec in [
                "capacity_reservation_preference": string(spec, "capacityReservationPreference"),
                "capacity_reservation_target": block(spec.child("capacityReservationTarget"), Schema.capacityReservationTargetSchema) { target in [
                    "capacity_reservation_id": string(target, "capacityReservationId"),
                    "capacity_reservation_resource_group_arn": string(target, "capacityReservationResourceGroupArn"),
                ] },
            ] },
            "cpu_options": block(data.child("cpuOptions"), Schema.cpuOptionsSchema) { options in [
                "amd_sev_snp": string(options, "amdSevSnp"),
                "core_count": number(options, "coreCount"),
                "threads_per_core": number(options, "threadsPerCore"),
            ] },
            "credit_specification": block(data.child("creditSpecification"), Schema.creditSpecificationSchema) { ["cpu_credits": string($0, "cpuCredits")] },
            "disable_api_stop": bool(data, "disableApiStop"),
            "disable_api_termination": bool(data, "disableApiTermination"),
            "ebs_optimized": stringBool(data, "ebsOptimized"),
            "enclave_options": block(data.child("enclaveOptions"), Schema.enclaveOptionsSchema) { ["enabled": bool($0, "enabled")] },
            "hibernation_options": block(data.child("hibernationOptions"), Schema.hibernationOptionsSchema) { ["configured": bool($0, "configured")] },
            "iam_instance_profile": block(data.child("iamInstanceProfile"), Schema.iamInstanceProfileSchema) { ["arn": string($0, "arn"), "name": string($0, "name")] },
            "image_id": string(data, "imageId"),
            "instance_initiated_shutdown_behavior": string(data, "instanceInitiatedShutdownBehavior"),
            "instance_market_options": .list([], of: Schema.instanceMarketOptionsSchema.valueType),
            "instance_requirements": .list([], of: Schema.instanceRequirementsSchema.valueType),
            "instance_type": string(data, "instanceType"),
            "kernel_id": string(data, "kernelId"),
            "key_name": string(data, "keyName"),
            "license_specification": .set(data.all("licenseSet", "item").map { .object(["license_configuration_arn": string($0, "licenseConfigurationArn")]) }, of: Schema.licenseSpecificationSchema.valueType),
            "maintenance_options": block(data.child("maintenanceOptions"), Schema.maintenanceOptionsSchema) { ["auto_recovery": string($0, "autoRecovery")] },
            "metadata_options": block(data.child("metadataOptions"), Schema.metadataOptionsSchema) { options in [
                "http_endpoint": string(options, "httpEndpoint"),
                "http_protocol_ipv6": string(options, "httpProtocolIpv6"),
                "http_put_response_hop_limit": number(options, "httpPutResponseHopLimit"),
                "http_tokens": string(options, "httpTokens"),
                "instance_metadata_tags": string(options, "instanceMetadataTags"),
            ] },
            "monitoring": block(data.child("monitoring"), Schema.monitoringSchema) { ["enabled": bool($0, "enabled")] },
            "network_interfaces": .list(data.all("networkInterfaceSet", "item").map(networkInterface), of: Schema.networkInterfaceSchema.valueType),
            "placement": block(data.child("placement"), Schema.placementSchema) { placement in [
                "affinity": string(placement, "affinity"),
                "availability_zone": string(placement, "availabilityZone"),
                "group_id": string(placement, "groupId"),
                "group_name": string(placement, "groupName"),
                "host_id": string(placement, "hostId"),
                "host_resource_group_arn": string(placement, "hostResourceGroupArn"),
                "partition_number": number(placement, "partitionNumber"),
                "spread_domain": string(placement, "spreadDomain"),
                "tenancy": string(placement, "tenancy"),
            ] },
            "private_dns_name_options": block(data.child("privateDnsNameOptions"), Schema.privateDNSNameOptionsSchema) { options in [
                "enable_resource_name_dns_a_record": bool(options, "enableResourceNameDnsARecord"),
                "enable_resource_name_dns_aaaa_record": bool(options, "enableResourceNameDnsAAAARecord"),
                "hostname_type": string(options, "hostnameType"),
            ] },
            "ram_disk_id": string(data, "ramDiskId"),
            "security_group_names": stringSet(data.all("securityGroupSet", "item").map(\.text)),
            "tag_specifications": .list(data.all("tagSpecificationSet", "item").compactMap(tagSpecification), of: Schema.tagSpecificationSchema.valueType),
            "user_data": string(data, "userData"),
            "vpc_security_group_ids": stringSet(data.all("securityGroupIdSet", "item").map(\.text)),
        ]
    }

    private static func blockDeviceMapping(_ mapping: XMLNode) -> Value {
        .object([
            "device_name": string(mapping, "deviceName"),
            "no_device": string(mapping, "noDevice"),
            "virtual_name": string(mapping, "virtualName"),
            "ebs": block(mapping.child("ebs"), Schema.ebsSchema) { ebs in [
                "delete_on_termination": stringBool(ebs, "deleteOnTermination"),
                "encrypted": stringBool(ebs, "encrypted"),
                "iops": number(ebs, "iops"),
                "kms_key_id": string(ebs, "kmsKeyId"),
                "snapshot_id": string(ebs, "snapshotId"),
                "throughput": number(ebs, "throughput"),
                "volume_initialization_rate": number(ebs, "volumeInitializationRate"),
                "volume_size": number(ebs, "volumeSize"),
                "volume_type": string(ebs, "volumeType"),
            ] },
        ])
    }

    private static func networkInterface(_ interface: XMLNode) -> Value {
        let secondaryAddresses = interface.all("privateIpAddressesSet", "item").filter { $0.child("primary")?.boolValue != true }.compactMap { $0.string("privateIpAddress") }
        return .object([
            "associate_carrier_ip_address": stringBool(interface, "associateCarrierIpAddress"),
            "associate_public_ip_address": stringBool(interface, "associatePublicIpAddress"),
            "delete_on_termination": stringBool(interface, "deleteOnTermination"),
            "description": string(interface, "description"),
            "device_index": number(interface, "deviceIndex"),
            "interface_type": string(interface, "interfaceType"),
            "ipv4_address_count": number(interface, "secondaryPrivateIpAddressCount"),
            "ipv4_addresses": stringSet(secondaryAddresses),
            "ipv4_prefix_count": number(interface, "ipv4PrefixCount"),
            "ipv4_prefixes": stringSet(interface.all("ipv4PrefixSet", "item").compactMap { $0.string("ipv4Prefix") }),
            "ipv6_address_count": number(interface, "ipv6AddressCount"),
            "ipv6_addresses": stringSet(interface.all("ipv6AddressesSet", "item").compactMap { $0.string("ipv6Address") }),
            "ipv6_prefix_count": number(interface, "ipv6PrefixCount"),
            "ipv6_prefixes": stringSet(interface.all("ipv6PrefixSet", "item").compactMap { $0.string("ipv6Prefix") }),
            "network_card_index": number(interface, "networkCardIndex"),
            "network_interface_id": string(interface, "networkInterfaceId"),
            "primary_ipv6": stringBool(interface, "primaryIpv6"),
            "private_ip_address": string(interface, "privateIpAddress"),
            "security_groups": stringSet(interface.all("groupSet", "groupId").map(\.text)),
            "subnet_id": string(interface, "subnetId"),
            "connection_tracking_specification": .list([], of: (Schema.networkInterfaceSchema.blocks["connection_tracking_specification"]?.block.valueType)!),
            "ena_srd_specification": .list([], of: (Schema.networkInterfaceSchema.blocks["ena_srd_specification"]?.block.valueType)!),
        ])
    }

    /// Tag specifications for what instances launch. Only instance-launch resource types
    /// (instance, volume, network interface, Spot request) are valid in launch template data;
    /// any other entry (the template's own tags, as some endpoints echo them here) cannot come
    /// from this configuration and is not shown as one.
    private static func tagSpecification(_ specification: XMLNode) -> Value? {
        let type = specification.string("resourceType") ?? ""
        guard type != "launch-template" else { return nil }
        return .object(["resource_type": .string(type.isEmpty ? nil : type), "tags": EC2.tags(of: specification).isEmpty ? .null(.map(.string)) : .stringMap(EC2.tags(of: specification))])
    }

    private static func block(_ node: XMLNode?, _ schema: BlockSchema, _ attributes: (XMLNode) -> [String: Value]) -> Value {
        guard let node else { return .list([], of: schema.valueType) }
        return .list([.object(attributes(node))], of: schema.valueType)
    }

    private static func string(_ node: XMLNode, _ name: String) -> Value {
        .string(node.string(name))
    }

    private static func number(_ node: XMLNode, _ name: String) -> Value {
        .number(node.child(name)?.intValue)
    }

    private static func bool(_ node: XMLNode, _ name: String) -> Value {
        .bool(node.child(name)?.boolValue)
    }

    private static func stringBool(_ node: XMLNode, _ name: String) -> Value {
        guard let value = node.child(name)?.boolValue else { return .null(.string) }
        return .string(value ? "true" : "false")
    }

    /// A set of strings; null when AWS reports none, as an unset argument is.
    private static func stringSet(_ items: [String]) -> Value {
        items.isEmpty ? .null(.set(.string)) : .stringSet(items.sorted())
    }
}
