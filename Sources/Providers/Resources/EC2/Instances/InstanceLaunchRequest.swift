import Foundation
import Provisioner
import ResourceGraph

/// An `aws_instance`'s arguments as the RunInstances request the provider sends. Arguments the
/// configuration leaves out are unknown in the plan and are left out of the request, so that
/// AWS (or the launch template) decides them.
enum InstanceLaunchRequest {
    /// What the request needs beyond the planned object: looked up from AWS beforehand.
    struct Lookups {
        /// The AMI's root device name, for `root_block_device` (nil when there is none).
        var rootDeviceName: String?
        /// Whether the instance type earns CPU credits (T2, T3, T4g), which a configured
        /// `credit_specification` applies to.
        var burstable: Bool
    }

    static func parameters(_ planned: Value, lookups: Lookups, clientToken: String?) throws -> QueryParameters {
        var parameters = QueryParameters()
        parameters.set("ImageId", text(planned, "ami"))
        parameters.set("InstanceType", text(planned, "instance_type"))
        parameters.set("MinCount", 1)
        parameters.set("MaxCount", 1)
        parameters.set("ClientToken", clientToken)
        parameters.set("KeyName", text(planned, "key_name"))
        parameters.set("InstanceInitiatedShutdownBehavior", text(planned, "instance_initiated_shutdown_behavior"))
        parameters.set("EbsOptimized", planned.bool("ebs_optimized") ?? false)
        parameters.set("DisableApiTermination", planned.bool("disable_api_termination") ?? false)
        if planned.bool("disable_api_stop") == true { parameters.set("DisableApiStop", true) }
        parameters.set("Monitoring", QueryParameters { $0.set("Enabled", planned.bool("monitoring") ?? false) })
        if let profile = text(planned, "iam_instance_profile") {
            parameters.set("IamInstanceProfile", QueryParameters { $0.set("Name", profile) })
        }
        if let userData = text(planned, "user_data") {
            parameters.set("UserData", UserData.base64(userData))
        } else if let encoded = text(planned, "user_data_base64") {
            parameters.set("UserData", encoded)
        }
        if let hibernation = planned.bool("hibernation") {
            parameters.set("HibernationOptions", QueryParameters { $0.set("Configured", hibernation) })
        }
        parameters.set("Placement", placement(planned))
        parameters.set("LaunchTemplate", launchTemplate(planned))
        parameters.set("CreditSpecification", creditSpecification(planned, burstable: lookups.burstable))
        parameters.set("MetadataOptions", metadataOptions(planned))
        parameters.set("CpuOptions", cpuOptions(planned))
        if let block = planned.objects("enclave_options").first, let enabled = block.bool("enabled") {
            parameters.set("EnclaveOptions", QueryParameters { $0.set("Enabled", enabled) })
        }
        if let block = planned.objects("maintenance_options").first, let recovery = text(block, "auto_recovery") {
            parameters.set("MaintenanceOptions", QueryParameters { $0.set("AutoRecovery", recovery) })
        }
        parameters.set("PrivateDnsNameOptions", privateDNSNameOptions(planned))
        setNetwork(&parameters, planned)
        let mappings = try blockDeviceMappings(planned, rootDeviceName: lookups.rootDeviceName)
        if !mappings.isEmpty { parameters.setList("BlockDeviceMapping", mappings) }
        var specifications: [QueryParameters] = []
        for (resourceType, tags) in [("instance", planned.stringMap("tags_all") ?? [:]), ("volume", planned.stringMap("volume_tags") ?? [:])] where !tags.isEmpty {
            specifications.append(QueryParameters { $0.set("ResourceType", resourceType); $0.setTags("Tag", tags) })
        }
        if !specifications.isEmpty { parameters.setList("TagSpecification", specifications) }
        return parameters
    }

    // MARK: Network

