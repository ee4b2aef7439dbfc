import Foundation
import Provisioner
import ResourceGraph

/// `aws_lb_listener` (also `aws_alb_listener`): a port and protocol a load balancer accepts
/// connections on, and what it does with them. Its id is its ARN. Import id: the ARN.
struct ListenerResource: AWSResourceType {
    static let displayName = "ELBv2 Listener"
    static let typeName = "aws_lb_listener"

    static let unsupportedMutualTLS = "mutual TLS authentication (trust stores) is not implemented yet"
    static let mutualAuthenticationSchema = BlockSchema(attributes: [
        "advertise_trust_store_ca_names": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedMutualTLS),
        "ignore_client_certificate_expiry": AttributeSchema(.bool, .optional, unsupported: unsupportedMutualTLS),
        "mode": AttributeSchema(.string, .required, unsupported: unsupportedMutualTLS),
        "trust_store_arn": AttributeSchema(.string, .optional, unsupported: unsupportedMutualTLS),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "load_balancer_arn": AttributeSchema(.string, .required, forceNew: true),
            "port": AttributeSchema(.number, .optional),
            "protocol": AttributeSchema(.string, .optionalComputed),
            "ssl_policy": AttributeSchema(.string, .optionalComputed),
            "certificate_arn": AttributeSchema(.string, .optional),
            "alpn_policy": AttributeSchema(.string, .optional),
        ].merging(ListenerAttributes.schemaAttributes()) { a, _ in a }.merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "default_action": ListenerActions.block,
            "mutual_authentication": NestedBlockSchema(.list, mutualAuthenticationSchema, maxItems: 1),
            "timeouts": Timeouts.block(create: true, update: true, delete: false),
        ]))

    // MARK: Plan

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) throws -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        if let listenerProtocol = planned.string("protocol") { planned = planned.setting(["protocol": .string(listenerProtocol.uppercased())]) }
        try ListenerActions.validate(planned.objects("default_action"), name: "default_action")
        guard let prior else { return PlannedChange(planned: planned) }
        var kept: [String: Value] = [
            "default_action": .list(ListenerActions.plan(planned.objects("default_action"), prior: prior.objects("default_action")), of: ListenerActions.actionSchema.valueType),
        ]
        let effective = ListenerAttributes.effectiveProtocol(planned.string("protocol"), loadBalancerARN: planned.string("load_balancer_arn"))
        for name in ListenerAttributes.ignored(for: effective) { kept[name] = prior[attribute: name] }
        planned = planned.setting(kept.compactMapValues { $0 })
        return PlannedChange(planned: PlanSuppression.keepPriorBlockWhenUnconfigured("mutual_authentication", in: planned, prior: prior, configuration: configuration))
    }

    // MARK: Create

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let loadBalancerARN = planned.string("load_balancer_arn") else { throw ProviderError("Creating ELBv2 Listener", detail: "load_balancer_arn is not known.") }
        let timeout = Timeouts.duration(planned, "create", default: .seconds(300))
        var parameters = QueryParameters()
        parameters.set("LoadBalancerArn", loadBalancerARN)
        if let alpn = planned.string("alpn_policy"), !alpn.isEmpty { parameters.setList("AlpnPolicy", [alpn]) }
        let certificate = planned.string("certificate_arn").flatMap { $0.isEmpty ? nil : $0 }
        if let certificate { parameters.setList("Certificates", [QueryParameters { $0.set("CertificateArn", certificate) }]) }
        parameters.setList("DefaultActions", ListenerActions.parameters(planned.objects("default_action")))
        if let port = planned.int("port"), port != 0 { parameters.set("Port", port) }
        if let listenerProtocol = planned.string("protocol"), !listenerProtocol.isEmpty {
            parameters.set("Protocol", listenerProtocol)
        } else if loadBalancerARN.contains("loadbalancer/app/") {
            // The provider's default for application load balancers.
            parameters.set("Protocol", certificate == nil ? "HTTP" : "HTTPS")
        }
        if let policy = planned.string("ssl_policy"), !policy.isEmpty { parameters.set("SslPolicy", policy) }
        ELBv2.setTags(&parameters, planned.stringMap("tags_all") ?? [:])
        let arn: String
        do {
            // A new certificate takes a while to be usable by ELB.
            let response = try await ELBv2.retrying("the certificate of the listener", timeout: timeout, in: context, while: { $0.code == "CertificateNotFound" }) {
                try await ELBv2.call("CreateListener", parameters, in: context, idempotent: false)
            }
            guard let created = response.all("Listeners", "member").first?.string("ListenerArn") else {
                throw ProviderError("Creating ELBv2 Listener (\(loadBalancerARN))", detail: "CreateListener answered without an ARN.")
            }
            arn = created
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Listener (\(loadBalancerARN))")
        }
        let partial = planned.setting(["id": .string(arn), "arn": .string(arn)])
        do {
            let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
            let listener = try await waiter.wait(for: "ELBv2 Listener \(arn) to exist", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<XMLNode> in
                try await Self.describe(arn, in: context).map { .done($0) } ?? .pending("not visible yet")
            }
            // Listener attributes cannot be given at create.
            let effective = ListenerAttributes.effectiveProtocol(listener.string("Protocol"), loadBalancerARN: loadBalancerARN)
            try await Self.modifyAttributes(arn, ListenerAttributes.pairs(planned, protocol: effective, names: Array(ListenerAttributes.all.keys)), in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ELBv2.wrap(error, doing: "creating ELBv2 Listener (\(arn))", partialObject: partial)
        }
    }

    // MARK: Read

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let arn = current.string("id") ?? current.string("arn") else { return nil }
        do {
            guard let listener = try await Self.describe(arn, in: context) else { return nil }
            let listenerProtocol = listener.string("Protocol")
            let alpn = listener.all("AlpnPolicy", "member").map(\.text)
            let certificates = listener.all("Certificates", "member").compactMap { $0.string("CertificateArn") }
            let priorActions = current[attribute: "default_action"].flatMap { $0.isKnown && !($0.elements ?? []).isEmpty ? $0.elements : nil }
            var attributes = try await ELBv2.tagAttributes(arn: arn, current: current, in: context)
            attributes.merge([
                "id": .string(arn),
                "arn": .string(arn),
                "load_balancer_arn": .string(listener.string("LoadBalancerArn")),
                "port": .number(listener.string("Port").flatMap { Int($0) }),
                "protocol": .string(listenerProtocol ?? ""),
                "ssl_policy": .string(listener.string("SslPolicy") ?? ""),
                "alpn_policy": alpn.count == 1 ? .string(alpn[0]) : ELBv2.carried(current, "alpn_policy", type: .string),
                "certificate_arn": certificates.count == 1 ? .string(certificates[0]) : ELBv2.carried(current, "certificate_arn", type: .string),
                "default_action": ListenerActions.blocks(listener.all("DefaultActions", "member"), prior: priorActions),
                "mutual_authentication": .list([], of: Self.mutualAuthenticationSchema.valueType),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]) { _, new in new }
            // TLS listeners have no attributes to describe.
            var reported: [String: String] = [:]
            if listenerProtocol != "TLS" {
                var parameters = QueryParameters()
                parameters.set("ListenerArn", arn)
                reported = ELBv2.attributes(in: try await ELBv2.call("DescribeListenerAttributes", parameters, in: context))
            }
            attributes.merge(ListenerAttributes.values(from: reported, current: current)) { _, new in new }
            return .object(attributes)
        } catch where ELBv2.isError(error, "ListenerNotFound") {
            return nil
        } catch {
            throw ELBv2.wrap(error, doing: "reading ELBv2 Listener (\(arn))")
        }
    }

    // MARK: Update

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let arn = prior.string("id") else { throw ProviderError("Updating ELBv2 Listener", detail: "the listener has no ARN in state.") }
        let changed = { (name: String) in PlanSuppression.changed(name, prior, planned) }
        let local = Set(["tags", "tags_all", "timeouts"]).union(ListenerAttributes.all.keys)
        let names = Array(schema.block.attributes.keys) + Array(schema.block.blocks.keys)
        do {
            if names.contains(where: { !local.contains($0) && changed($0) }) {
                var parameters = QueryParameters()
                parameters.set("ListenerArn", arn)
                if let alpn = planned.string("alpn_policy"), !alpn.isEmpty { parameters.setList("AlpnPolicy", [alpn]) }
                if let certificate = planned.string("certificate_arn"), !certificate.isEmpty {
                    parameters.setList("Certificates", [QueryParameters { $0.set("CertificateArn", certificate) }])
                }
                if changed("default_action") { parameters.setList("DefaultActions", ListenerActions.parameters(planned.objects("default_action"))) }
                if let port = planned.int("port"), port != 0 { parameters.set("Port", port) }
                if let listenerProtocol = planned.string("protocol"), !listenerProtocol.isEmpty { parameters.set("Protocol", listenerProtocol) }
                if let policy = planned.string("ssl_policy"), !policy.isEmpty { parameters.set("SslPolicy", policy) }
                _ = try await ELBv2.retrying("the certificate of listener \(arn)", timeout: Timeouts.duration(planned, "update", default: .seconds(300)), in: context, while: { $0.code == "CertificateNotFound" }) {
                    try await ELBv2.call("ModifyListener", parameters, in: context)
                }
            }
            let effective = ListenerAttributes.effectiveProtocol(planned.string("protocol"), loadBalancerARN: planned.string("load_balancer_arn"))
            try await Self.modifyAttributes(arn, ListenerAttributes.pairs(planned, protocol: effective, names: ListenerAttributes.all.keys.filter(changed)), in: context)
            try await ELBv2.updateTags(arn: arn, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ELBv2.wrap(error, doing: "updating ELBv2 Listener (\(arn))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    // MARK: Delete

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let arn = current.string("id") else { return }
        do {
            var parameters = QueryParameters()
            parameters.set("ListenerArn", arn)
            _ = try await ELBv2.call("DeleteListener", parameters, in: context)
        } catch where ELBv2.isError(error, "ListenerNotFound") {
            return
        } catch {
            throw ELBv2.wrap(error, doing: "deleting ELBv2 Listener (\(arn))")
        }
    }

    // MARK: Calls

    static func describe(_ arn: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("ListenerArns", [arn])
        do {
            return try await ELBv2.call("DescribeListeners", parameters, in: context).all("Listeners", "member").first { $0.string("ListenerArn") == arn }
        } catch where ELBv2.isError(error, "ListenerNotFound", "LoadBalancerNotFound") {
            return nil
        }
    }

    static func modifyAttributes(_ arn: String, _ pairs: [String: String], in context: AWSContext) async throws {
        guard !pairs.isEmpty else { return }
        var parameters = QueryParameters()
        parameters.set("ListenerArn", arn)
        parameters.setList("Attributes", ELBv2.attributeList(pairs))
        _ = try await ELBv2.call("ModifyListenerAttributes", parameters, in: context)
    }
}
