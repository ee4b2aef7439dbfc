import Foundation
import Provisioner
import ResourceGraph

/// Calls about load balancers that the resource and the data source share: finding one,
/// reading its attributes, waiting for its states, and turning a description into Terraform's
/// attributes.
enum LoadBalancers {
    static func describe(arn: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("LoadBalancerArns", [arn])
        return try await describe(parameters, in: context).first { $0.string("LoadBalancerArn") == arn }
    }

    static func describe(name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("Names", [name])
        return try await describe(parameters, in: context).first { $0.string("LoadBalancerName") == name }
    }

    /// Every load balancer the parameters select; none when AWS says they do not exist.
    static func describe(_ parameters: QueryParameters, in context: AWSContext) async throws -> [XMLNode] {
        do {
            return try await context.client.queryPages(.elbv2, action: "DescribeLoadBalancers", parameters: parameters, token: .nextMarker)
                .flatMap { $0.all("LoadBalancers", "member") }
        } catch where ELBv2.isError(error, "LoadBalancerNotFound") {
            return []
        }
    }

    static func attributes(_ arn: String, in context: AWSContext) async throws -> [String: String] {
        var parameters = QueryParameters()
        parameters.set("LoadBalancerArn", arn)
        return ELBv2.attributes(in: try await ELBv2.call("DescribeLoadBalancerAttributes", parameters, in: context))
    }

    /// ModifyLoadBalancerAttributes; attributes a partition does not know ("attribute key 'x'
    /// is not recognized/supported") are dropped and the rest sent again, as the provider does.
    /// Returns whether anything was sent.
    static func modifyAttributes(_ arn: String, _ pairs: [String: String], in context: AWSContext) async throws -> Bool {
        var remaining = pairs
        while !remaining.isEmpty {
            var parameters = QueryParameters()
            parameters.set("LoadBalancerArn", arn)
            parameters.setList("Attributes", ELBv2.attributeList(remaining))
            do {
                _ = try await ELBv2.call("ModifyLoadBalancerAttributes", parameters, in: context)
                return true
            } catch let error as AWSError {
                guard let key = unknownAttributeKey(error.message), remaining[key] != nil else { throw error }
                remaining.removeValue(forKey: key)
            }
        }
        return false
    }

    /// The key in "Load balancer attribute key 'routing.http.desync_mitigation_mode' is not recognized".
    static func unknownAttributeKey(_ message: String) -> String? {
        guard message.contains("is not recognized") || message.contains("is not supported"),
              let range = message.range(of: "attribute key ") else { return nil }
        let rest = message[range.upperBound...].drop { $0 == "'" || $0 == "\"" }
        let key = rest.prefix { $0 != "'" && $0 != "\"" && $0 != " " }
        return key.isEmpty ? nil : String(key)
    }

    static func setSecurityGroups(_ arn: String, _ groups: [String], enforce: String?, in context: AWSContext) async throws {
        var parameters = QueryParameters()
        parameters.set("LoadBalancerArn", arn)
        parameters.setList("SecurityGroups", groups.sorted())
        if let enforce, !enforce.isEmpty { parameters.set("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", enforce) }
        _ = try await ELBv2.call("SetSecurityGroups", parameters, in: context)
    }

    // MARK: Waiting