    /// With a subnet, the primary network interface is described in full (subnet, groups,
    /// addresses), as AWS requires for a public address; without one, the instance-level
    /// members are used (a default VPC, where `security_groups` may name groups).
    static func setNetwork(_ parameters: inout QueryParameters, _ planned: Value) {
        let groupNames = planned.stringList("security_groups") ?? []
        let groupIDs = planned.stringList("vpc_security_group_ids") ?? []
        let ipv6Addresses = planned.stringList("ipv6_addresses") ?? []
        let ipv6Count = planned.int("ipv6_address_count").flatMap { $0 == 0 ? nil : $0 }
        guard let subnet = text(planned, "subnet_id") else {
            parameters.set("PrivateIpAddress", text(planned, "private_ip"))
            if !groupNames.isEmpty { parameters.setList("SecurityGroup", groupNames.sorted()) }
            if !groupIDs.isEmpty { parameters.setList("SecurityGroupId", groupIDs.sorted()) }
            parameters.set("Ipv6AddressCount", ipv6Count)
            if !ipv6Addresses.isEmpty { parameters.setList("Ipv6Address", ipv6Addresses.map { address in QueryParameters { $0.set("Ipv6Address", address) } }) }
            return
        }
        let interface = QueryParameters { interface in
            interface.set("DeviceIndex", 0)
            interface.set("SubnetId", subnet)
            // Names given in a VPC are passed on as they are, as the provider does (AWS then
            // says whether it takes them).
            let groups = groupNames.sorted() + groupIDs.sorted()
            if !groups.isEmpty { interface.setList("SecurityGroupId", groups) }
            interface.set("AssociatePublicIpAddress", planned.bool("associate_public_ip_address"))
            interface.set("PrivateIpAddress", text(planned, "private_ip"))
            let secondary = planned.stringList("secondary_private_ips") ?? []
            if !secondary.isEmpty {
                interface.setList("PrivateIpAddresses", secondary.sorted().map { address in QueryParameters { $0.set("PrivateIpAddress", address) } })
            }
            interface.set("Ipv6AddressCount", ipv6Count)
            if !ipv6Addresses.isEmpty {
                interface.setList("Ipv6Addresses", ipv6Addresses.map { address in QueryParameters { $0.set("Ipv6Address", address) } })
            }
        }
        parameters.setList("NetworkInterface", [interface])
    }

    // MARK: Block devices

    /// `BlockDeviceMapping.N`: EBS devices, ephemeral devices, then the root device under the
    /// AMI's root device name. IOPS and throughput are refused for volume types that do not
    /// take them, as the provider refuses them.
    static func blockDeviceMappings(_ planned: Value, rootDeviceName: String?) throws -> [QueryParameters] {
        var mappings: [QueryParameters] = []
        for device in planned.objects("ebs_block_device") {
            let ebs = try InstanceLaunchRequest.ebs(device, kind: "ebs_block_device")
            mappings.append(QueryParameters { mapping in
                mapping.set("DeviceName", device.string("device_name"))
                mapping.set("Ebs", ebs)
            })
        }
        for device in planned.objects("ephemeral_block_device") {
            let noDevice = device.bool("no_device") == true
            let virtual = text(device, "virtual_name")
            if !noDevice, virtual == nil {
                throw ProviderError("Invalid ephemeral_block_device", detail: "virtual_name cannot be empty when no_device is false or undefined.")
            }
            mappings.append(QueryParameters { mapping in
                mapping.set("DeviceName", device.string("device_name"))
                if noDevice { mapping.set("NoDevice", "") } else { mapping.set("VirtualName", virtual) }
            })
        }
        if let root = planned.objects("root_block_device").first {
            guard let rootDeviceName else {
                throw ProviderError("Invalid root_block_device", detail: "Expected 1 AMI for ID: \(text(planned, "ami") ?? "(from the launch template)"), got none")
            }
            let ebs = try InstanceLaunchRequest.ebs(root, kind: "root_block_device")
            mappings.append(QueryParameters { mapping in
                mapping.set("DeviceName", rootDeviceName)
                mapping.set("Ebs", ebs)
            })
        }
        return mappings
    }

    private static func ebs(_ device: Value, kind: String) throws -> QueryParameters {
        var ebs = QueryParameters()
        ebs.set("DeleteOnTermination", device.bool("delete_on_termination") ?? true)
        ebs.set("SnapshotId", text(device, "snapshot_id"))
        if device.bool("encrypted") == true { ebs.set("Encrypted", true) }
        ebs.set("KmsKeyId", text(device, "kms_key_id"))
        if let size = device.int("volume_size"), size != 0 { ebs.set("VolumeSize", size) }
        if let type = text(device, "volume_type") {
            ebs.set("VolumeType", type)
            let lowered = type.lowercased()
            if let iops = device.int("iops"), iops > 0 {
                guard ["io1", "io2", "gp3"].contains(lowered) else {
                    throw ProviderError("Invalid \(kind)", detail: "iops attribute not supported for \(kind) with volume_type \(type)")
                }
                ebs.set("Iops", iops)
            }
            if let throughput = device.int("throughput"), throughput > 0 {
                guard lowered == "gp3" else {
                    throw ProviderError("Invalid \(kind)", detail: "throughput attribute not supported for \(kind) with volume_type \(type)")
                }
                ebs.set("Throughput", throughput)
            }
        }
        return ebs
    }

