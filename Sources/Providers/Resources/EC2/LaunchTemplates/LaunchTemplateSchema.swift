import Provisioner
import ResourceGraph

/// The schema of `aws_launch_template`, as Terraform's provider declares it. Several booleans
/// are strings ("true", "false", or "" for "not set"), as there, so that leaving them out
/// leaves AWS's default in place.
enum LaunchTemplateSchema {
    static let ebsSchema = BlockSchema(attributes: [
        "delete_on_termination": AttributeSchema(.string, .optional),
        "encrypted": AttributeSchema(.string, .optional),
        "iops": AttributeSchema(.number, .optionalComputed),
        "kms_key_id": AttributeSchema(.string, .optional),
        "snapshot_id": AttributeSchema(.string, .optional),
        "throughput": AttributeSchema(.number, .optionalComputed),
        "volume_initialization_rate": AttributeSchema(.number, .optionalComputed, unsupported: "volume initialization rates are not implemented yet"),
        "volume_size": AttributeSchema(.number, .optionalComputed),
        "volume_type": AttributeSchema(.string, .optionalComputed),
    ])
    static let blockDeviceMappingSchema = BlockSchema(
        attributes: [
            "device_name": AttributeSchema(.string, .optional),
            "no_device": AttributeSchema(.string, .optional),
            "virtual_name": AttributeSchema(.string, .optional),
        ],
        blocks: ["ebs": NestedBlockSchema(.list, ebsSchema, maxItems: 1)])
    static let capacityReservationTargetSchema = BlockSchema(attributes: [
        "capacity_reservation_id": AttributeSchema(.string, .optional),
        "capacity_reservation_resource_group_arn": AttributeSchema(.string, .optional),
    ])
    static let capacityReservationSchema = BlockSchema(
        attributes: ["capacity_reservation_preference": AttributeSchema(.string, .optional)],
        blocks: ["capacity_reservation_target": NestedBlockSchema(.list, capacityReservationTargetSchema, maxItems: 1)])
    static let cpuOptionsSchema = BlockSchema(attributes: [
        "amd_sev_snp": AttributeSchema(.string, .optional),
        "core_count": AttributeSchema(.number, .optional),
        "threads_per_core": AttributeSchema(.number, .optional),
    ])
    static let creditSpecificationSchema = BlockSchema(attributes: ["cpu_credits": AttributeSchema(.string, .optional)])
    static let enclaveOptionsSchema = BlockSchema(attributes: ["enabled": AttributeSchema(.bool, .optional)])
    static let hibernationOptionsSchema = BlockSchema(attributes: ["configured": AttributeSchema(.bool, .required)])
    static let iamInstanceProfileSchema = BlockSchema(attributes: [
        "arn": AttributeSchema(.string, .optional),
        "name": AttributeSchema(.string, .optional),
    ])
    static let licenseSpecificationSchema = BlockSchema(attributes: ["license_configuration_arn": AttributeSchema(.string, .required)])
    static let maintenanceOptionsSchema = BlockSchema(attributes: ["auto_recovery": AttributeSchema(.string, .optional)])
    static let metadataOptionsSchema = BlockSchema(attributes: [
        "http_endpoint": AttributeSchema(.string, .optionalComputed),
        "http_protocol_ipv6": AttributeSchema(.string, .optionalComputed),
        "http_put_response_hop_limit": AttributeSchema(.number, .optionalComputed),
        "http_tokens": AttributeSchema(.string, .optionalComputed),
        "instance_metadata_tags": AttributeSchema(.string, .optionalComputed),
    ])
    static let monitoringSchema = BlockSchema(attributes: ["enabled": AttributeSchema(.bool, .optional)])
    static let networkInterfaceSchema = BlockSchema(
        attributes: [
            "associate_carrier_ip_address": AttributeSchema(.string, .optional),
            "associate_public_ip_address": AttributeSchema(.string, .optional),
            "delete_on_termination": AttributeSchema(.string, .optional),
            "description": AttributeSchema(.string, .optional),
            "device_index": AttributeSchema(.number, .optional),
            "interface_type": AttributeSchema(.string, .optional),
            "ipv4_address_count": AttributeSchema(.number, .optional),
            "ipv4_addresses": AttributeSchema(.set(.string), .optional),
            "ipv4_prefix_count": AttributeSchema(.number, .optional, unsupported: notImplementedPrefixes),
            "ipv4_prefixes": AttributeSchema(.set(.string), .optional, unsupported: notImplementedPrefixes),
            "ipv6_address_count": AttributeSchema(.number, .optional),
            "ipv6_addresses": AttributeSchema(.set(.string), .optional),
            "ipv6_prefix_count": AttributeSchema(.number, .optional, unsupported: notImplementedPrefixes),
            "ipv6_prefixes": AttributeSchema(.set(.string), .optional, unsupported: notImplementedPrefixes),
            "network_card_index": AttributeSchema(.number, .optional),
            "network_interface_id": AttributeSchema(.string, .optional),
            "primary_ipv6": AttributeSchema(.string, .optional),
            "private_ip_address": AttributeSchema(.string, .optional),
            "security_groups": AttributeSchema(.set(.string), .optional),
            "subnet_id": AttributeSchema(.string, .optional),
        ],
        blocks: [
            "connection_tracking_specification": NestedBlockSchema(.list, UnsupportedBlocks.marking(BlockSchema(attributes: [
                "tcp_established_timeout": AttributeSchema(.number, .optional),
                "udp_stream_timeout": AttributeSchema(.number, .optional),
                "udp_timeout": AttributeSchema(.number, .optional),
            ]), reason: "connection tracking settings are not implemented yet"), maxItems: 1),
            "ena_srd_specification": NestedBlockSchema(.list, UnsupportedBlocks.marking(BlockSchema(
                attributes: ["ena_srd_enabled": AttributeSchema(.bool, .optional)],
                blocks: ["ena_srd_udp_specification": NestedBlockSchema(.list, BlockSchema(attributes: ["ena_srd_udp_enabled": AttributeSchema(.bool, .optional)]), maxItems: 1)]),
                reason: "ENA Express settings are not implemented yet"), maxItems: 1),
        ])
    static let notImplementedPrefixes = "prefix delegation on launch template network interfaces is not implemented yet"
    static let placementSchema = BlockSchema(attributes: [
        "affinity": AttributeSchema(.string, .optional),
        "availability_zone": AttributeSchema(.string, .optional),
        "group_id": AttributeSchema(.string, .optional),
        "group_name": AttributeSchema(.string, .optional),
        "host_id": AttributeSchema(.string, .optional),
        "host_resource_group_arn": AttributeSchema(.string, .optional),
        "partition_number": AttributeSchema(.number, .optional),
        "spread_domain": AttributeSchema(.string, .optional),
        "tenancy": AttributeSchema(.string, .optional),
    ])
    static let privateDNSNameOptionsSchema = BlockSchema(attributes: [
        "enable_resource_name_dns_a_record": AttributeSchema(.bool, .optional),
        "enable_resource_name_dns_aaaa_record": AttributeSchema(.bool, .optional),
        "hostname_type": AttributeSchema(.string, .optional),
    ])
    static let tagSpecificationSchema = BlockSchema(attributes: [
        "resource_type": AttributeSchema(.string, .optional),
        "tags": AttributeSchema(.map(.string), .optional),
    ])
    static let instanceMarketOptionsSchema = UnsupportedBlocks.marking(BlockSchema(
        attributes: ["market_type": AttributeSchema(.string, .optional)],
        blocks: ["spot_options": NestedBlockSchema(.list, BlockSchema(attributes: [
            "block_duration_minutes": AttributeSchema(.number, .optional),
            "instance_interruption_behavior": AttributeSchema(.string, .optional),
            "max_price": AttributeSchema(.string, .optional),
            "spot_instance_type": AttributeSchema(.string, .optional),
            "valid_until": AttributeSchema(.string, .optionalComputed),
        ]), maxItems: 1)]),
        reason: "Spot market options in launch templates are not implemented yet")
    static let instanceRequirementsSchema = UnsupportedBlocks.marking(UnsupportedBlocks.instanceRequirements,
        reason: "attribute-based instance type selection is not implemented yet")

