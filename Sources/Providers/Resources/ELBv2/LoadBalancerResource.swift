import Foundation
import Provisioner
import ResourceGraph

/// `aws_lb` (also `aws_alb`): an application, network or gateway load balancer. Its id is its
/// ARN. Import id: the ARN.
struct LoadBalancerResource: AWSResourceType {
    static let displayName = "ELBv2 Load Balancer"
    static let typeName = "aws_lb"

    static let unsupportedIPAM = "IPAM pools for load balancers are not implemented yet"
    static let unsupportedCapacity = "minimum load balancer capacity (capacity reservations) is not implemented yet"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "arn_suffix": AttributeSchema(.string, .computed),
            "dns_name": AttributeSchema(.string, .computed),
            "zone_id": AttributeSchema(.string, .computed),
            "vpc_id": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "internal": AttributeSchema(.bool, .optionalComputed, forceNew: true),
            "load_balancer_type": AttributeSchema(.string, .optional, forceNew: true, default: .string("application")),
            "customer_owned_ipv4_pool": AttributeSchema(.string, .optional, forceNew: true),
            "ip_address_type": AttributeSchema(.string, .optionalComputed),
            "security_groups": AttributeSchema(.set(.string), .optionalComputed),
            "subnets": AttributeSchema(.set(.string), .optionalComputed),
            "enforce_security_group_inbound_rules_on_private_link_traffic": AttributeSchema(.string, .optionalComputed),
            "client_keep_alive": AttributeSchema(.number, .optional, default: .number(3600)),
            "desync_mitigation_mode": AttributeSchema(.string, .optional, default: .string("defensive")),
            "dns_record_client_routing_policy": AttributeSchema(.string, .optional, default: .string("any_availability_zone")),
            "drop_invalid_header_fields": AttributeSchema(.bool, .optional, default: .false),
            "enable_cross_zone_load_balancing": AttributeSchema(.bool, .optional, default: .false),
            "enable_deletion_protection": AttributeSchema(.bool, .optional, default: .false),
            "enable_http2": AttributeSchema(.bool, .optional, default: .true),
            "enable_tls_version_and_cipher_suite_headers": AttributeSchema(.bool, .optional, default: .false),
            "enable_waf_fail_open": AttributeSchema(.bool, .optional, default: .false),
            "enable_xff_client_port": AttributeSchema(.bool, .optional, default: .false),
            "enable_zonal_shift": AttributeSchema(.bool, .optional, default: .false),
            "idle_timeout": AttributeSchema(.number, .optional, default: .number(60)),
            "preserve_host_header": AttributeSchema(.bool, .optional, default: .false),
            "xff_header_processing_mode": AttributeSchema(.string, .optional, default: .string("append")),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "access_logs": NestedBlockSchema(.list, LoadBalancerAttributes.logsSchema, maxItems: 1),
            "connection_logs": NestedBlockSchema(.list, LoadBalancerAttributes.logsSchema, maxItems: 1),
            "subnet_mapping": NestedBlockSchema(.set, LoadBalancerSubnets.mappingSchema),
            "ipam_pools": NestedBlockSchema(.list, BlockSchema(attributes: [
                "ipv4_ipam_pool_id": AttributeSchema(.string, .required, unsupported: unsupportedIPAM),
            ]), maxItems: 1),
            "minimum_load_balancer_capacity": NestedBlockSchema(.list, BlockSchema(attributes: [
                "capacity_units": AttributeSchema(.number, .required, unsupported: unsupportedCapacity),
            ]), maxItems: 1),
            "timeouts": Timeouts.block(create: true, update: true, delete: true),
        ]))

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try ELBv2.refuseNameAndPrefix(configuration)
        let subnetsSet = configuration[attribute: "subnets"].map { !$0.isNull } ?? false
        let mappingsSet = configuration[attribute: "subnet_mapping"].map { !$0.isKnown || !($0.elements ?? []).isEmpty } ?? false
        if subnetsSet == mappingsSet {
            throw ProviderError("Invalid combination of arguments", detail: "\"subnets\": one of `subnet_mapping,subnets` must be specified, and only one")
        }
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        for block in ["access_logs", "connection_logs"] {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
            planned = LoadBalancerAttributes.keepingDisabledLogSettings(block, in: planned, prior: prior)
        }
        let type = planned.string("load_balancer_type") ?? "application"
        if let prior, prior.string("load_balancer_type") == type {
            var kept: [String: Value] = [:]
            for name in LoadBalancerAttributes.ignored(for: type) { kept[name] = prior[attribute: name] }
            if type != "application" { kept["connection_logs"] = prior[attribute: "connection_logs"] }
            planned = planned.setting(kept.compactMapValues { $0 })
        }
        let (withSubnets, replace) = LoadBalancerSubnets.plan(planned, prior: prior, configuration: configuration)
        return PlannedChange(planned: withSubnets, requiresReplace: replace)
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let type = planned.string("load_balancer_type") ?? "application"
        let name = planned.string("name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("name_prefix") ?? "tf-lb-")
        let doing = "creating ELBv2 \(type) Load Balancer (\(name))"
        let arn: String
        do {
            // Names are unique per type, but CreateLoadBalancer does not always say so.
            if let existing = try await LoadBalancers.describe(name: name, in: context), existing.string("Type") == type {
                throw ProviderError(doing.prefix(1).uppercased() + doing.dropFirst(), detail: "ELBv2 Load Balancer (\(name)) already exists", isAlreadyExists: true)
            }
            var parameters = QueryParameters()
            parameters.set("Name", name)
            parameters.set("Type", type)
            if planned.bool("internal") == true { parameters.set("Scheme", "internal") }
            if let pool = planned.string("customer_owned_ipv4_pool"), !pool.isEmpty { parameters.set("CustomerOwnedIpv4Pool", pool) }
            if let addressType = planned.string("ip_address_type"), !addressType.isEmpty { parameters.set("IpAddressType", addressType) }
            if let groups = planned.stringList("security_groups"), !groups.isEmpty { parameters.setList("SecurityGroups", groups.sorted()) }
            let mappings = planned.objects("subnet_mapping")
            if !mappings.isEmpty { parameters.setList("SubnetMappings", LoadBalancerSubnets.mappingParameters(mappings)) }
            if let subnets = planned.stringList("subnets"), !subnets.isEmpty { parameters.setList("Subnets", subnets.sorted()) }
            ELBv2.setTags(&parameters, planned.stringMap("tags_all") ?? [:])
            // No client token: a blind repeat could make a second load balancer.
            let response = try await ELBv2.call("CreateLoadBalancer", parameters, in: context, idempotent: false)
            guard let created = response.all("LoadBalancers", "member").first?.string("LoadBalancerArn") else {
                throw ProviderError("Creating ELBv2 Load Balancer (\(name))", detail: "CreateLoadBalancer answered without an ARN.")
            }
            arn = created
        } catch {
            throw ELBv2.wrap(error, doing: doing)
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn), "name": .string(name)])
        do {
            let timeout = Timeouts.duration(planned, "create", default: .seconds(600))
            try await LoadBalancers.waitUntilActive(arn, timeout: timeout, in: context)
            var pairs: [String: String] = [:]
            if type == "application" || type == "network" {
                pairs.merge(LoadBalancerAttributes.logPairs(planned.objects("access_logs").first, prefix: "access_logs.s3", update: false)) { _, new in new }
            }
            if type == "application" {
                pairs.merge(LoadBalancerAttributes.logPairs(planned.objects("connection_logs").first, prefix: "connection_logs.s3", update: false)) { _, new in new }
            }
            pairs.merge(LoadBalancerAttributes.pairs(planned, type: type, names: Array(LoadBalancerAttributes.all.keys))) { _, new in new }
            var changed = try await LoadBalancers.modifyAttributes(arn, pairs, in: context)
            if type == "network", let enforce = planned.string("enforce_security_group_inbound_rules_on_private_link_traffic"), !enforce.isEmpty {
                try await LoadBalancers.setSecurityGroups(arn, planned.stringList("security_groups") ?? [], enforce: enforce, in: context)
                changed = true
            }
            if changed { try await LoadBalancers.waitUntilActive(arn, timeout: timeout, in: context) }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Load Balancer (\(arn))", partialObject: partial)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let arn = try await LoadBalancers.arn(of: current, in: context) else { return nil }
        do {
            guard let balancer = try await LoadBalancers.describe(arn: arn, in: context) else { return nil }
            let reported = try await LoadBalancers.attributes(arn, in: context)
            var attributes = try await ELBv2.tagAttributes(arn: arn, current: current, in: context)
            attributes.merge(LoadBalancers.attributes(of: balancer, reported: reported, current: current)) { _, new in new }
            attributes["name_prefix"] = .string(TerraformIdentifiers.namePrefix(of: balancer.string("LoadBalancerName") ?? ""))
            attributes["ipam_pools"] = .list([], of: schema.block.blocks["ipam_pools"]!.block.valueType)
            attributes["minimum_load_balancer_capacity"] = .list([], of: schema.block.blocks["minimum_load_balancer_capacity"]!.block.valueType)
            attributes["timeouts"] = current[attribute: "timeouts"] ?? .null(Timeouts.valueType)
            return .object(attributes)
        } catch {
            throw ELBv2.wrap(error, doing: "reading ELBv2 Load Balancer (\(arn))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating ELBv2 Load Balancer", detail: "the load balancer has no ARN in state.") }
        let type = planned.string("load_balancer_type") ?? "application"
        let changed = { (name: String) in PlanSuppression.changed(name, prior, planned) }
        do {
            var pairs: [String: String] = [:]
            if changed("access_logs") {
                pairs.merge(LoadBalancerAttributes.logPairs(planned.objects("access_logs").first, prefix: "access_logs.s3", update: true)) { _, new in new }
            }
            if changed("connection_logs") {
                pairs.merge(LoadBalancerAttributes.logPairs(planned.objects("connection_logs").first, prefix: "connection_logs.s3", update: true)) { _, new in new }
            }
            pairs.merge(LoadBalancerAttributes.pairs(planned, type: type, names: LoadBalancerAttributes.all.keys.filter(changed))) { _, new in new }
            _ = try await LoadBalancers.modifyAttributes(arn, pairs, in: context)
            if changed("security_groups") || changed("enforce_security_group_inbound_rules_on_private_link_traffic") {
                let enforce = type == "network" ? planned.string("enforce_security_group_inbound_rules_on_private_link_traffic") : nil
                try await LoadBalancers.setSecurityGroups(arn, planned.stringList("security_groups") ?? [], enforce: enforce, in: context)
            }
            try await setSubnets(arn, prior: prior, planned: planned, in: context)
            if changed("ip_address_type"), let addressType = planned.string("ip_address_type") {
                var parameters = QueryParameters()
                parameters.set("LoadBalancerArn", arn)
                parameters.set("IpAddressType", addressType)
                _ = try await ELBv2.call("SetIpAddressType", parameters, in: context)
            }
            try await LoadBalancers.waitUntilActive(arn, timeout: Timeouts.duration(planned, "update", default: .seconds(600)), in: context)
            try await ELBv2.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ELBv2.wrap(error, doing: "updating ELBv2 Load Balancer (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    /// SetSubnets with whichever spelling the configuration changed.
    private func setSubnets(_ arn: String, prior: Value, planned: Value, in context: AWSContext) async throws {
        let mappings = planned[attribute: "subnet_mapping"], subnets = planned[attribute: "subnets"]
        var parameters = QueryParameters()
        parameters.set("LoadBalancerArn", arn)
        // A new mapping's outpost is not known before it exists; what it names is.
        if let mappings, mappings.isKnown, LoadBalancerSubnets.keys(prior) != LoadBalancerSubnets.keys(planned) {
            parameters.setList("SubnetMappings", LoadBalancerSubnets.mappingParameters(mappings.elements ?? []))
        } else if let subnets, subnets.isWhollyKnown, PlanSuppression.changed("subnets", prior, planned) {
            parameters.setList("Subnets", (planned.stringList("subnets") ?? []).sorted())
        } else {
            return
        }
        _ = try await ELBv2.call("SetSubnets", parameters, in: context)
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") else { return }
        do {
            var parameters = QueryParameters()
            parameters.set("LoadBalancerArn", arn)
            _ = try await ELBv2.call("DeleteLoadBalancer", parameters, in: context)
            let timeout = Timeouts.duration(current, "delete", default: .seconds(600))
            try await LoadBalancers.waitUntilGone(arn, timeout: timeout, in: context)
            // The load balancer's network interfaces outlive it for a while, and hold its
            // subnets and security groups until they go.
            try await LoadBalancers.waitForNetworkInterfacesToGo(arn, type: current.string("load_balancer_type") ?? "application", timeout: timeout, in: context)
        } catch where ELBv2.isError(error, "LoadBalancerNotFound") {
            return
        } catch {
            throw ELBv2.wrap(error, doing: "deleting ELBv2 Load Balancer (\(arn))")
        }
    }
}
