import Foundation
import Provisioner
import ResourceGraph

/// The option blocks of a described instance (`metadata_options`, `cpu_options`, ...) in the
/// shape the schema gives them; a block AWS does not report reads as no block.
enum InstanceOptionBlocks {
    static func attributes(of instance: XMLNode) -> [String: Value] {
        var attributes: [String: Value] = [:]
        attributes["metadata_options"] = list(InstanceSchema.metadataOptions, instance.child("metadataOptions").map { options in [
            "http_endpoint": .string(options.string("httpEndpoint") ?? ""),
            "http_protocol_ipv6": .string(options.string("httpProtocolIpv6") ?? ""),
            "http_put_response_hop_limit": .number(options.child("httpPutResponseHopLimit")?.intValue ?? 0),
            "http_tokens": .string(options.string("httpTokens") ?? ""),
            "instance_metadata_tags": .string(options.string("instanceMetadataTags") ?? ""),
        ] })
        attributes["cpu_options"] = list(InstanceSchema.cpuOptions, instance.child("cpuOptions").map { options in [
            "amd_sev_snp": .string(options.string("amdSevSnp") ?? ""),
            "core_count": .number(options.child("coreCount")?.intValue ?? 0),
            "nested_virtualization": .string(options.string("nestedVirtualization") ?? ""),
            "threads_per_core": .number(options.child("threadsPerCore")?.intValue ?? 0),
        ] })
        attributes["enclave_options"] = list(InstanceSchema.enclaveOptions, instance.child("enclaveOptions").map { options in [
            "enabled": .bool(options.child("enabled")?.boolValue ?? false),
        ] })
        attributes["maintenance_options"] = list(InstanceSchema.maintenanceOptions, instance.child("maintenanceOptions").map { options in [
            "auto_recovery": .string(options.string("autoRecovery") ?? ""),
        ] })
        attributes["private_dns_name_options"] = list(InstanceSchema.privateDNSNameOptions, instance.child("privateDnsNameOptions").map { options in [
            "enable_resource_name_dns_aaaa_record": .bool(options.child("enableResourceNameDnsAAAARecord")?.boolValue ?? false),
            "enable_resource_name_dns_a_record": .bool(options.child("enableResourceNameDnsARecord")?.boolValue ?? false),
            "hostname_type": .string(options.string("hostnameType") ?? ""),
        ] })
        attributes["capacity_reservation_specification"] = list(InstanceSchema.capacityReservationSpecification, instance.child("capacityReservationSpecification").map { spec in
            let target = spec.child("capacityReservationTarget").map { target in [Value.object([
                "capacity_reservation_id": .string(target.string("capacityReservationId") ?? ""),
                "capacity_reservation_resource_group_arn": .string(target.string("capacityReservationResourceGroupArn") ?? ""),
            ])] } ?? []
            let targetType = InstanceSchema.capacityReservationSpecification.blocks["capacity_reservation_target"]!.block.valueType
            return [
                "capacity_reservation_preference": .string(spec.string("capacityReservationPreference") ?? ""),
                "capacity_reservation_target": .list(target, of: targetType),
            ]
        })
        return attributes
    }

    /// The primary network interface as the `primary_network_interface` block reports it.
    static func primaryNetworkInterface(_ interface: XMLNode?) -> Value {
        list(InstanceSchema.primaryNetworkInterface, interface.map { interface in [
            "delete_on_termination": .bool(interface.path("attachment", "deleteOnTermination")?.boolValue ?? false),
            "network_interface_id": .string(interface.string("networkInterfaceId") ?? ""),
        ] })
    }

    private static func list(_ schema: BlockSchema, _ attributes: [String: Value]?) -> Value {
        .list(attributes.map { [.object($0)] } ?? [], of: schema.valueType)
    }

    // MARK: Changes

    /// ModifyInstanceMetadataOptions with the planned options (only the endpoint when it is
    /// disabled, as AWS requires), then waiting until AWS has applied them.
    static func updateMetadataOptions(_ id: String, planned: Value, timeout: Duration, in context: AWSContext) async throws {
        guard let options = InstanceLaunchRequest.metadataOptions(planned) else { return }
        var parameters = options
        parameters.set("InstanceId", id)
        _ = try await context.client.query(.ec2, action: "ModifyInstanceMetadataOptions", parameters: parameters)
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 Instance \(id) metadata options to be applied", progress: { context.progress("metadata options: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let (instance, _) = try await InstanceStates.describe(id, in: context) else { return .failed("it no longer exists") }
            let state = instance.string("metadataOptions", "state") ?? "applied"
            return state == "applied" ? .done(()) : .pending(state)
        }
    }

    static func updateMaintenanceOptions(_ id: String, planned: Value, in context: AWSContext) async throws {
        guard let recovery = planned.objects("maintenance_options").first.flatMap({ InstanceLaunchRequest.text($0, "auto_recovery") }) else { return }
        var parameters = QueryParameters()
        parameters.set("InstanceId", id)
        parameters.set("AutoRecovery", recovery)
        _ = try await context.client.query(.ec2, action: "ModifyInstanceMaintenanceOptions", parameters: parameters)
    }

    /// Only what changed is sent, as the provider sends it.
    static func updatePrivateDNSNameOptions(_ id: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        guard let new = planned.objects("private_dns_name_options").first else { return }
        let old = prior.objects("private_dns_name_options").first ?? .object([:])
        var parameters = QueryParameters()
        parameters.set("InstanceId", id)
        if PlanSuppression.changed("enable_resource_name_dns_aaaa_record", old, new) {
            parameters.set("EnableResourceNameDnsAAAARecord", new.bool("enable_resource_name_dns_aaaa_record") ?? false)
        }
        if PlanSuppression.changed("enable_resource_name_dns_a_record", old, new) {
            parameters.set("EnableResourceNameDnsARecord", new.bool("enable_resource_name_dns_a_record") ?? false)
        }
        if PlanSuppression.changed("hostname_type", old, new) {
            parameters.set("PrivateDnsHostnameType", InstanceLaunchRequest.text(new, "hostname_type"))
        }
        _ = try await context.client.query(.ec2, action: "ModifyPrivateDnsNameOptions", parameters: parameters)
    }

    static func updateCreditSpecification(_ id: String, planned: Value, in context: AWSContext) async throws {
        guard let block = planned.objects("credit_specification").first else { return }
        var parameters = QueryParameters()
        parameters.setList("InstanceCreditSpecification", [QueryParameters {
            $0.set("InstanceId", id)
            $0.set("CpuCredits", InstanceLaunchRequest.text(block, "cpu_credits"))
        }])
        _ = try await context.client.query(.ec2, action: "ModifyInstanceCreditSpecification", parameters: parameters)
    }
}
