import Foundation
import Provisioner
import ResourceGraph

/// `aws_eip`: an Elastic IP address in the VPC domain, optionally associated with an instance
/// or a network interface. Import id: the allocation id (`eipalloc-…`).
struct EIPResource: AWSResourceType {
    static let displayName = "EC2 EIP"
    static let typeName = "aws_eip"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "address": AttributeSchema(.string, .optional, forceNew: true),
            "allocation_id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "associate_with_private_ip": AttributeSchema(.string, .optional),
            "association_id": AttributeSchema(.string, .computed),
            "carrier_ip": AttributeSchema(.string, .computed),
            "customer_owned_ip": AttributeSchema(.string, .computed),
            "customer_owned_ipv4_pool": AttributeSchema(.string, .optional),
            "domain": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "instance": AttributeSchema(.string, .optionalComputed),
            "ipam_pool_id": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "network_border_group": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "network_interface": AttributeSchema(.string, .optionalComputed),
            "private_dns": AttributeSchema(.string, .computed),
            "private_ip": AttributeSchema(.string, .computed),
            "ptr_record": AttributeSchema(.string, .computed),
            "public_dns": AttributeSchema(.string, .computed),
            "public_ip": AttributeSchema(.string, .computed),
            "public_ipv4_pool": AttributeSchema(.string, .optionalComputed, forceNew: true),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["timeouts": Timeouts.block(create: false, update: true, delete: true, read: true)]))

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        parameters.set("Address", planned.string("address"))
        parameters.set("CustomerOwnedIpv4Pool", planned.string("customer_owned_ipv4_pool"))
        parameters.set("Domain", planned.string("domain"))
        parameters.set("IpamPoolId", planned.string("ipam_pool_id"))
        parameters.set("NetworkBorderGroup", planned.string("network_border_group"))
        parameters.set("PublicIpv4Pool", planned.string("public_ipv4_pool"))
        EC2.setTagSpecification(&parameters, resourceType: "elastic-ip", tags: planned.stringMap("tags_all") ?? [:])
        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "AllocateAddress", parameters: parameters, idempotent: false)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 EIP")
        }
        guard let id = response.string("allocationId") else {
            throw ProviderError("Creating EC2 EIP", detail: "AllocateAddress answered without an allocation id (only VPC addresses are supported).")
        }
        let partial = planned.setting(["id": .string(id), "association_id": .string("")])
        do {
            let instance = planned.string("instance") ?? "", interface = planned.string("network_interface") ?? ""
            if !instance.isEmpty || !interface.isEmpty {
                try await associate(id, instance: instance, networkInterface: interface, privateIP: planned.string("associate_with_private_ip"), in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 EIP (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        guard id.hasPrefix("eipalloc-") else {
            throw ProviderError("Reading EC2 EIP (\(id))", detail: "only VPC addresses, named by their allocation id (eipalloc-…), are supported: EC2-Classic addresses were retired.")
        }
        do {
            guard let address = try await EC2.describeOne("DescribeAddresses", idParameter: "AllocationId", id: id, set: "addressesSet", in: context) else { return nil }
            let publicIP = address.string("publicIp") ?? ""
            let privateIP = address.string("privateIpAddress") ?? ""
            let pool = address.string("publicIpv4Pool") ?? ""
            async let ptrRecord = self.ptrRecord(id, in: context)
            async let account = EC2.accountID(in: context)
            var attributes: [String: Value] = [
                "id": .string(id),
                "address": current[attribute: "address"] ?? .null(.string),
                "allocation_id": .string(id),
                "associate_with_private_ip": current[attribute: "associate_with_private_ip"] ?? .null(.string),
                "association_id": .string(address.string("associationId") ?? ""),
                "carrier_ip": .string(address.string("carrierIp") ?? ""),
                "customer_owned_ip": .string(address.string("customerOwnedIp") ?? ""),
                "customer_owned_ipv4_pool": .string(address.string("customerOwnedIpv4Pool") ?? ""),
                "domain": .string(address.string("domain") ?? ""),
                "instance": .string(address.string("instanceId") ?? ""),
                "ipam_pool_id": pool.hasPrefix("ipam-pool-") ? .string(pool) : (current[attribute: "ipam_pool_id"].flatMap { $0.isKnown ? $0 : nil } ?? .string("")),
                "network_border_group": .string(address.string("networkBorderGroup") ?? ""),
                "network_interface": .string(address.string("networkInterfaceId") ?? ""),
                "private_ip": .string(privateIP),
                "private_dns": privateIP.isEmpty ? .string("") : .string(EC2.privateDNSName(forIP: privateIP, in: context)),
                "public_ip": .string(publicIP),
                "public_dns": publicIP.isEmpty ? .string("") : .string(EC2.publicDNSName(forIP: publicIP, in: context)),
                "public_ipv4_pool": .string(pool),
                "ptr_record": .string(try await ptrRecord),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]
            attributes["arn"] = .string("arn:\(context.partition):ec2:\(context.region):\(try await account):elastic-ip/\(id)")
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: address), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 EIP (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 EIP", detail: "the address has no id in state.") }
        do {
            let names = ["associate_with_private_ip", "instance", "network_interface"]
            if names.contains(where: { (planned.string($0) ?? "") != (prior.string($0) ?? "") }) {
                if let association = prior.string("association_id"), !association.isEmpty {
                    try await disassociate(association, in: context)
                }
                let instance = planned.string("instance") ?? "", interface = planned.string("network_interface") ?? ""
                if !instance.isEmpty || !interface.isEmpty {
                    try await associate(id, instance: instance, networkInterface: interface, privateIP: planned.string("associate_with_private_ip"), in: context)
                }
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 EIP (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// Disassociates first (an associated address cannot be released), then releases.
    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            guard let address = try await EC2.describeOne("DescribeAddresses", idParameter: "AllocationId", id: id, set: "addressesSet", in: context) else { return }
            if let association = address.string("associationId"), !association.isEmpty {
                try await disassociate(association, in: context)
            }
            var parameters = QueryParameters()
            parameters.set("AllocationId", id)
            parameters.set("NetworkBorderGroup", current.string("network_border_group").flatMap { $0.isEmpty ? nil : $0 })
            // A NAT gateway being deleted keeps its address for a while: AWS answers that the
            // address is in use until it lets go.
            try await EC2.retrying(on: ["InvalidIPAddress.InUse"], timeout: Timeouts.duration(current, "delete", default: .seconds(180))) {
                do {
                    _ = try await context.client.query(.ec2, action: "ReleaseAddress", parameters: parameters)
                } catch where EC2.isNotFound(error) {
                    return
                }
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 EIP (\(id))")
        }
    }

    // MARK: Calls

    private func associate(_ id: String, instance: String, networkInterface: String, privateIP: String?, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AllocationId", id)
        if !instance.isEmpty { parameters.set("InstanceId", instance) }
        if !networkInterface.isEmpty { parameters.set("NetworkInterfaceId", networkInterface) }
        if let privateIP, !privateIP.isEmpty { parameters.set("PrivateIpAddress", privateIP) }
        context.progress("associating with \(instance.isEmpty ? networkInterface : instance)")
        // A new allocation or a pending instance is not visible to AssociateAddress at once.
        _ = try await EC2.retrying(on: ["InvalidAllocationID.NotFound", "InvalidInstanceID"], timeout: .seconds(300)) {
            try await context.client.query(.ec2, action: "AssociateAddress", parameters: parameters)
        }
    }

    private func disassociate(_ association: String, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("AssociationId", association)
        do {
            _ = try await context.client.query(.ec2, action: "DisassociateAddress", parameters: parameters)
        } catch where EC2.isNotFound(error) {
            return
        }
    }

    /// The reverse DNS record of the address; partitions and endpoints without the call have none.
    private func ptrRecord(_ id: String, in context: AWSContext) async throws -> String {
        var parameters = QueryParameters()
        parameters.setList("AllocationId", [id])
        parameters.set("Attribute", "domain-name")
        do {
            let response = try await context.client.query(.ec2, action: "DescribeAddressesAttribute", parameters: parameters)
            let record = response.all("addressSet", "item").first?.string("ptrRecord") ?? ""
            return record.hasSuffix(".") ? String(record.dropLast()) : record
        } catch let error as AWSError where EC2.isNotFound(error) || error.code == "InvalidAction" {
            return ""
        }
    }
}
