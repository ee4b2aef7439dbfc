import Foundation
import Provisioner
import ResourceGraph

/// `aws_vpc_endpoint`: a VPC endpoint, Gateway (S3, DynamoDB: routes in `route_table_ids`) or
/// Interface (network interfaces in `subnet_ids`, guarded by `security_group_ids`), with an
/// optional policy compared as JSON. Creation waits until it is available. Import id: the
/// endpoint id.
struct VPCEndpointResource: AWSResourceType {
    static let displayName = "EC2 VPC Endpoint"
    static let typeName = "aws_vpc_endpoint"
    static let systemTagSearch = SystemTagSearch.ec2

    static let dnsOptionsSchema = BlockSchema(attributes: [
        "dns_record_ip_type": AttributeSchema(.string, .optionalComputed),
        "private_dns_only_for_inbound_resolver_endpoint": AttributeSchema(.bool, .optional),
        "private_dns_preference": AttributeSchema(.string, .optionalComputed),
        "private_dns_specified_domains": AttributeSchema(.set(.string), .optionalComputed),
    ])

    static let subnetConfigurationSchema = BlockSchema(attributes: [
        "ipv4": AttributeSchema(.string, .optional),
        "ipv6": AttributeSchema(.string, .optional),
        "subnet_id": AttributeSchema(.string, .optional),
    ])