    // MARK: Options

    private static func placement(_ planned: Value) -> QueryParameters? {
        var placement = QueryParameters()
        var any = false
        func put(_ name: String, _ value: String?) {
            guard let value else { return }
            placement.set(name, value)
            any = true
        }
        put("AvailabilityZone", text(planned, "availability_zone"))
        put("GroupName", text(planned, "placement_group"))
        put("GroupId", text(planned, "placement_group_id"))
        put("Tenancy", text(planned, "tenancy"))
        put("HostId", text(planned, "host_id"))
        put("HostResourceGroupArn", text(planned, "host_resource_group_arn"))
        if let partition = planned.int("placement_partition_number"), partition != 0 {
            placement.set("PartitionNumber", partition)
            any = true
        }
        return any ? placement : nil
    }

    private static func launchTemplate(_ planned: Value) -> QueryParameters? {
        guard let block = planned.objects("launch_template").first else { return nil }
        return QueryParameters { spec in
            // The API takes an id or a name, not both.
            if let id = text(block, "id") { spec.set("LaunchTemplateId", id) } else { spec.set("LaunchTemplateName", text(block, "name")) }
            spec.set("Version", text(block, "version"))
        }
    }

    /// T3 instances are launched "unlimited" unless configured otherwise, as the provider
    /// launches them; a configured credit specification applies to burstable types only.
    private static func creditSpecification(_ planned: Value, burstable: Bool) -> QueryParameters? {
        var credits: String?
        if text(planned, "instance_type")?.hasPrefix("t3") == true { credits = "unlimited" }
        if let block = planned.objects("credit_specification").first, burstable, let configured = text(block, "cpu_credits") {
            credits = configured
        }
        return credits.map { value in QueryParameters { $0.set("CpuCredits", value) } }
    }

    /// The hop limit, tokens and tags settings are only accepted with the endpoint enabled
    /// (enabled is also AWS's default when the endpoint is left out).
    static func metadataOptions(_ planned: Value) -> QueryParameters? {
        guard let block = planned.objects("metadata_options").first else { return nil }
        let endpoint = text(block, "http_endpoint")
        return QueryParameters { options in
            options.set("HttpEndpoint", endpoint)
            options.set("HttpProtocolIpv6", text(block, "http_protocol_ipv6"))
            guard endpoint == nil || endpoint == "enabled" else { return }
            options.set("HttpTokens", text(block, "http_tokens"))
            if let limit = block.int("http_put_response_hop_limit"), limit != 0 { options.set("HttpPutResponseHopLimit", limit) }
            options.set("InstanceMetadataTags", text(block, "instance_metadata_tags"))
        }
    }

    private static func cpuOptions(_ planned: Value) -> QueryParameters? {
        guard let block = planned.objects("cpu_options").first else { return nil }
        let cores = block.int("core_count").flatMap { $0 > 0 ? $0 : nil }
        let threads = block.int("threads_per_core").flatMap { $0 > 0 ? $0 : nil }
        let sev = text(block, "amd_sev_snp")
        guard cores != nil || threads != nil || sev != nil else { return nil }
        return QueryParameters { options in
            options.set("CoreCount", cores)
            options.set("ThreadsPerCore", threads)
            options.set("AmdSevSnp", sev)
        }
    }

    private static func privateDNSNameOptions(_ planned: Value) -> QueryParameters? {
        guard let block = planned.objects("private_dns_name_options").first else { return nil }
        return QueryParameters { options in
            options.set("HostnameType", text(block, "hostname_type"))
            options.set("EnableResourceNameDnsARecord", block.bool("enable_resource_name_dns_a_record"))
            options.set("EnableResourceNameDnsAAAARecord", block.bool("enable_resource_name_dns_aaaa_record"))
        }
    }

    /// A known, non-empty string argument.
    static func text(_ object: Value, _ name: String) -> String? {
        guard let value = object.string(name), !value.isEmpty else { return nil }
        return value
    }
}