    /// Waits for `active`; `provisioning` (and `failed`, which AWS may still leave) are pending.
    static func waitUntilActive(_ arn: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(5), maxDelay: .seconds(30), clock: context.client.configuration.clock)
        try await waiter.wait(for: "ELBv2 Load Balancer \(arn) to become active", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let balancer = try await describe(arn: arn, in: context) else { return .pending("not visible yet") }
            switch balancer.string("State", "Code") ?? "" {
            case "active": return .done(())
            case "provisioning", "failed", "": return .pending(balancer.string("State", "Code") ?? "no state")
            case let state: return .failed("unexpected state \(state): \(balancer.string("State", "Reason") ?? "")")
            }
        }
    }

    static func waitUntilGone(_ arn: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(2), maxDelay: .seconds(15), clock: context.client.configuration.clock)
        try await waiter.wait(for: "ELBv2 Load Balancer \(arn) to be deleted", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            try await describe(arn: arn, in: context) == nil ? .done(()) : .pending("still listed")
        }
    }

    /// Waits until the network interfaces ELB made for the load balancer are gone (described
    /// `ELB app/name/id`, owned by `amazon-elb`, or `amazon-aws` for network load balancers).
    /// As in the provider, a wait that runs out is not a failure: the load balancer is gone,
    /// and whatever its interfaces still hold retries its own delete.
    static func waitForNetworkInterfacesToGo(_ arn: String, type: String, timeout: Duration, in context: AWSContext) async throws {
        let suffix = ELBv2.loadBalancerSuffix(arn)
        guard !suffix.isEmpty else { return }
        var parameters = QueryParameters()
        parameters.setList("Filter", [
            EC2.filter("attachment.instance-owner-id", [type == "network" ? "amazon-aws" : "amazon-elb"]),
            EC2.filter("description", ["ELB \(suffix)"]),
        ])
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(5), maxDelay: .seconds(30), clock: context.client.configuration.clock)
        do {
            try await waiter.wait(for: "the network interfaces of ELBv2 Load Balancer \(arn) to go", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
                let interfaces = try await context.client.queryPages(.ec2, action: "DescribeNetworkInterfaces", parameters: parameters, token: .ec2)
                    .flatMap { $0.all("networkInterfaceSet", "item") }
                return interfaces.isEmpty ? .done(()) : .pending("\(interfaces.count) network interfaces remain")
            }
        } catch let error as AWSWaiterError where error.kind == .timedOut {
            context.progress("network interfaces of \(arn) still remain; continuing")
        }
    }

    // MARK: Attributes

    /// Terraform's attributes for a described load balancer and its reported attributes; what
    /// AWS does not report for the type keeps the value in `current`.
    static func attributes(of balancer: XMLNode, reported: [String: String], current: Value) -> [String: Value] {
        let arn = balancer.string("LoadBalancerArn") ?? ""
        let type = balancer.string("Type") ?? "application"
        let zones = balancer.all("AvailabilityZones", "member")
        var attributes: [String: Value] = [
            "id": .string(arn),
            "arn": .string(arn),
            "arn_suffix": .string(ELBv2.loadBalancerSuffix(arn)),
            "name": .string(balancer.string("LoadBalancerName") ?? ""),
            "dns_name": .string(balancer.string("DNSName") ?? ""),
            "zone_id": .string(balancer.string("CanonicalHostedZoneId") ?? ""),
            "vpc_id": .string(balancer.string("VpcId") ?? ""),
            "internal": .bool(balancer.string("Scheme") == "internal"),
            "load_balancer_type": .string(type),
            "customer_owned_ipv4_pool": .string(balancer.string("CustomerOwnedIpv4Pool")),
            "ip_address_type": .string(balancer.string("IpAddressType") ?? ""),
            "security_groups": .stringSet(balancer.all("SecurityGroups", "member").map(\.text)),
            "subnets": LoadBalancerSubnets.subnets(zones),
            "subnet_mapping": LoadBalancerSubnets.mappings(zones),
            "enforce_security_group_inbound_rules_on_private_link_traffic": .string(balancer.string("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic") ?? ""),
            "access_logs": LoadBalancerAttributes.logBlock(reported, prefix: "access_logs.s3"),
        ]
        attributes["connection_logs"] = type == "application"
            ? LoadBalancerAttributes.logBlock(reported, prefix: "connection_logs.s3")
            : current[attribute: "connection_logs"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .list([], of: LoadBalancerAttributes.logsSchema.valueType)
        attributes.merge(LoadBalancerAttributes.values(from: reported, current: current)) { _, new in new }
        return attributes
    }
}
