import Foundation
import Provisioner
import ResourceGraph

/// An `aws_launch_template`'s arguments as the `LaunchTemplateData` structure that
/// CreateLaunchTemplate and CreateLaunchTemplateVersion take (EC2 wire names).
enum LaunchTemplateData {
    static func request(_ planned: Value) -> QueryParameters {
        var data = QueryParameters()
        // Always at least one field, as the provider sends: an empty template is refused.
        data.set("UserData", planned.string("user_data") ?? "")
        data.set("InstanceType", text(planned, "instance_type"))
        let mappings = planned.objects("block_device_mappings").map(blockDeviceMapping)
        if !mappings.isEmpty { data.setList("BlockDeviceMapping", mappings) }
        if let block = planned.objects("capacity_reservation_specification").first {
            data.set("CapacityReservationSpecification", QueryParameters { spec in
                spec.set("CapacityReservationPreference", text(block, "capacity_reservation_preference"))
                if let target = block.objects("capacity_reservation_target").first {
                    spec.set("CapacityReservationTarget", QueryParameters {
                        $0.set("CapacityReservationId", text(target, "capacity_reservation_id"))
                        $0.set("CapacityReservationResourceGroupArn", text(target, "capacity_reservation_resource_group_arn"))
                    })
                }
            })
        }
        if let block = planned.objects("cpu_options").first {
            data.set("CpuOptions", QueryParameters {
                $0.set("AmdSevSnp", text(block, "amd_sev_snp"))
                $0.set("CoreCount", nonZero(block, "core_count"))
                $0.set("ThreadsPerCore", nonZero(block, "threads_per_core"))
            })
        }
        if let block = planned.objects("credit_specification").first, let credits = text(block, "cpu_credits") {
            data.set("CreditSpecification", QueryParameters { $0.set("CpuCredits", credits) })
        }
        if planned.bool("disable_api_stop") == true { data.set("DisableApiStop", true) }
        if planned.bool("disable_api_termination") == true { data.set("DisableApiTermination", true) }
        data.set("EbsOptimized", stringBool(planned, "ebs_optimized"))
        if let block = planned.objects("enclave_options").first {
            data.set("EnclaveOptions", QueryParameters { $0.set("Enabled", block.bool("enabled") ?? false) })
        }
        if let block = planned.objects("hibernation_options").first {
            data.set("HibernationOptions", QueryParameters { $0.set("Configured", block.bool("configured") ?? false) })
        }
        if let block = planned.objects("iam_instance_profile").first {
            data.set("IamInstanceProfile", QueryParameters {
                $0.set("Arn", text(block, "arn"))
                $0.set("Name", text(block, "name"))
            })
        }
        data.set("ImageId", text(planned, "image_id"))
        data.set("InstanceInitiatedShutdownBehavior", text(planned, "instance_initiated_shutdown_behavior"))
        data.set("KernelId", text(planned, "kernel_id"))
        data.set("KeyName", text(planned, "key_name"))
        let licenses = planned.objects("license_specification").compactMap { text($0, "license_configuration_arn") }
        if !licenses.isEmpty {
            data.setList("LicenseSpecification", licenses.sorted().map { arn in QueryParameters { $0.set("LicenseConfigurationArn", arn) } })
        }
        if let block = planned.objects("maintenance_options").first {
            data.set("MaintenanceOptions", QueryParameters { $0.set("AutoRecovery", text(block, "auto_recovery")) })
        }
        if let block = planned.objects("metadata_options").first {
            data.set("MetadataOptions", QueryParameters {
                $0.set("HttpEndpoint", text(block, "http_endpoint"))
                $0.set("HttpProtocolIpv6", text(block, "http_protocol_ipv6"))
                $0.set("HttpPutResponseHopLimit", nonZero(block, "http_put_response_hop_limit"))
                $0.set("HttpTokens", text(block, "http_tokens"))
                $0.set("InstanceMetadataTags", text(block, "instance_metadata_tags"))
            })
        }
        if let block = planned.objects("monitoring").first {
            data.set("Monitoring", QueryParameters { $0.set("Enabled", block.bool("enabled") ?? false) })
        }
        let interfaces = planned.objects("network_interfaces").map(networkInterface)
        if !interfaces.isEmpty { data.setList("NetworkInterface", interfaces) }
        if let block = planned.objects("placement").first {
            data.set("Placement", QueryParameters {
                $0.set("Affinity", text(block, "affinity"))
                $0.set("AvailabilityZone", text(block, "availability_zone"))
                $0.set("GroupId", text(block, "group_id"))
                $0.set("GroupName", text(block, "group_name"))
                $0.set("HostId", text(block, "host_id"))
                $0.set("HostResourceGroupArn", text(block, "host_resource_group_arn"))
                $0.set("PartitionNumber", nonZero(block, "partition_number"))
                $0.set("SpreadDomain", text(block, "spread_domain"))
                $0.set("Tenancy", text(block, "tenancy"))
            })
        }
        if let block = planned.objects("private_dns_name_options").first {
            data.set("PrivateDnsNameOptions", QueryParameters {
                $0.set("EnableResourceNameDnsAAAARecord", block.bool("enable_resource_name_dns_aaaa_record") ?? false)
                $0.set("EnableResourceNameDnsARecord", block.bool("enable_resource_name_dns_a_record") ?? false)
                $0.set("HostnameType", text(block, "hostname_type"))
            })
        }
        data.set("RamDiskId", text(planned, "ram_disk_id"))
        if let names = planned.stringList("security_group_names"), !names.isEmpty { data.setList("SecurityGroup", names.sorted()) }
        let specifications = planned.objects("tag_specifications").map { block in
            QueryParameters { spec in
                spec.set("ResourceType", text(block, "resource_type"))
                spec.setTags("Tag", block.stringMap("tags") ?? [:])
            }
        }
        if !specifications.isEmpty { data.setList("TagSpecification", specifications) }
        if let ids = planned.stringList("vpc_security_group_ids"), !ids.isEmpty { data.setList("SecurityGroupId", ids.sorted()) }
        return data
    }

