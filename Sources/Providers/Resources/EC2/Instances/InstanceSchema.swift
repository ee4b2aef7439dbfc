import Provisioner
import ResourceGraph

/// The schema of `aws_instance`, as Terraform's provider declares it. Nearly every argument is
/// Optional+Computed: what the configuration leaves out, AWS decides and state shows.
enum InstanceSchema {
    static let rootBlockDevice = BlockSchema(attributes: [
        "delete_on_termination": AttributeSchema(.bool, .optional, default: .true),
        "device_name": AttributeSchema(.string, .computed),
        // Encryption cannot change in place; `InstanceResource.plan` asks for a replacement
        // (marking them forceNew would make any change of the block replace the instance).
        "encrypted": AttributeSchema(.bool, .optionalComputed),
        "iops": AttributeSchema(.number, .optionalComputed),
        "kms_key_id": AttributeSchema(.string, .optionalComputed),
        "tags": AttributeSchema(.map(.string), .optional),
        "tags_all": AttributeSchema(.map(.string), .computed),
        "throughput": AttributeSchema(.number, .optionalComputed),
        "volume_id": AttributeSchema(.string, .computed),
        "volume_size": AttributeSchema(.number, .optionalComputed),
        "volume_type": AttributeSchema(.string, .optionalComputed),
    ])
    static let ebsBlockDevice = BlockSchema(attributes: [
        "delete_on_termination": AttributeSchema(.bool, .optional, forceNew: true, default: .true),
        "device_name": AttributeSchema(.string, .required, forceNew: true),
        "encrypted": AttributeSchema(.bool, .optionalComputed, forceNew: true),
        "iops": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "kms_key_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "snapshot_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "tags": AttributeSchema(.map(.string), .optional),
        "tags_all": AttributeSchema(.map(.string), .computed),
        "throughput": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "volume_id": AttributeSchema(.string, .computed),
        "volume_size": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "volume_type": AttributeSchema(.string, .optionalComputed, forceNew: true),
    ])
    static let ephemeralBlockDevice = BlockSchema(attributes: [
        "device_name": AttributeSchema(.string, .required),
        "no_device": AttributeSchema(.bool, .optional),
        "virtual_name": AttributeSchema(.string, .optional),
    ])
    static let metadataOptions = BlockSchema(attributes: [
        "http_endpoint": AttributeSchema(.string, .optionalComputed),
        "http_protocol_ipv6": AttributeSchema(.string, .optionalComputed),
        "http_put_response_hop_limit": AttributeSchema(.number, .optionalComputed),
        "http_tokens": AttributeSchema(.string, .optionalComputed),
        "instance_metadata_tags": AttributeSchema(.string, .optionalComputed),
    ])
    static let creditSpecification = BlockSchema(attributes: ["cpu_credits": AttributeSchema(.string, .optional)])
    static let cpuOptions = BlockSchema(attributes: [
        "amd_sev_snp": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "core_count": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "nested_virtualization": AttributeSchema(.string, .optionalComputed, unsupported: "nested virtualization is not implemented yet"),
        "threads_per_core": AttributeSchema(.number, .optionalComputed, forceNew: true),
    ])
    static let enclaveOptions = BlockSchema(attributes: ["enabled": AttributeSchema(.bool, .optionalComputed, forceNew: true)])
    static let maintenanceOptions = BlockSchema(attributes: ["auto_recovery": AttributeSchema(.string, .optionalComputed)])
    static let privateDNSNameOptions = BlockSchema(attributes: [
        "enable_resource_name_dns_aaaa_record": AttributeSchema(.bool, .optionalComputed),
        "enable_resource_name_dns_a_record": AttributeSchema(.bool, .optionalComputed),
        "hostname_type": AttributeSchema(.string, .optionalComputed),
    ])
    static let launchTemplate = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "version": AttributeSchema(.string, .optional, default: .string("$Default")),
    ])
    static let capacityReservationSpecification = UnsupportedBlocks.marking(BlockSchema(
        attributes: ["capacity_reservation_preference": AttributeSchema(.string, .optional)],
        blocks: ["capacity_reservation_target": NestedBlockSchema(.list, BlockSchema(attributes: [
            "capacity_reservation_id": AttributeSchema(.string, .optional),
            "capacity_reservation_resource_group_arn": AttributeSchema(.string, .optional),
        ]), maxItems: 1)]), reason: notImplementedCapacityReservations)
    static let primaryNetworkInterface = UnsupportedBlocks.marking(BlockSchema(attributes: [
        "delete_on_termination": AttributeSchema(.bool, .computed),
        "network_interface_id": AttributeSchema(.string, .required),
    ]), reason: notImplementedInterfaces)

    static let notImplementedInterfaces = "launching with existing or secondary network interfaces is not implemented yet; use subnet_id and vpc_security_group_ids"
    static let notImplementedCapacityReservations = "capacity reservation targeting is not implemented yet"

    static let attributes: [String: AttributeSchema] = [
        "id": AttributeSchema(.string, .computed),
        "arn": AttributeSchema(.string, .computed),
        "ami": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "associate_public_ip_address": AttributeSchema(.bool, .optionalComputed, forceNew: true),
        "availability_zone": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "disable_api_stop": AttributeSchema(.bool, .optionalComputed),
        "disable_api_termination": AttributeSchema(.bool, .optionalComputed),
        "ebs_optimized": AttributeSchema(.bool, .optionalComputed, forceNew: true),
        "enable_primary_ipv6": AttributeSchema(.bool, .optionalComputed, unsupported: "primary IPv6 addresses are not implemented yet"),
        "force_destroy": AttributeSchema(.bool, .optional, default: .false),
        "get_password_data": AttributeSchema(.bool, .optional, default: .false),
        "hibernation": AttributeSchema(.bool, .optional, forceNew: true),
        "host_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "host_resource_group_arn": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "iam_instance_profile": AttributeSchema(.string, .optionalComputed),
        "instance_initiated_shutdown_behavior": AttributeSchema(.string, .optionalComputed),
        "instance_lifecycle": AttributeSchema(.string, .computed),
        "instance_state": AttributeSchema(.string, .computed),
        "instance_type": AttributeSchema(.string, .optionalComputed),
        "ipv6_address_count": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "ipv6_addresses": AttributeSchema(.list(.string), .optionalComputed, forceNew: true),
        "key_name": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "monitoring": AttributeSchema(.bool, .optionalComputed),
        "outpost_arn": AttributeSchema(.string, .computed),
        "password_data": AttributeSchema(.string, .computed),
        "placement_group": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "placement_group_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "placement_partition_number": AttributeSchema(.number, .optionalComputed, forceNew: true),
        "primary_network_interface_id": AttributeSchema(.string, .computed),
        "private_dns": AttributeSchema(.string, .computed),
        "private_ip": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "public_dns": AttributeSchema(.string, .computed),
        "public_ip": AttributeSchema(.string, .computed),
        "secondary_private_ips": AttributeSchema(.set(.string), .optionalComputed),
        "security_groups": AttributeSchema(.set(.string), .optionalComputed, forceNew: true),
        "source_dest_check": AttributeSchema(.bool, .optional, default: .true),
        "spot_instance_request_id": AttributeSchema(.string, .computed),
        "subnet_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "tenancy": AttributeSchema(.string, .optionalComputed, forceNew: true),
        "user_data": AttributeSchema(.string, .optionalComputed),
        "user_data_base64": AttributeSchema(.string, .optionalComputed),
        "user_data_replace_on_change": AttributeSchema(.bool, .optional, default: .false),
        "volume_tags": AttributeSchema(.map(.string), .optional),
        "vpc_security_group_ids": AttributeSchema(.set(.string), .optionalComputed),
    ].merging(AWSTags.schemaAttributes) { a, _ in a }

    static let blocks: [String: NestedBlockSchema] = [
        "capacity_reservation_specification": NestedBlockSchema(.list, capacityReservationSpecification, maxItems: 1),
        "cpu_options": NestedBlockSchema(.list, cpuOptions, maxItems: 1),
        "credit_specification": NestedBlockSchema(.list, creditSpecification, maxItems: 1),
        "ebs_block_device": NestedBlockSchema(.set, ebsBlockDevice),
        "enclave_options": NestedBlockSchema(.list, enclaveOptions, maxItems: 1),
        "ephemeral_block_device": NestedBlockSchema(.set, ephemeralBlockDevice, forceNew: true),
        "instance_market_options": NestedBlockSchema(.list, UnsupportedBlocks.marking(BlockSchema(
            attributes: ["market_type": AttributeSchema(.string, .optionalComputed)],
            blocks: ["spot_options": NestedBlockSchema(.list, BlockSchema(attributes: [
                "instance_interruption_behavior": AttributeSchema(.string, .optionalComputed),
                "max_price": AttributeSchema(.string, .optionalComputed),
                "spot_instance_type": AttributeSchema(.string, .optionalComputed),
                "valid_until": AttributeSchema(.string, .optionalComputed),
            ]), maxItems: 1)]), reason: "Spot and capacity-block instances are not implemented yet"), maxItems: 1, forceNew: true),
        "launch_template": NestedBlockSchema(.list, launchTemplate, maxItems: 1, forceNew: true),
        "maintenance_options": NestedBlockSchema(.list, maintenanceOptions, maxItems: 1),
        "metadata_options": NestedBlockSchema(.list, metadataOptions, maxItems: 1),
        "network_interface": NestedBlockSchema(.set, UnsupportedBlocks.marking(BlockSchema(attributes: [
            "delete_on_termination": AttributeSchema(.bool, .optional, default: .false),
            "device_index": AttributeSchema(.number, .required),
            "network_card_index": AttributeSchema(.number, .optional, default: .number(0)),
            "network_interface_id": AttributeSchema(.string, .required),
        ]), reason: notImplementedInterfaces), forceNew: true),
        "primary_network_interface": NestedBlockSchema(.list, primaryNetworkInterface, maxItems: 1, forceNew: true),
        "private_dns_name_options": NestedBlockSchema(.list, privateDNSNameOptions, maxItems: 1),
        "root_block_device": NestedBlockSchema(.list, rootBlockDevice, maxItems: 1),
        "secondary_network_interface": NestedBlockSchema(.set, UnsupportedBlocks.marking(BlockSchema(attributes: [
            "delete_on_termination": AttributeSchema(.bool, .optional, default: .true),
            "device_index": AttributeSchema(.number, .optional, default: .number(0)),
            "interface_type": AttributeSchema(.string, .optional, default: .string("secondary")),
            "network_card_index": AttributeSchema(.number, .required),
            "private_ip_address_count": AttributeSchema(.number, .optionalComputed),
            "private_ip_addresses": AttributeSchema(.list(.string), .optionalComputed),
            "secondary_subnet_id": AttributeSchema(.string, .required),
        ]), reason: notImplementedInterfaces), forceNew: true),
        "timeouts": Timeouts.block(create: true, update: true, delete: true, read: true),
    ]

    static let schema = ResourceTypeSchema(block: BlockSchema(attributes: attributes, blocks: blocks), version: 1)

    /// Blocks AWS reports whether or not the configuration has them; left out of the
    /// configuration, they keep what was read (Optional+Computed, or a suppressed diff for
    /// `credit_specification`, which the provider only checks for drift when it is configured).
    static let keptWhenUnconfigured = [
        "capacity_reservation_specification", "cpu_options", "credit_specification", "ebs_block_device", "enclave_options",
        "ephemeral_block_device", "maintenance_options", "metadata_options", "primary_network_interface", "private_dns_name_options",
        "root_block_device",
    ]
}
