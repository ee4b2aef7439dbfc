import Foundation
import Provisioner
import ResourceGraph

/// `aws_lb_target_group` (also `aws_alb_target_group`): where a load balancer sends traffic.
/// Its id is its ARN. Import id: the ARN.
struct TargetGroupResource: AWSResourceType {
    static let displayName = "ELBv2 Target Group"
    static let typeName = "aws_lb_target_group"

    static let unsupportedFailover = "target failover settings (GENEVE target groups) are not implemented yet"
    static let unsupportedGroupHealth = "target group health requirements (DNS failover, unhealthy state routing) are not implemented yet"
    static let unsupportedHealthState = "unhealthy target connection termination settings are not implemented yet"

    static let failoverSchema = BlockSchema(attributes: [
        "on_deregistration": AttributeSchema(.string, .required, unsupported: unsupportedFailover),
        "on_unhealthy": AttributeSchema(.string, .required, unsupported: unsupportedFailover),
    ])
    static let groupHealthSchema = BlockSchema(blocks: [
        "dns_failover": NestedBlockSchema(.list, BlockSchema(attributes: [
            "minimum_healthy_targets_count": AttributeSchema(.string, .optional, unsupported: unsupportedGroupHealth),
            "minimum_healthy_targets_percentage": AttributeSchema(.string, .optional, unsupported: unsupportedGroupHealth),
        ]), maxItems: 1),
        "unhealthy_state_routing": NestedBlockSchema(.list, BlockSchema(attributes: [
            "minimum_healthy_targets_count": AttributeSchema(.number, .optional, unsupported: unsupportedGroupHealth),
            "minimum_healthy_targets_percentage": AttributeSchema(.string, .optional, unsupported: unsupportedGroupHealth),
        ]), maxItems: 1),
    ])
    static let healthStateSchema = BlockSchema(attributes: [
        "enable_unhealthy_connection_termination": AttributeSchema(.bool, .required, unsupported: unsupportedHealthState),
        "unhealthy_draining_interval": AttributeSchema(.number, .optional, unsupported: unsupportedHealthState),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "arn_suffix": AttributeSchema(.string, .computed),
            "load_balancer_arns": AttributeSchema(.set(.string), .computed),
            "name": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "name_prefix": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "port": AttributeSchema(.number, .optional, forceNew: true),
            "protocol": AttributeSchema(.string, .optional, forceNew: true),
            "protocol_version": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "vpc_id": AttributeSchema(.string, .optional, forceNew: true),
            "target_type": AttributeSchema(.string, .optional, forceNew: true, default: .string("instance")),
            "ip_address_type": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "connection_termination": AttributeSchema(.bool, .optionalComputed),
            "deregistration_delay": AttributeSchema(.string, .optional, default: .string("300")),
            "lambda_multi_value_headers_enabled": AttributeSchema(.bool, .optional, default: .false),
            "load_balancing_algorithm_type": AttributeSchema(.string, .optionalComputed),
            "load_balancing_anomaly_mitigation": AttributeSchema(.string, .optionalComputed),
            "load_balancing_cross_zone_enabled": AttributeSchema(.string, .optionalComputed),
            "preserve_client_ip": AttributeSchema(.string, .optionalComputed),
            "proxy_protocol_v2": AttributeSchema(.bool, .optional, default: .false),
            "slow_start": AttributeSchema(.number, .optional, default: .number(0)),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "health_check": NestedBlockSchema(.list, TargetGroupAttributes.healthCheckSchema, maxItems: 1),
            "stickiness": NestedBlockSchema(.list, TargetGroupAttributes.stickinessSchema, maxItems: 1),
            "target_failover": NestedBlockSchema(.list, failoverSchema),
            "target_group_health": NestedBlockSchema(.list, groupHealthSchema, maxItems: 1),
            "target_health_state": NestedBlockSchema(.list, healthStateSchema),
        ]))

    /// Blocks the configuration may leave out while AWS reports them (Optional+Computed).
    static let computedBlocks = ["health_check", "stickiness", "target_failover", "target_group_health", "target_health_state"]

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        try ELBv2.refuseNameAndPrefix(configuration)
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        var changes: [String: Value] = [:]
        for name in ["protocol_version"] {
            if let text = planned.string(name) { changes[name] = .string(text.uppercased()) }
        }
        if var check = planned.objects("health_check").first {
            if let healthProtocol = check.string("protocol") { check = check.setting(["protocol": .string(healthProtocol.uppercased())]) }
            changes["health_check"] = .list([check], of: TargetGroupAttributes.healthCheckSchema.valueType)
        }
        planned = planned.setting(changes)
        try Self.validate(planned, configuration: configuration)
        for block in Self.computedBlocks {
            planned = PlanSuppression.keepPriorBlockWhenUnconfigured(block, in: planned, prior: prior, configuration: configuration)
            if prior == nil, configuration.objects(block).isEmpty {
                planned = planned.setting([block: .unknown(schema.block.blocks[block]!.valueType)])
            }
        }
        guard let prior else { return PlannedChange(planned: planned) }
        return PlannedChange(planned: planned.setting(Self.suppressed(planned: planned, prior: prior)))
    }

    /// The provider's diff suppressions: what does not apply to the target type or protocol
    /// keeps its prior value.
    private static func suppressed(planned: Value, prior: Value) -> [String: Value] {
        var kept: [String: Value] = [:]
        let targetType = planned.string("target_type") ?? "instance"
        if targetType == "lambda" {
            for name in ["port", "protocol", "vpc_id", "protocol_version", "stickiness"] { kept[name] = prior[attribute: name] }
            if var check = planned.objects("health_check").first, let old = prior.objects("health_check").first {
                check = check.setting(["port": old[attribute: "port"] ?? .null(.string), "protocol": old[attribute: "protocol"] ?? .null(.string)])
                kept["health_check"] = .list([check], of: TargetGroupAttributes.healthCheckSchema.valueType)
            }
        } else if !TargetGroupAttributes.httpProtocols.contains(planned.string("protocol") ?? "") {
            kept["protocol_version"] = prior[attribute: "protocol_version"]
            // Cookie durations mean nothing to TCP, UDP, TLS and GENEVE target groups.
            if var stickiness = planned.objects("stickiness").first, let old = prior.objects("stickiness").first {
                stickiness = stickiness.setting(["cookie_duration": old[attribute: "cookie_duration"] ?? .null(.number)])
                kept["stickiness"] = .list([stickiness], of: TargetGroupAttributes.stickinessSchema.valueType)
            }
        }
        // preserve_client_ip compares as a boolean: "true" and "True" are the same.
        if let new = planned.string("preserve_client_ip"), let old = prior.string("preserve_client_ip"), new.lowercased() == old.lowercased() {
            kept["preserve_client_ip"] = prior[attribute: "preserve_client_ip"]
        }
        return kept.compactMapValues { $0 }
    }

    /// The provider's CustomizeDiff checks.
    private static func validate(_ planned: Value, configuration: Value) throws {
        let targetType = planned.string("target_type") ?? "instance"
        let check = planned.objects("health_check").first
        let healthProtocol = check?.string("protocol")?.uppercased()
        if healthProtocol == "TCP" {
            for name in ["matcher", "path"] where !(check?.string(name) ?? "").isEmpty {
                throw ProviderError("Invalid Attribute Combination", detail: "Attribute \"health_check[0].\(name)\" cannot be specified when \"health_check[0].protocol\" is \"TCP\".")
            }
            if TargetGroupAttributes.httpProtocols.contains(planned.string("protocol") ?? "") {
                throw ProviderError("Invalid Attribute Value", detail: "Attribute \"health_check[0].protocol\" cannot have value \"TCP\" when \"protocol\" is \"\(planned.string("protocol") ?? "")\".")
            }
            if targetType == "lambda" {
                throw ProviderError("Invalid Attribute Value", detail: "Attribute \"health_check[0].protocol\" cannot have value \"TCP\" when \"target_type\" is \"lambda\".")
            }
        }
        guard targetType != "lambda" else { return }
        for name in ["port", "protocol", "vpc_id"] {
            if let value = configuration[attribute: name], value.isKnown, value.isNull {
                throw ProviderError("Missing required argument", detail: "Attribute \"\(name)\" must be specified when \"target_type\" is \"\(targetType)\".")
            }
        }
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let name = planned.string("name") ?? TerraformIdentifiers.uniqueName(prefix: planned.string("name_prefix") ?? "tf-")
        let targetType = planned.string("target_type") ?? "instance"
        let groupProtocol = planned.string("protocol") ?? ""
        let arn: String
        do {
            // CreateTargetGroup answers a repeat with the existing group, so look first.
            if try await TargetGroups.describe(name: name, in: context) != nil {
                throw ProviderError("Creating ELBv2 Target Group (\(name))", detail: "ELBv2 Target Group (\(name)) already exists", isAlreadyExists: true)
            }
            var parameters = QueryParameters()
            parameters.set("Name", name)
            parameters.set("TargetType", targetType)
            if targetType != "lambda" {
                parameters.set("Port", planned.int("port"))
                parameters.set("Protocol", groupProtocol)
                if TargetGroupAttributes.httpProtocols.contains(groupProtocol), let version = planned.string("protocol_version"), !version.isEmpty {
                    parameters.set("ProtocolVersion", version)
                }
                parameters.set("VpcId", planned.string("vpc_id"))
                if TargetGroupAttributes.instanceOrIP.contains(targetType), let addressType = planned.string("ip_address_type"), !addressType.isEmpty {
                    parameters.set("IpAddressType", addressType)
                }
            }
            if let check = planned.objects("health_check").first {
                TargetGroupAttributes.setHealthCheck(&parameters, check, targetType: targetType, protocolVersion: planned.string("protocol_version"), update: false)
            }
            ELBv2.setTags(&parameters, planned.stringMap("tags_all") ?? [:])
            let response = try await ELBv2.call("CreateTargetGroup", parameters, in: context, idempotent: false)
            guard let created = response.all("TargetGroups", "member").first?.string("TargetGroupArn") else {
                throw ProviderError("Creating ELBv2 Target Group (\(name))", detail: "CreateTargetGroup answered without an ARN.")
            }
            arn = created
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Target Group (\(name))")
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn), "name": .string(name)])
        do {
            try await TargetGroups.waitUntilExists(arn, in: context)
            var pairs: [String: String] = [:]
            if TargetGroupAttributes.instanceOrIP.contains(targetType), let stickiness = planned.objects("stickiness").first {
                pairs.merge(TargetGroupAttributes.stickinessPairs(stickiness, protocol: groupProtocol)) { _, new in new }
            }
            pairs.merge(TargetGroupAttributes.pairs(planned, targetType: targetType, names: Array(TargetGroupAttributes.all.keys), update: false)) { _, new in new }
            try await TargetGroups.modifyAttributes(arn, pairs, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Target Group (\(arn))", partialObject: partial)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let arn = try await TargetGroups.arn(of: current, in: context) else { return nil }
        do {
            guard let group = try await TargetGroups.describe(arn: arn, in: context) else { return nil }
            var parameters = QueryParameters()
            parameters.set("TargetGroupArn", arn)
            let reported = ELBv2.attributes(in: try await ELBv2.call("DescribeTargetGroupAttributes", parameters, in: context))
            let targetType = group.string("TargetType") ?? "instance"
            let groupProtocol = group.string("Protocol")
            let name = group.string("TargetGroupName") ?? ""
            var attributes = try await ELBv2.tagAttributes(arn: arn, current: current, in: context)
            attributes.merge([
                "id": .string(arn),
                "arn": .string(arn),
                "arn_suffix": .string(ELBv2.targetGroupSuffix(arn)),
                "name": .string(name),
                "name_prefix": .string(TerraformIdentifiers.namePrefix(of: name)),
                "target_type": .string(targetType),
                "ip_address_type": .string(group.string("IpAddressType") ?? ""),
                "load_balancer_arns": .stringSet(group.all("LoadBalancerArns", "member").map(\.text)),
                // Lambda target groups have no port, protocol or VPC: the configuration's stay.
                "port": group.string("Port").flatMap { Int($0) }.map { .number($0) } ?? ELBv2.carried(current, "port", type: .number),
                "protocol": groupProtocol.map { .string($0) } ?? ELBv2.carried(current, "protocol", type: .string),
                "protocol_version": group.string("ProtocolVersion").map { .string($0) } ?? ELBv2.carried(current, "protocol_version", type: .string),
                "vpc_id": group.string("VpcId").map { .string($0) } ?? ELBv2.carried(current, "vpc_id", type: .string),
                "health_check": TargetGroupAttributes.healthCheckBlock(group),
                "stickiness": TargetGroupAttributes.stickinessBlock(reported, protocol: groupProtocol ?? ""),
                "target_failover": .list([], of: Self.failoverSchema.valueType),
                "target_group_health": .list([], of: Self.groupHealthSchema.valueType),
                "target_health_state": .list([], of: Self.healthStateSchema.valueType),
            ]) { _, new in new }
            attributes.merge(TargetGroupAttributes.values(from: reported, targetType: targetType, current: current)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ELBv2.wrap(error, doing: "reading ELBv2 Target Group (\(arn))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating ELBv2 Target Group", detail: "the target group has no ARN in state.") }
        let changed = { (name: String) in PlanSuppression.changed(name, prior, planned) }
        let targetType = planned.string("target_type") ?? "instance"
        let groupProtocol = planned.string("protocol") ?? ""
        do {
            if changed("health_check"), let check = planned.objects("health_check").first {
                var parameters = QueryParameters()
                parameters.set("TargetGroupArn", arn)
                TargetGroupAttributes.setHealthCheck(&parameters, check, targetType: targetType, protocolVersion: planned.string("protocol_version"), update: true)
                _ = try await ELBv2.call("ModifyTargetGroup", parameters, in: context)
            }
            var pairs: [String: String] = [:]
            if TargetGroupAttributes.instanceOrIP.contains(targetType), changed("stickiness") {
                if let stickiness = planned.objects("stickiness").first {
                    pairs.merge(TargetGroupAttributes.stickinessPairs(stickiness, protocol: groupProtocol)) { _, new in new }
                } else {
                    pairs["stickiness.enabled"] = "false"
                }
            }
            pairs.merge(TargetGroupAttributes.pairs(planned, targetType: targetType, names: TargetGroupAttributes.all.keys.filter(changed), update: true)) { _, new in new }
            try await TargetGroups.modifyAttributes(arn, pairs, in: context)
            try await ELBv2.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ELBv2.wrap(error, doing: "updating ELBv2 Target Group (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") else { return }
        do {
            // A listener or rule deleted a moment ago may still hold the group for a while.
            try await ELBv2.retrying("ELBv2 Target Group \(arn) to be released", timeout: .seconds(120), in: context, while: { error in
                error.code == "ResourceInUse" && error.message.contains("is currently in use by a listener or a rule")
            }) {
                var parameters = QueryParameters()
                parameters.set("TargetGroupArn", arn)
                _ = try await ELBv2.call("DeleteTargetGroup", parameters, in: context)
            }
        } catch where ELBv2.isError(error, "TargetGroupNotFound") {
            return
        } catch {
            throw ELBv2.wrap(error, doing: "deleting ELBv2 Target Group (\(arn))")
        }
    }
}

/// Finding target groups and setting their attributes.
enum TargetGroups {
    static func describe(arn: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("TargetGroupArns", [arn])
        return try await describe(parameters, in: context).first { $0.string("TargetGroupArn") == arn }
    }

    static func describe(name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("Names", [name])
        return try await describe(parameters, in: context).first { $0.string("TargetGroupName") == name }
    }

    static func describe(_ parameters: QueryParameters, in context: AWSContext) async throws -> [XMLNode] {
        do {
            return try await context.client.queryPages(.elbv2, action: "DescribeTargetGroups", parameters: parameters, token: .nextMarker)
                .flatMap { $0.all("TargetGroups", "member") }
        } catch where ELBv2.isError(error, "TargetGroupNotFound") {
            return []
        }
    }

    /// A new target group can be missing from DescribeTargetGroups for a moment.
    static func waitUntilExists(_ arn: String, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: .seconds(120), minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        try await waiter.wait(for: "ELBv2 Target Group \(arn) to exist", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            try await describe(arn: arn, in: context) == nil ? .pending("not visible yet") : .done(())
        }
    }

    static func modifyAttributes(_ arn: String, _ pairs: [String: String], in context: AWSContext) async throws {
        guard !pairs.isEmpty else { return }
        var parameters = QueryParameters()
        parameters.set("TargetGroupArn", arn)
        parameters.setList("Attributes", ELBv2.attributeList(pairs))
        _ = try await ELBv2.call("ModifyTargetGroupAttributes", parameters, in: context)
    }
}