    private static func blockDeviceMapping(_ block: Value) -> QueryParameters {
        QueryParameters { mapping in
            mapping.set("DeviceName", text(block, "device_name"))
            mapping.set("NoDevice", text(block, "no_device"))
            mapping.set("VirtualName", text(block, "virtual_name"))
            guard let ebs = block.objects("ebs").first else { return }
            mapping.set("Ebs", QueryParameters {
                $0.set("DeleteOnTermination", stringBool(ebs, "delete_on_termination"))
                $0.set("Encrypted", stringBool(ebs, "encrypted"))
                $0.set("Iops", nonZero(ebs, "iops"))
                $0.set("KmsKeyId", text(ebs, "kms_key_id"))
                $0.set("SnapshotId", text(ebs, "snapshot_id"))
                $0.set("Throughput", nonZero(ebs, "throughput"))
                $0.set("VolumeSize", nonZero(ebs, "volume_size"))
                $0.set("VolumeType", text(ebs, "volume_type"))
            })
        }
    }

    private static func networkInterface(_ block: Value) -> QueryParameters {
        QueryParameters { interface in
            interface.set("AssociateCarrierIpAddress", stringBool(block, "associate_carrier_ip_address"))
            interface.set("AssociatePublicIpAddress", stringBool(block, "associate_public_ip_address"))
            interface.set("DeleteOnTermination", stringBool(block, "delete_on_termination"))
            interface.set("Description", text(block, "description"))
            interface.set("DeviceIndex", block.int("device_index"))
            interface.set("InterfaceType", text(block, "interface_type"))
            interface.set("NetworkCardIndex", nonZero(block, "network_card_index"))
            interface.set("NetworkInterfaceId", text(block, "network_interface_id"))
            interface.set("PrimaryIpv6", stringBool(block, "primary_ipv6"))
            interface.set("PrivateIpAddress", text(block, "private_ip_address"))
            interface.set("SubnetId", text(block, "subnet_id"))
            if let groups = block.stringList("security_groups"), !groups.isEmpty { interface.setList("SecurityGroupId", groups.sorted()) }
            if let addresses = block.stringList("ipv4_addresses"), !addresses.isEmpty {
                interface.setList("PrivateIpAddresses", addresses.sorted().map { address in QueryParameters {
                    $0.set("PrivateIpAddress", address)
                    $0.set("Primary", false)
                } })
            }
            interface.set("SecondaryPrivateIpAddressCount", nonZero(block, "ipv4_address_count"))
            if let addresses = block.stringList("ipv6_addresses"), !addresses.isEmpty {
                interface.setList("Ipv6Addresses", addresses.sorted().map { address in QueryParameters { $0.set("Ipv6Address", address) } })
            }
            interface.set("Ipv6AddressCount", nonZero(block, "ipv6_address_count"))
        }
    }

    /// A string argument, left out when unset or empty.
    static func text(_ object: Value, _ name: String) -> String? {
        guard let value = object.string(name), !value.isEmpty else { return nil }
        return value
    }

    private static func nonZero(_ object: Value, _ name: String) -> Int? {
        guard let value = object.int(name), value != 0 else { return nil }
        return value
    }

    /// The provider's string booleans: "" leaves the member out.
    static func stringBool(_ object: Value, _ name: String) -> Bool? {
        guard let value = object.string(name), !value.isEmpty else { return nil }
        return value == "true" || value == "1"
    }
}