    static let dnsEntryType = ValueType.object(["dns_name": .string, "hosted_zone_id": .string])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "auto_accept": AttributeSchema(.bool, .optional),
            "cidr_blocks": AttributeSchema(.list(.string), .computed),
            "dns_entry": AttributeSchema(.list(dnsEntryType), .computed),
            "ip_address_type": AttributeSchema(.string, .optionalComputed),
            "network_interface_ids": AttributeSchema(.set(.string), .computed),
            "owner_id": AttributeSchema(.string, .computed),
            "policy": AttributeSchema(.string, .optionalComputed),
            "prefix_list_id": AttributeSchema(.string, .computed),
            "private_dns_enabled": AttributeSchema(.bool, .optionalComputed),
            "requester_managed": AttributeSchema(.bool, .computed),
            "resource_configuration_arn": AttributeSchema(.string, .optional, forceNew: true),
            "route_table_ids": AttributeSchema(.set(.string), .optionalComputed),
            "security_group_ids": AttributeSchema(.set(.string), .optionalComputed),
            "service_name": AttributeSchema(.string, .optional, forceNew: true),
            "service_network_arn": AttributeSchema(.string, .optional, forceNew: true),
            "service_region": AttributeSchema(.string, .optionalComputed, forceNew: true),
            "state": AttributeSchema(.string, .computed),
            "subnet_ids": AttributeSchema(.set(.string), .optionalComputed),
            "vpc_endpoint_type": AttributeSchema(.string, .optional, forceNew: true, default: .string("Gateway")),
            "vpc_id": AttributeSchema(.string, .required, forceNew: true),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "dns_options": NestedBlockSchema(.list, dnsOptionsSchema, maxItems: 1),
            "subnet_configuration": NestedBlockSchema(.set, subnetConfigurationSchema),
            "timeouts": Timeouts.block(create: true, update: true, delete: true),
        ]))

    // MARK: Planning

    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        var replace: [ValuePath] = []
        if let prior, PolicyDocuments.equivalent(prior.string("policy"), planned.string("policy")) {
            planned = planned.setting(["policy": prior[attribute: "policy"] ?? .null(.string)])
        }
        // dns_options and subnet_configuration are optional and computed in Terraform: without
        // blocks in the configuration, what AWS has stands.
        if (configuration[attribute: "dns_options"]?.elements ?? []).isEmpty {
            planned = planned.setting(["dns_options": prior?[attribute: "dns_options"] ?? .unknown(.list(Self.dnsOptionsSchema.valueType))])
        } else if let prior, let before = prior.objects("dns_options").first, let after = planned.objects("dns_options").first,
                  ["private_dns_preference", "private_dns_specified_domains"].contains(where: { name in
                      (after[attribute: name]?.isKnown ?? false) && !(after[attribute: name]?.isNull ?? true)
                          && !ObjectPlanning.equivalent(before[attribute: name] ?? .null, after[attribute: name] ?? .null)
                  }) {
            // The private DNS preference and its domains cannot change in place.
            replace.append(["dns_options"])
        }
        let subnetsChanged = prior.map { !ObjectPlanning.equivalent($0[attribute: "subnet_ids"] ?? .null, planned[attribute: "subnet_ids"] ?? .null) } ?? false
        let configuredSubnets = (configuration[attribute: "subnet_configuration"]?.elements ?? []).isEmpty == false
        if configuredSubnets {
            let normalized = planned.objects("subnet_configuration").map(Self.normalizedSubnetConfiguration)
            planned = planned.setting(["subnet_configuration": .set(normalized, of: Self.subnetConfigurationSchema.valueType)])
        } else {
            let keep = subnetsChanged ? nil : prior?[attribute: "subnet_configuration"]
            planned = planned.setting(["subnet_configuration": keep ?? .unknown(.set(Self.subnetConfigurationSchema.valueType))])
        }
        if let prior {
            let configurationChanged = !ObjectPlanning.equivalent(prior[attribute: "subnet_configuration"] ?? .null, planned[attribute: "subnet_configuration"] ?? .null)
            if subnetsChanged || configurationChanged { planned = planned.setting(["network_interface_ids": .unknown(.set(.string))]) }
            if configuredSubnets, configurationChanged, configuration[attribute: "subnet_ids"]?.isNull ?? true {
                planned = planned.setting(["subnet_ids": .unknown(.set(.string))])
            }
            // Only Interface endpoints can turn private DNS on or off in place.
            if planned.string("vpc_endpoint_type") != "Interface", let wanted = planned.bool("private_dns_enabled"),
               wanted != (prior.bool("private_dns_enabled") ?? false) {
                replace.append(["private_dns_enabled"])
            }
        }
        return PlannedChange(planned: planned, requiresReplace: replace)
    }

    private static func normalizedSubnetConfiguration(_ configuration: Value) -> Value {
        var attributes: [String: Value] = [:]
        for name in subnetConfigurationSchema.attributes.keys {
            let value = configuration[attribute: name] ?? .null(.string)
            attributes[name] = value.isNull ? .string("") : value
        }
        return .object(attributes)
    }

    // MARK: Operations

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        let serviceName = planned.string("service_name") ?? planned.string("resource_configuration_arn") ?? planned.string("service_network_arn") ?? ""
        var parameters = QueryParameters()
        parameters.set("ClientToken", context.idempotencyToken)
        parameters.set("VpcId", planned.string("vpc_id"))
        parameters.set("VpcEndpointType", planned.string("vpc_endpoint_type") ?? "Gateway")
        parameters.set("ServiceName", planned.string("service_name"))
        parameters.set("ResourceConfigurationArn", planned.string("resource_configuration_arn"))
        parameters.set("ServiceNetworkArn", planned.string("service_network_arn"))
        parameters.set("ServiceRegion", planned.string("service_region").flatMap { $0.isEmpty ? nil : $0 })
        // Terraform always says whether private DNS is wanted; unset means no.
        parameters.set("PrivateDnsEnabled", planned.bool("private_dns_enabled") ?? false)
        parameters.set("IpAddressType", planned.string("ip_address_type").flatMap { $0.isEmpty ? nil : $0 })
        if let policy = planned.string("policy"), !policy.isEmpty { parameters.set("PolicyDocument", policy) }
        for (name, attribute) in [("RouteTableId", "route_table_ids"), ("SubnetId", "subnet_ids"), ("SecurityGroupId", "security_group_ids")] {
            if let ids = planned.stringList(attribute), !ids.isEmpty { parameters.setList(name, ids.sorted()) }
        }
        if let options = planned.objects("dns_options").first { parameters.set("DnsOptions", Self.dnsOptions(options, serviceName: serviceName, type: planned.string("vpc_endpoint_type"))) }
        let subnetConfigurations = planned.objects("subnet_configuration")
        if !subnetConfigurations.isEmpty { parameters.setList("SubnetConfiguration", subnetConfigurations.map(Self.subnetConfiguration)) }
        EC2.setTagSpecification(&parameters, resourceType: "vpc-endpoint", tags: planned.stringMap("tags_all") ?? [:])

        let response: XMLNode
        do {
            response = try await context.client.query(.ec2, action: "CreateVpcEndpoint", parameters: parameters, idempotent: context.idempotencyToken != nil)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 VPC Endpoint (\(serviceName))")
        }
        guard let id = response.string("vpcEndpoint", "vpcEndpointId") else {
            throw ProviderError("Creating EC2 VPC Endpoint (\(serviceName))", detail: "CreateVpcEndpoint answered without an endpoint id.")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            let timeout = Timeouts.duration(planned, "create", default: .seconds(600))
            if planned.bool("auto_accept") == true, response.string("vpcEndpoint", "state")?.lowercased() == "pendingacceptance" {
                try await accept(id, serviceName: serviceName, timeout: timeout, in: context)
            }
            try await waitUntilAvailable(id, timeout: timeout, in: context)
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating EC2 VPC Endpoint (\(serviceName))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") else { return nil }
        do {
            guard let endpoint = try await describe(id, in: context), endpoint.string("state")?.lowercased() != "deleted" else { return nil }
            let owner = endpoint.string("ownerId")
            let interfaces = endpoint.all("networkInterfaceIdSet", "item").compactMap { $0.text.isEmpty ? nil : $0.text }
            let serviceName = endpoint.string("serviceName")
            var prefixList: XMLNode? = nil
            if let serviceName { prefixList = try await self.prefixList(named: serviceName, in: context) }
            let remotePolicy = endpoint.string("policyDocument") ?? ""
            let priorPolicy = current.string("policy")
            var attributes: [String: Value] = [
                "id": .string(id),
                "arn": .string(EC2.arn(context, owner: owner, resource: "vpc-endpoint/\(id)")),
                "auto_accept": current[attribute: "auto_accept"] ?? .null(.bool),
                "cidr_blocks": .stringList(prefixList?.all("cidrSet", "item").map(\.text) ?? []),
                "dns_entry": .list(endpoint.all("dnsEntrySet", "item").map { entry in
                    .object(["dns_name": .string(entry.string("dnsName") ?? ""), "hosted_zone_id": .string(entry.string("hostedZoneId") ?? "")])
                }, of: Self.dnsEntryType),
                "dns_options": Self.dnsOptionsValue(endpoint.child("dnsOptions")),
                "ip_address_type": .string(endpoint.string("ipAddressType") ?? ""),
                "network_interface_ids": .stringSet(interfaces),
                "owner_id": .string(owner),
                "policy": .string(PolicyDocuments.equivalent(priorPolicy, remotePolicy) ? priorPolicy : remotePolicy),
                "prefix_list_id": .string(prefixList?.string("prefixListId") ?? ""),
                "private_dns_enabled": .bool(endpoint.child("privateDnsEnabled")?.boolValue ?? false),
                "requester_managed": .bool(endpoint.child("requesterManaged")?.boolValue ?? false),
                "resource_configuration_arn": .string(endpoint.string("resourceConfigurationArn") ?? ""),
                "route_table_ids": .stringSet(endpoint.all("routeTableIdSet", "item").map(\.text)),
                "security_group_ids": .stringSet(endpoint.all("groupSet", "item").compactMap { $0.string("groupId") }),
                "service_name": .string(serviceName),
                "service_network_arn": .string(endpoint.string("serviceNetworkArn") ?? ""),
                "service_region": .string(endpoint.string("serviceRegion") ?? ""),
                "state": .string(endpoint.string("state")),
                "subnet_configuration": try await subnetConfigurations(interfaces, in: context),
                "subnet_ids": .stringSet(endpoint.all("subnetIdSet", "item").map(\.text)),
                // GovCloud endpoints have no type; they are gateways.
                "vpc_endpoint_type": .string(endpoint.string("vpcEndpointType") ?? "Gateway"),
                "vpc_id": .string(endpoint.string("vpcId")),
                "timeouts": current[attribute: "timeouts"] ?? .null(Timeouts.valueType),
            ]
            attributes.merge(AWSTags.attributes(remote: EC2.tags(of: endpoint), prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 VPC Endpoint (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let id = prior.string("id") else { throw ProviderError("Updating EC2 VPC Endpoint", detail: "the endpoint has no id in state.") }
        do {
            let timeout = Timeouts.duration(planned, "update", default: .seconds(600))
            if planned.bool("auto_accept") == true, prior.bool("auto_accept") != true, prior.string("state")?.lowercased() == "pendingacceptance" {
                try await accept(id, serviceName: planned.string("service_name") ?? "", timeout: timeout, in: context)
            }
            if var parameters = modification(id, prior: prior, planned: planned) {
                parameters.set("VpcEndpointId", id)
                _ = try await context.client.query(.ec2, action: "ModifyVpcEndpoint", parameters: parameters)
                try await waitUntilAvailable(id, timeout: timeout, in: context)
            }
            try await EC2.updateTags(id: id, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating EC2 VPC Endpoint (\(id))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let id = current.string("id") else { return }
        do {
            var parameters = QueryParameters()
            parameters.setList("VpcEndpointId", [id])
            let response: XMLNode
            do {
                response = try await context.client.query(.ec2, action: "DeleteVpcEndpoints", parameters: parameters)
            } catch where EC2.isNotFound(error) {
                return
            }
            // DeleteVpcEndpoints answers success with the endpoints it could not delete listed.
            if let failure = response.all("unsuccessful", "item").first(where: { $0.string("resourceId") == id }) {
                let code = failure.string("error", "code") ?? ""
                if code.hasSuffix("NotFound") { return }
                throw ProviderError("Deleting EC2 VPC Endpoint (\(id))", detail: "\(code): \(failure.string("error", "message") ?? "")")
            }
            let waiter = EC2.waiter(timeout: Timeouts.duration(current, "delete", default: .seconds(600)), in: context)
            try await waiter.wait(for: "EC2 VPC Endpoint \(id) to be deleted", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
                guard let state = try await describe(id, in: context)?.string("state"), state.lowercased() != "deleted" else { return .done(()) }
                return .pending(state)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 VPC Endpoint (\(id))")
        }
    }

    // MARK: Calls

    private func describe(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        try await EC2.describeOne("DescribeVpcEndpoints", idParameter: "VpcEndpointId", id: id, set: "vpcEndpointSet", in: context)
    }

    private func waitUntilAvailable(_ id: String, timeout: Duration, in context: AWSContext) async throws {
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 VPC Endpoint \(id) to become available", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            guard let endpoint = try await describe(id, in: context) else { return .pending("not visible yet") }
            let state = endpoint.string("state") ?? ""
            switch state.lowercased() {
            // An endpoint to another account's service waits for that account to accept it.
            case "available", "pendingacceptance": return .done(())
            case "failed", "rejected", "deleted", "expired":
                let reason = endpoint.string("lastError", "message") ?? endpoint.string("failureReason") ?? ""
                return .failed("its state is \(state)\(reason.isEmpty ? "" : " (\(reason))")")
            default: return .pending(state)
            }
        }
    }

    /// Accepts the connection to an endpoint service of this account, for `auto_accept`.
    private func accept(_ id: String, serviceName: String, timeout: Duration, in context: AWSContext) async throws {
        var lookup = QueryParameters()
        lookup.setList("Filter", [EC2.filter("service-name", [serviceName])])
        let services = try await context.client.query(.ec2, action: "DescribeVpcEndpointServiceConfigurations", parameters: lookup).all("serviceConfigurationSet", "item")
        guard let serviceID = services.first?.string("serviceId") else {
            throw ProviderError("Accepting EC2 VPC Endpoint (\(id))", detail: "no endpoint service named \(serviceName) belongs to this account, so auto_accept cannot accept the connection.")
        }
        var parameters = QueryParameters()
        parameters.set("ServiceId", serviceID)
        parameters.setList("VpcEndpointId", [id])
        context.progress("accepting the connection to \(serviceName)")
        _ = try await context.client.query(.ec2, action: "AcceptVpcEndpointConnections", parameters: parameters)
        let waiter = EC2.waiter(timeout: timeout, in: context)
        try await waiter.wait(for: "EC2 VPC Endpoint \(id) to be accepted", progress: { context.progress("state: \($0.status)") }) { () async throws -> WaitStatus<Void> in
            let state = try await describe(id, in: context)?.string("state") ?? ""
            return state.lowercased() == "pendingacceptance" || state.isEmpty ? .pending(state.isEmpty ? "not visible yet" : state) : .done(())
        }
    }

    /// The AWS-managed prefix list of a gateway endpoint's service (S3, DynamoDB), if any.
    private func prefixList(named name: String, in context: AWSContext) async throws -> XMLNode? {
        var parameters = QueryParameters()
        parameters.setList("Filter", [EC2.filter("prefix-list-name", [name])])
        return try await context.client.query(.ec2, action: "DescribePrefixLists", parameters: parameters).all("prefixListSet", "item").first
    }

    /// Each interface's subnet and addresses, as `subnet_configuration` blocks.
    private func subnetConfigurations(_ interfaces: [String], in context: AWSContext) async throws -> Value {
        var configurations: [Value] = []
        for interface in interfaces {
            guard let described = try await EC2.describeOne("DescribeNetworkInterfaces", idParameter: "NetworkInterfaceId", id: interface, set: "networkInterfaceSet", in: context) else { continue }
            configurations.append(.object([
                "ipv4": .string(described.string("privateIpAddress") ?? ""),
                "ipv6": .string(described.string("ipv6Address") ?? ""),
                "subnet_id": .string(described.string("subnetId") ?? ""),
            ]))
        }
        return .set(configurations, of: Self.subnetConfigurationSchema.valueType)
    }

    /// ModifyVpcEndpoint's parameters for what changed, nil when nothing the call covers did.
    private func modification(_ id: String, prior: Value, planned: Value) -> QueryParameters? {
        var parameters = QueryParameters()
        for (attribute, add, remove) in [("route_table_ids", "AddRouteTableId", "RemoveRouteTableId"), ("subnet_ids", "AddSubnetId", "RemoveSubnetId"), ("security_group_ids", "AddSecurityGroupId", "RemoveSecurityGroupId")] {
            guard let wanted = planned.stringList(attribute) else { continue }
            let before = Set(prior.stringList(attribute) ?? []), after = Set(wanted)
            if !after.subtracting(before).isEmpty { parameters.setList(add, after.subtracting(before).sorted()) }
            if !before.subtracting(after).isEmpty { parameters.setList(remove, before.subtracting(after).sorted()) }
        }
        if !PolicyDocuments.equivalent(prior.string("policy"), planned.string("policy")), let policy = planned.string("policy") {
            if policy.isEmpty { parameters.set("ResetPolicy", true) } else { parameters.set("PolicyDocument", policy) }
        }
        if let wanted = planned.string("ip_address_type"), !wanted.isEmpty, wanted.lowercased() != (prior.string("ip_address_type") ?? "").lowercased() {
            parameters.set("IpAddressType", wanted)
        }
        let serviceName = planned.string("service_name") ?? ""
        let optionsChanged = !ObjectPlanning.equivalent(prior[attribute: "dns_options"] ?? .null, planned[attribute: "dns_options"] ?? .null)
        if let wanted = planned.bool("private_dns_enabled"), wanted != (prior.bool("private_dns_enabled") ?? false) {
            parameters.set("PrivateDnsEnabled", wanted)
            if wanted, let options = planned.objects("dns_options").first {
                parameters.set("DnsOptions", Self.dnsOptions(options, serviceName: serviceName, type: planned.string("vpc_endpoint_type")))
            }
        }
        if optionsChanged, let options = planned.objects("dns_options").first {
            parameters.set("DnsOptions", Self.dnsOptions(options, serviceName: serviceName, type: planned.string("vpc_endpoint_type")))
        }
        if !ObjectPlanning.equivalent(prior[attribute: "subnet_configuration"] ?? .null, planned[attribute: "subnet_configuration"] ?? .null) {
            let configurations = planned.objects("subnet_configuration")
            if !configurations.isEmpty { parameters.setList("SubnetConfiguration", configurations.map(Self.subnetConfiguration)) }
        }
        return parameters.isEmpty ? nil : parameters
    }

    /// `DnsOptions`: the inbound-resolver flag applies only to S3 Interface endpoints, the
    /// preference and domains to the others.
    private static func dnsOptions(_ options: Value, serviceName: String, type: String?) -> QueryParameters {
        QueryParameters { parameters in
            parameters.set("DnsRecordIpType", options.string("dns_record_ip_type").flatMap { $0.isEmpty ? nil : $0 })
            let isS3Interface = type == "Interface" && serviceName.hasPrefix("com.amazonaws.") && serviceName.hasSuffix(".s3")
            if isS3Interface {
                parameters.set("PrivateDnsOnlyForInboundResolverEndpoint", options.bool("private_dns_only_for_inbound_resolver_endpoint"))
            } else {
                parameters.set("PrivateDnsPreference", options.string("private_dns_preference").flatMap { $0.isEmpty ? nil : $0 })
                if let domains = options.stringList("private_dns_specified_domains"), !domains.isEmpty {
                    parameters.setList("PrivateDnsSpecifiedDomain", domains.sorted())
                }
            }
        }
    }

    private static func subnetConfiguration(_ configuration: Value) -> QueryParameters {
        QueryParameters { parameters in
            parameters.set("SubnetId", configuration.string("subnet_id").flatMap { $0.isEmpty ? nil : $0 })
            parameters.set("Ipv4", configuration.string("ipv4").flatMap { $0.isEmpty ? nil : $0 })
            parameters.set("Ipv6", configuration.string("ipv6").flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    private static func dnsOptionsValue(_ options: XMLNode?) -> Value {
        guard let options else { return .list([], of: dnsOptionsSchema.valueType) }
        return .list([.object([
            "dns_record_ip_type": .string(options.string("dnsRecordIpType") ?? ""),
            "private_dns_only_for_inbound_resolver_endpoint": .bool(options.child("privateDnsOnlyForInboundResolverEndpoint")?.boolValue ?? false),
            "private_dns_preference": .string(options.string("privateDnsPreference") ?? ""),
            "private_dns_specified_domains": .stringSet(options.all("privateDnsSpecifiedDomainSet", "item").map(\.text)),
        ])], of: dnsOptionsSchema.valueType)
    }
}
