import Foundation
import Provisioner
import ResourceGraph

/// `aws_nat_gateway`: a NAT gateway in a subnet, public (with an Elastic IP's `allocation_id`)
/// or private (`connectivity_type = "private"`), with optional secondary addresses. Creating
/// one takes AWS a minute or two and deleting it as long: both are awaited, with progress.
/// Import id: the NAT gateway id.
struct NATGatewayResource: AWSResourceType {
    static let displayName = "EC2 NAT Gateway"
    static let typeName = "aws_nat_gateway"
    static let systemTagSearch = SystemTagSearch.ec2

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "allocation_id": AttributeSchema(.string, .optional, forceNew: true),
            "association_id": AttributeSchema(.string, .computed),
            "connectivity_type": AttributeSchema(.string, .optional, forceNew: true, default: .string("public")),
            "network_interface_id": AttributeSchema(.string, .computed),
            "private_ip": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "public_ip": AttributeSchema(.string, .computed),
            "secondary_allocation_ids": AttributeSchema(.set(.string), .optional),
            "secondary_private_ip_address_count": AttributeSchema(.number, .optionalComputed, forceNew: true),
            "secondary_private_ip_addresses": AttributeSchema(.set(.string), .optionalComputed),
            "subnet_id": AttributeSchema(.string, .required, forceNew: true),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: ["timeouts": Timeouts.block(create: true, update: true, delete: true)]))

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        // Adding or removing secondary Elastic IPs changes the secondary private addresses
        // AWS assigns with them.
        if let prior, planned.string("connectivity_type") == "public",
           !ObjectPlanning.equivalent(prior[attribute: "secondary_allocation_ids"] ?? .null, planned[attribute: "secondary_allocation_ids"] ?? .null) {
            planned = planned.setting(["secondary_private_ip_address_count": .unknown(.number)])
            if configuration[attribute: "secondary_private_ip_addresses"]?.isNull ?? true {
                planned = planned.setting(["secondary_private_ip_addresses": .unknown(.set(.string))])
            }
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        try Self.validate(planned)
        var parameters = QueryParameters()
        parameters.set("ClientToken", context.idempotencyToken)
        parameters.set("SubnetId", planned.string("subnet_id"))
        parameters.set("AllocationId", planned.string("allocation_id").flatMap { $0.isEmpty ? nil : $0 })
        parameters.set("ConnectivityType", planned.string("connectivity_type"))
        parameters.set("PrivateIpAddress", planned.string("private_ip").flatMap { $0.isEmpty ? nil : $0 })
        if let ids = planned.stringList("secondary_allocation_ids"), !ids.isEmpty { parameters.setList("SecondaryAllocationId", ids) }
        if let count = planned.int("secondary_private_ip_address_count"), count > 0 { parameters.set("SecondaryPrivateIpAddressCount", count) }
        if let addresses = planned.stringList("secondary_private_ip_addresses"), !addresses.isEmpty { parameters.setList("SecondaryPrivateIpAddress", addresses) }
        EC2.setTagSpecification(&parameters, resourceType: "natgateway", tags: planned.stringMap("tags_all") ?? [:])

        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateNatGateway", parameters: parameters, idempotent: context.idempotencyToken != nil)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 NAT Gateway")
        }
        guard let id = response.string("natGateway", "natGatewayId") else {
            throw ProviderError("Creating EC2 NAT Gateway", detail: "CreateNatGateway answered without a NAT gateway id.")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            try await waitUntilAvailable(id, timeout: Timeouts.duration(planned, "create", default: .seconds(600)), in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 NAT Gateway (\(id))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            // A deleted NAT gateway stays visible for about an hour in state "deleted".
            guard let gateway = try await describe(id, in: context), gateway.string("state") != "deleted" else { return nil }
            let addresses = gateway.all("natGatewayAddressSet", "item")
            // The primary address, or the only one (older gateways do not flag it).
            let primaryIndex = addresses.firstIndex { $0.child("isPrimary")?.boolValue == true } ?? (addresses.count == 1 ? 0 : nil)
            let primary = primaryIndex.map { addresses[$0] }
            let secondary = addresses.indices.filter { $0 != primaryIndex }.map { addresses[$0] }
            var attributes: [String: Value] = [
                "id": .string(id),
                "allocation_id": .string(primary?.string("allocationId") ?? ""),
                "association_id": .string(primary?.string("associationId") ?? ""),
                "connectivity_type": .string(gateway.string("connectivityType") ?? "public"),
                "network_interface_id": .string(primary?.string("networkInterfaceId") ?? ""),
                "private_ip": .string(primary?.string("privateIp") ?? ""),
                "public_ip": .string(primary?.string("publicIp") ?? ""),
                "secondary_allocation_ids": .stringSet(secondary.compactMap { $0.string("allocationId") }.filter { !$0.isEmpty }),
                "secondary_private_ip_addresses": .stringSet(secondary.compactMap { $0.string("privateIp") }.filter { !$0.isEmpty }),
                "subnet_id": .string(gateway.string("subnetId")),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]
            attributes["secondary_private_ip_address_count"] = .number(attributes["secondary_private_ip_addresses"]?.elements?.count ?? 0)
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: gateway), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 NAT Gateway (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 NAT Gateway", detail: "the NAT gateway has no id in state.") }
        do {
            let timeout = Timeouts.duration(planned, "update", default: .seconds(600))
            if planned.string("connectivity_type") == "private" {
                try await updatePrivateAddresses(id, prior: prior, planned: planned, timeout: timeout, in: context)
            } else {
                try await updateSecondaryAllocations(id, prior: prior, planned: planned, timeout: timeout, in: context)
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 NAT Gateway (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            var parameters = QueryParameters()
            parameters.set("NatGatewayId", id)
            do {
                _ = try await context.client.query(.ec2, action: "DeleteNatGateway", parameters: parameters)
            } catch where EC2.isNotFound(error) {
                return
            }
            let waiter = EC2.waiter(timeout: Timeouts.duration(current, "delete", default: .seconds(1800)), in: context)
            try await waiter.wait(for: "EC2 NAT Gateway \(id) to be deleted", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                guard let state = try await describe(id, in: context)?.string("state"), state != "deleted" else { return .done(()) }
                return .pending(state)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 NAT Gateway (\(id))")
        }
    }

    // MARK: Calls

    /// What Terraform refuses before calling AWS: addresses that do not fit the connectivity type.
    private static func validate(_ planned: Value) throws {
        let type = planned.string("connectivity_type") ?? "public"
        if type == "private" {
            if let allocation = planned.string("allocation_id"), !allocation.isEmpty {
                throw ProviderError("Creating EC2 NAT Gateway", detail: "allocation_id is not supported with connectivity_type = \"private\".")
            }
            if !(planned.stringList("secondary_allocation_ids") ?? []).isEmpty {
                throw ProviderError("Creating EC2 NAT Gateway", detail: "secondary_allocation_ids is not supported with connectivity_type = \"private\".")
            }
        } else if let count = planned.int("secondary_private_ip_address_count"), count > 0 {
            throw ProviderError("Creating EC2 NAT Gateway", detail: "secondary_private_ip_address_count is not supported with connectivity_type = \"\(type)\".")
        }
    }

    private func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        try await EC2.describeOne("DescribeNatGateways", idParameter: "NatGatewayId", id: id, set: "natGatewaySet", in: context)
    }

    private func waitUntilAvailable(_ id: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 NAT Gateway \(id) to become available", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            // Just after CreateNatGateway the new id may not be visible yet.
            guard let gateway = try await describe(id, in: context) else { return .pending("not visible yet") }
            switch gateway.string("state") {
            case "available": return .done(())
            case "failed", "deleting", "deleted":
                let reason = [gateway.string("failureCode"), gateway.string("failureMessage")].compactMap { $0 }.joined(separator: ": ")
                return .failed("its state is \(gateway.string("state") ?? "")\(reason.isEmpty ? "" : " (\(reason))")")
            case let state: return .pending(state ?? "unknown")
            }
        }
    }

    /// Waits until every address in `wanted` has the status `status` (or, for "gone", is no
    /// longer listed), matching addresses on `field` (allocationId or privateIp).
    private func waitForAddresses(_ id: String, field: String, wanted: Set<String>, status: String, timeout: Duration, in context: AWSContext) async throws {
        guard !wanted.isEmpty else { return }
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 NAT Gateway \(id) addresses to become \(status)", progress: { context.progress("addresses: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            let addresses = try await describe(id, in: context)?.all("natGatewayAddressSet", "item") ?? []
            var pending: [String] = []
            for value in wanted.sorted() {
                let address = addresses.first { $0.string(field) == value }
                if status == "gone" {
                    if address != nil { pending.append(value) }
                    continue
                }
                guard let address else { pending.append(value); continue }
                switch address.string("status") {
                case "failed": return .failed("address \(value) failed: \(address.string("failureMessage") ?? "no reason given")")
                case status, nil: continue
                default: pending.append(value)
                }
            }
            return pending.isEmpty ? .done(()) : .pending("waiting for \(pending.joined(separator: ", "))")
        }
    }

    private func updateSecondaryAllocations(_ id: String, prior: Value, planned: Value, timeout: Duration, in context: AWSContext) async throws {
        let before = Set(prior.stringList("secondary_allocation_ids") ?? []), after = Set(planned.stringList("secondary_allocation_ids") ?? [])
        let added = after.subtracting(before), removed = before.subtracting(after)
        if !added.isEmpty {
            var parameters = QueryParameters()
            parameters.set("NatGatewayId", id)
            parameters.setList("AllocationId", added.sorted())
            let newPrivate = Set(planned.stringList("secondary_private_ip_addresses") ?? []).subtracting(prior.stringList("secondary_private_ip_addresses") ?? [])
            if !newPrivate.isEmpty { parameters.setList("PrivateIpAddress", newPrivate.sorted()) }
            _ = try await context.client.query(.ec2, action: "AssociateNatGatewayAddress", parameters: parameters)
            try await waitForAddresses(id, field: "allocationId", wanted: added, status: "succeeded", timeout: timeout, in: context)
        }
        if !removed.isEmpty {
            let addresses = try await describe(id, in: context)?.all("natGatewayAddressSet", "item") ?? []
            let associations = addresses.filter { removed.contains($0.string("allocationId") ?? "") }.compactMap { $0.string("associationId") }
            var parameters = QueryParameters()
            parameters.set("NatGatewayId", id)
            parameters.setList("AssociationId", associations)
            _ = try await context.client.query(.ec2, action: "DisassociateNatGatewayAddress", parameters: parameters)
            try await waitForAddresses(id, field: "allocationId", wanted: removed, status: "gone", timeout: timeout, in: context)
        }
    }

    private func updatePrivateAddresses(_ id: String, prior: Value, planned: Value, timeout: Duration, in context: AWSContext) async throws {
        guard let wanted = planned.stringList("secondary_private_ip_addresses") else { return }
        let before = Set(prior.stringList("secondary_private_ip_addresses") ?? []), after = Set(wanted)
        let added = after.subtracting(before), removed = before.subtracting(after)
        if !added.isEmpty {
            var parameters = QueryParameters()
            parameters.set("NatGatewayId", id)
            parameters.setList("PrivateIpAddress", added.sorted())
            _ = try await context.client.query(.ec2, action: "AssignPrivateNatGatewayAddress", parameters: parameters)
            try await waitForAddresses(id, field: "privateIp", wanted: added, status: "succeeded", timeout: timeout, in: context)
        }
        if !removed.isEmpty {
            var parameters = QueryParameters()
            parameters.set("NatGatewayId", id)
            parameters.setList("PrivateIpAddress", removed.sorted())
            _ = try await context.client.query(.ec2, action: "UnassignPrivateNatGatewayAddress", parameters: parameters)
            try await waitForAddresses(id, field: "privateIp", wanted: removed, status: "gone", timeout: timeout, in: context)
        }
    }
}
