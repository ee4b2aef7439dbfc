import Foundation
import Provisioner
import ResourceGraph

/// Reading an instance into every attribute of `aws_instance`, as the provider's read does:
/// DescribeInstances, the instance attributes only DescribeInstanceAttribute tells, its
/// volumes, its credit specification (for burstable types) and its launch template.
enum InstanceReading {
    static func read(_ id: String, current: Value, in context: AWSContext) async throws -> Value? {
        guard let (instance, owner) = try await InstanceStates.describe(id, in: context) else { return nil }
        // A terminated instance stays visible for a while; to Terraform it is gone.
        let state = InstanceStates.state(of: instance)
        guard state != "terminated" else { return nil }

        async let terminationProtection = attribute(id, "disableApiTermination", in: context)
        async let stopProtection = attribute(id, "disableApiStop", in: context)
        async let shutdownBehavior = attribute(id, "instanceInitiatedShutdownBehavior", in: context)
        async let userData = attribute(id, "userData", in: context)
        async let blockDevices = InstanceBlockDevices.read(instance, current: current, in: context)
        async let credits = creditSpecification(instance, id: id, current: current, in: context)
        async let template = InstanceTemplateLink.block(instance, current: current, in: context)
        async let groups = securityGroups(instance, in: context)
        async let password = passwordData(id, current: current, in: context)

        let placement = instance.child("placement")
        let profileARN = instance.string("iamInstanceProfile", "arn")
        let monitoring = instance.string("monitoring", "state")
        let tags = EC2.tags(of: instance).filter { !$0.key.hasPrefix("aws:") }
        var attributes: [String: Value] = [
            "id": .string(id),
            "arn": .string(EC2.arn(context, owner: owner, resource: "instance/\(id)")),
            "ami": .string(instance.string("imageId")),
            "instance_type": .string(instance.string("instanceType")),
            "instance_state": .string(state),
            "availability_zone": .string(placement?.string("availabilityZone") ?? ""),
            "placement_group": .string(placement?.string("groupName") ?? ""),
            "placement_group_id": .string(placement?.string("groupId") ?? ""),
            "placement_partition_number": .number(placement?.child("partitionNumber")?.intValue ?? 0),
            "tenancy": .string(placement?.string("tenancy") ?? ""),
            "host_id": .string(placement?.string("hostId") ?? ""),
            "host_resource_group_arn": .string(placement?.string("hostResourceGroupArn") ?? ""),
            "key_name": .string(instance.string("keyName") ?? ""),
            "public_dns": .string(instance.string("dnsName") ?? ""),
            "public_ip": .string(instance.string("ipAddress") ?? ""),
            "private_dns": .string(instance.string("privateDnsName") ?? ""),
            "private_ip": .string(instance.string("privateIpAddress") ?? ""),
            "outpost_arn": .string(instance.string("outpostArn") ?? ""),
            "instance_lifecycle": .string(instance.string("instanceLifecycle") ?? ""),
            "spot_instance_request_id": .string(instance.string("spotInstanceRequestId") ?? ""),
            "iam_instance_profile": .string(profileARN.map(profileName) ?? ""),
            "ebs_optimized": .bool(instance.child("ebsOptimized")?.boolValue ?? false),
            "monitoring": .bool(monitoring == "enabled" || monitoring == "pending"),
            // Only the configuration knows these.
            "force_destroy": kept(current, "force_destroy", .false),
            "user_data_replace_on_change": kept(current, "user_data_replace_on_change", .false),
            "get_password_data": kept(current, "get_password_data", .false),
            "timeouts": kept(current, "timeouts", .null(Timeouts.valueType)),
            "ephemeral_block_device": kept(current, "ephemeral_block_device", .set([], of: InstanceSchema.ephemeralBlockDevice.valueType)),
            // Not implemented (see the schema): never configured, so reported empty.
            "network_interface": .set([], of: InstanceSchema.blocks["network_interface"]!.block.valueType),
            "secondary_network_interface": .set([], of: InstanceSchema.blocks["secondary_network_interface"]!.block.valueType),
            "instance_market_options": .list([], of: InstanceSchema.blocks["instance_market_options"]!.block.valueType),
        ]
        attributes.merge(InstanceOptionBlocks.attributes(of: instance)) { _, new in new }
        attributes["hibernation"] = instance.path("hibernationOptions", "configured")?.boolValue.map(Value.bool) ?? kept(current, "hibernation", .null(.bool))
        attributes.merge(networkAttributes(instance)) { _, new in new }
        attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }

        let (ids, names) = try await groups
        attributes["vpc_security_group_ids"] = .stringSet(ids.sorted())
        attributes["security_groups"] = .stringSet(names.sorted())
        attributes["disable_api_termination"] = .bool(try await terminationProtection?.boolValue ?? false)
        attributes["disable_api_stop"] = .bool(try await stopProtection?.boolValue ?? false)
        attributes["instance_initiated_shutdown_behavior"] = .string(try await shutdownBehavior?.text ?? "")
        attributes.merge(userDataAttributes(try await userData?.text, current: current)) { _, new in new }
        attributes["credit_specification"] = try await credits
        attributes["launch_template"] = try await template
        attributes["password_data"] = try await password

        let blocks = try await blockDevices
        attributes["root_block_device"] = InstanceBlockDevices.rootValue(blocks)
        attributes["ebs_block_device"] = InstanceBlockDevices.ebsValue(blocks)
        if let configured = current.stringMap("volume_tags"), !configured.isEmpty, !blockTagsConfigured(current) {
            attributes["volume_tags"] = .stringMap(InstanceBlockDevices.commonTags(blocks))
        } else {
            attributes["volume_tags"] = kept(current, "volume_tags", .null(.map(.string)))
        }
        return .object(attributes)
    }

    // MARK: Network

    /// The primary network interface (device index 0) says the subnet, addresses, source/dest
    /// check and whether a public address is associated.
    static func networkAttributes(_ instance: XMLNode) -> [String: Value] {
        let primary = primaryInterface(instance)
        var attributes: [String: Value] = [
            "primary_network_interface": InstanceOptionBlocks.primaryNetworkInterface(primary),
        ]
        if let primary {
            let addresses = primary.all("privateIpAddressesSet", "item")
            let ipv6 = primary.all("ipv6AddressesSet", "item").compactMap { $0.string("ipv6Address") }
            attributes["subnet_id"] = .string(primary.string("subnetId") ?? instance.string("subnetId") ?? "")
            attributes["primary_network_interface_id"] = .string(primary.string("networkInterfaceId") ?? "")
            attributes["associate_public_ip_address"] = .bool(primary.child("association")?.string("publicIp") != nil)
            attributes["secondary_private_ips"] = .stringSet(addresses.filter { $0.child("primary")?.boolValue != true }.compactMap { $0.string("privateIpAddress") }.sorted())
            attributes["ipv6_address_count"] = .number(ipv6.count)
            attributes["ipv6_addresses"] = .stringList(ipv6)
            attributes["source_dest_check"] = .bool(primary.child("sourceDestCheck")?.boolValue ?? true)
            attributes["enable_primary_ipv6"] = .bool(primary.all("ipv6AddressesSet", "item").contains { $0.child("isPrimaryIpv6")?.boolValue == true })
        } else {
            attributes["subnet_id"] = .string(instance.string("subnetId") ?? "")
            attributes["primary_network_interface_id"] = .string("")
            attributes["associate_public_ip_address"] = .bool(instance.string("ipAddress") != nil)
            attributes["secondary_private_ips"] = .stringSet([])
            attributes["ipv6_address_count"] = .number(0)
            attributes["ipv6_addresses"] = .stringList([])
            attributes["source_dest_check"] = .bool(true)
            attributes["enable_primary_ipv6"] = .bool(false)
        }
        // The instance's own setting wins for an instance in a subnet, as in the provider.
        if !(instance.string("subnetId") ?? "").isEmpty, let check = instance.child("sourceDestCheck")?.boolValue {
            attributes["source_dest_check"] = .bool(check)
        }
        return attributes
    }

    static func primaryInterface(_ instance: XMLNode) -> XMLNode? {
        instance.all("networkInterfaceSet", "item").first { $0.path("attachment", "deviceIndex")?.intValue == 0 }
    }

    /// Security group ids for an instance in a subnet, names for one outside (or in a default
    /// VPC, where both are kept so the configuration can use either). The groups are those of
    /// the primary network interface, which is where they are set and changed.
    static func securityGroups(_ instance: XMLNode, in context: AWSContext) async throws -> (ids: [String], names: [String]) {
        let hasSubnet = !(instance.string("subnetId") ?? "").isEmpty
        var useNames = !hasSubnet
        if let vpc = instance.string("vpcId"), !vpc.isEmpty {
            useNames = try await EC2.describeOne("DescribeVpcs", idParameter: "VpcId", id: vpc, set: "vpcSet", in: context)?.child("isDefault")?.boolValue ?? false
        }
        let groups = primaryInterface(instance)?.all("groupSet", "item") ?? instance.all("groupSet", "item")
        return (hasSubnet ? groups.compactMap { $0.string("groupId") } : [], useNames ? groups.compactMap { $0.string("groupName") } : [])
    }

    // MARK: Attributes only DescribeInstanceAttribute reports

    private static func attribute(_ id: String, _ name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.set("InstanceId", id)
        parameters.set("Attribute", name)
        return try await context.client.query(.ec2, action: "DescribeInstanceAttribute", parameters: parameters).path(name, "value")
    }

    /// User data goes into whichever of `user_data` (as its SHA-1) and `user_data_base64` the
    /// configuration uses; the other keeps what it had.
    static func userDataAttributes(_ encoded: String?, current: Value) -> [String: Value] {
        var attributes: [String: Value] = [
            "user_data": kept(current, "user_data", .null(.string)),
            "user_data_base64": kept(current, "user_data_base64", .null(.string)),
        ]
        guard let encoded, !encoded.isEmpty else { return attributes }
        if let configured = current.string("user_data_base64"), !configured.isEmpty {
            attributes["user_data_base64"] = .string(encoded)
        } else {
            attributes["user_data"] = .string(UserData.hashSum(encoded))
        }
        return attributes
    }

    // MARK: Credit specification and password

    /// Read for burstable instance types only (others refuse the call); for other types the
    /// block keeps what it had.
    private static func creditSpecification(_ instance: XMLNode, id: String, current: Value, in context: AWSContext) async throws -> Value {
        let kept = kept(current, "credit_specification", .list([], of: InstanceSchema.creditSpecification.valueType))
        guard let type = instance.string("instanceType"), try await burstable(type, in: context) else { return kept }
        var parameters = QueryParameters()
        parameters.setList("InstanceId", [id])
        do {
            let response = try await context.client.query(.ec2, action: "DescribeInstanceCreditSpecifications", parameters: parameters)
            guard let credits = response.all("instanceCreditSpecificationSet", "item").first?.string("cpuCredits") else {
                return .list([], of: InstanceSchema.creditSpecification.valueType)
            }
            return .list([.object(["cpu_credits": .string(credits)])], of: InstanceSchema.creditSpecification.valueType)
        } catch let error as AWSError where error.code == "UnsupportedOperation" {
            // Partitions without credit specifications (China, GovCloud).
            return kept
        }
    }

    static func burstable(_ instanceType: String, in context: AWSContext) async throws -> Bool {
        var parameters = QueryParameters()
        parameters.setList("InstanceType", [instanceType])
        let response = try await context.client.query(.ec2, action: "DescribeInstanceTypes", parameters: parameters)
        return response.all("instanceTypeSet", "item").first?.child("burstablePerformanceSupported")?.boolValue ?? false
    }

    /// With `get_password_data`, the Windows password data, waited for until AWS has it.
    private static func passwordData(_ id: String, current: Value, in context: AWSContext) async throws -> Value {
        guard current.bool("get_password_data") == true else { return .null(.string) }
        let waiter = EC2.waiter(timeout: .seconds(900), in: context)
        return try await waiter.wait(for: "EC2 Instance \(id) password data", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Value> in
            var parameters = QueryParameters()
            parameters.set("InstanceId", id)
            let data = try await context.client.query(.ec2, action: "GetPasswordData", parameters: parameters).string("passwordData")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return data.isEmpty ? .pending("password data is blank") : .done(.string(data))
        }
    }

    // MARK: Helpers

    /// What state had for an attribute AWS does not report, or `fallback` when that is not
    /// known (an unset Optional+Computed argument is unknown in the plan a create reads back).
    static func kept(_ current: Value, _ name: String, _ fallback: Value) -> Value {
        guard let value = current[attribute: name], value.isWhollyKnown else { return fallback }
        return value
    }

    /// `arn:aws:iam::123456789012:instance-profile/path/name` → `name`.
    static func profileName(_ arn: String) -> String {
        String(arn.split(separator: "/").last ?? "")
    }

    static func blockTagsConfigured(_ object: Value) -> Bool {
        (object.objects("root_block_device") + object.objects("ebs_block_device")).contains { !($0.stringMap("tags") ?? [:]).isEmpty }
    }
}