    static let blocks: [String: NestedBlockSchema] = [
        "block_device_mappings": NestedBlockSchema(.list, blockDeviceMappingSchema),
        "capacity_reservation_specification": NestedBlockSchema(.list, capacityReservationSchema, maxItems: 1),
        "cpu_options": NestedBlockSchema(.list, cpuOptionsSchema, maxItems: 1),
        "credit_specification": NestedBlockSchema(.list, creditSpecificationSchema, maxItems: 1),
        "enclave_options": NestedBlockSchema(.list, enclaveOptionsSchema, maxItems: 1),
        "hibernation_options": NestedBlockSchema(.list, hibernationOptionsSchema, maxItems: 1),
        "iam_instance_profile": NestedBlockSchema(.list, iamInstanceProfileSchema, maxItems: 1),
        "instance_market_options": NestedBlockSchema(.list, instanceMarketOptionsSchema, maxItems: 1),
        "instance_requirements": NestedBlockSchema(.list, instanceRequirementsSchema, maxItems: 1),
        "license_specification": NestedBlockSchema(.set, licenseSpecificationSchema),
        "maintenance_options": NestedBlockSchema(.list, maintenanceOptionsSchema, maxItems: 1),
        "metadata_options": NestedBlockSchema(.list, metadataOptionsSchema, maxItems: 1),
        "monitoring": NestedBlockSchema(.list, monitoringSchema, maxItems: 1),
        "network_interfaces": NestedBlockSchema(.list, networkInterfaceSchema),
        "placement": NestedBlockSchema(.list, placementSchema, maxItems: 1),
        "private_dns_name_options": NestedBlockSchema(.list, privateDNSNameOptionsSchema, maxItems: 1),
        "tag_specifications": NestedBlockSchema(.list, tagSpecificationSchema),
    ]

    /// Arguments that make up the template's data: changing any of them makes a new version.
    static let dataArguments: Set<String> = Set(blocks.keys).union([
        "description", "disable_api_stop", "disable_api_termination", "ebs_optimized", "image_id",
        "instance_initiated_shutdown_behavior", "instance_type", "kernel_id", "key_name", "ram_disk_id",
        "security_group_names", "user_data", "vpc_security_group_ids",
    ])

    static let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "description": AttributeSchema(.string, .optional),
            "default_version": AttributeSchema(.number, .optionalComputed),
            "latest_version": AttributeSchema(.number, .computed),
            "update_default_version": AttributeSchema(.bool, .optional),
            "disable_api_stop": AttributeSchema(.bool, .optional),
            "disable_api_termination": AttributeSchema(.bool, .optional),
            "ebs_optimized": AttributeSchema(.string, .optional),
            "image_id": AttributeSchema(.string, .optional),
            "instance_initiated_shutdown_behavior": AttributeSchema(.string, .optional),
            "instance_type": AttributeSchema(.string, .optional),
            "kernel_id": AttributeSchema(.string, .optional),
            "key_name": AttributeSchema(.string, .optional),
            "ram_disk_id": AttributeSchema(.string, .optional),
            "security_group_names": AttributeSchema(.set(.string), .optional),
            "user_data": AttributeSchema(.string, .optional),
            "vpc_security_group_ids": AttributeSchema(.set(.string), .optional),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: blocks),
        version: 1)
}
