import Provisioner
import ResourceGraph

/// `data "aws_lb"` (also `data "aws_alb"`): the one load balancer with this ARN or name, or
/// carrying all these tags; every attribute of the resource.
struct LoadBalancerDataSource: AWSDataSourceType {
    static let typeName = "aws_lb"

    static let logsType = ValueType.object(["bucket": .string, "enabled": .bool, "prefix": .string])
    static let mappingType = LoadBalancerSubnets.mappingSchema.valueType

    let schema = BlockSchema(
        attributes: [
            "arn": AttributeSchema(.string, .optionalComputed),
            "name": AttributeSchema(.string, .optionalComputed),
            "tags": AttributeSchema(.map(.string), .optionalComputed),
            "id": AttributeSchema(.string, .computed),
            "arn_suffix": AttributeSchema(.string, .computed),
            "dns_name": AttributeSchema(.string, .computed),
            "zone_id": AttributeSchema(.string, .computed),
            "vpc_id": AttributeSchema(.string, .computed),
            "internal": AttributeSchema(.bool, .computed),
            "load_balancer_type": AttributeSchema(.string, .computed),
            "customer_owned_ipv4_pool": AttributeSchema(.string, .computed),
            "ip_address_type": AttributeSchema(.string, .computed),
            "security_groups": AttributeSchema(.set(.string), .computed),
            "subnets": AttributeSchema(.set(.string), .computed),
            "subnet_mapping": AttributeSchema(.set(mappingType), .computed),
            "access_logs": AttributeSchema(.list(logsType), .computed),
            "connection_logs": AttributeSchema(.list(logsType), .computed),
            "ipam_pools": AttributeSchema(.list(.object(["ipv4_ipam_pool_id": .string])), .computed),
            "enforce_security_group_inbound_rules_on_private_link_traffic": AttributeSchema(.string, .computed),
            "client_keep_alive": AttributeSchema(.number, .computed),
            "desync_mitigation_mode": AttributeSchema(.string, .computed),
            "dns_record_client_routing_policy": AttributeSchema(.string, .computed),
            "drop_invalid_header_fields": AttributeSchema(.bool, .computed),
            "enable_cross_zone_load_balancing": AttributeSchema(.bool, .computed),
            "enable_deletion_protection": AttributeSchema(.bool, .computed),
            "enable_http2": AttributeSchema(.bool, .computed),
            "enable_tls_version_and_cipher_suite_headers": AttributeSchema(.bool, .computed),
            "enable_waf_fail_open": AttributeSchema(.bool, .computed),
            "enable_xff_client_port": AttributeSchema(.bool, .computed),
            "enable_zonal_shift": AttributeSchema(.bool, .computed),
            "idle_timeout": AttributeSchema(.number, .computed),
            "preserve_host_header": AttributeSchema(.bool, .computed),
            "xff_header_processing_mode": AttributeSchema(.string, .computed),
        ],
        blocks: ["timeouts": Timeouts.block(create: false, update: false, delete: false, read: true)])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        var parameters = QueryParameters()
        if let arn = configuration.string("arn"), !arn.isEmpty {
            parameters.setList("LoadBalancerArns", [arn])
        } else if let name = configuration.string("name"), !name.isEmpty {
            parameters.setList("Names", [name])
        }
        let wanted = (configuration.stringMap("tags") ?? [:]).filter { !context.settings.ignoresTag($0.key) }
        do {
            var candidates: [(balancer: XMLNode, tags: [String: String])] = []
            for balancer in try await LoadBalancers.describe(parameters, in: context) {
                guard let arn = balancer.string("LoadBalancerArn") else { continue }
                let tags = try await ELBv2.tags(arn: arn, in: context)
                if wanted.allSatisfy({ tags[$0.key] == $0.value }) { candidates.append((balancer, tags)) }
            }
            guard candidates.count == 1, let (balancer, tags) = candidates.first, let arn = balancer.string("LoadBalancerArn") else {
                throw ProviderError("Reading ELBv2 Load Balancers", detail: "Search returned \(candidates.count) results, please revise so only one is returned")
            }
            let reported = try await LoadBalancers.attributes(arn, in: context)
            // What AWS does not report for the type is null here: a data source has no prior value.
            var attributes = LoadBalancers.attributes(of: balancer, reported: reported, current: .object([:]))
            attributes["connection_logs"] = LoadBalancerAttributes.logBlock(reported, prefix: "connection_logs.s3")
            attributes["ipam_pools"] = .list([], of: .object(["ipv4_ipam_pool_id": .string]))
            attributes["tags"] = .stringMap(tags.filter { !context.settings.ignoresTag($0.key) })
            return configuration.setting(attributes)
        } catch {
            throw ELBv2.wrap(error, doing: "reading ELBv2 Load Balancer")
        }
    }
}

/// `data "aws_alb"`: Terraform's older name for `data "aws_lb"`.
struct ALBDataSource: AWSDataSourceTypeAlias {
    static let typeName = "aws_alb"
    let original = LoadBalancerDataSource()
}
