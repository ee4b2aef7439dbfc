import Foundation
import ResourceGraph

/// The arguments of `aws_lb` that are load balancer attributes (ModifyLoadBalancerAttributes
/// keys), which apply to some load balancer types only, and the `access_logs` and
/// `connection_logs` blocks built from attributes too.
enum LoadBalancerAttributes {
    enum Kind { case bool, int, string }

    struct Attribute {
        let key: String
        let kind: Kind
        let types: Set<String>
    }

    static let application: Set<String> = ["application"]

    /// Argument name to attribute, as the provider maps them.
    static let all: [String: Attribute] = [
        "client_keep_alive": Attribute(key: "client_keep_alive.seconds", kind: .int, types: application),
        "desync_mitigation_mode": Attribute(key: "routing.http.desync_mitigation_mode", kind: .string, types: application),
        "dns_record_client_routing_policy": Attribute(key: "dns_record.client_routing_policy", kind: .string, types: ["network"]),
        "drop_invalid_header_fields": Attribute(key: "routing.http.drop_invalid_header_fields.enabled", kind: .bool, types: application),
        // Application load balancers always balance across zones; the attribute is fixed there.
        "enable_cross_zone_load_balancing": Attribute(key: "load_balancing.cross_zone.enabled", kind: .bool, types: ["network", "gateway"]),
        "enable_deletion_protection": Attribute(key: "deletion_protection.enabled", kind: .bool, types: ["application", "network", "gateway"]),
        "enable_http2": Attribute(key: "routing.http2.enabled", kind: .bool, types: application),
        "enable_tls_version_and_cipher_suite_headers": Attribute(key: "routing.http.x_amzn_tls_version_and_cipher_suite.enabled", kind: .bool, types: application),
        "enable_waf_fail_open": Attribute(key: "waf.fail_open.enabled", kind: .bool, types: application),
        "enable_xff_client_port": Attribute(key: "routing.http.xff_client_port.enabled", kind: .bool, types: application),
        "enable_zonal_shift": Attribute(key: "zonal_shift.config.enabled", kind: .bool, types: ["application", "network"]),
        "idle_timeout": Attribute(key: "idle_timeout.timeout_seconds", kind: .int, types: application),
        "preserve_host_header": Attribute(key: "routing.http.preserve_host_header.enabled", kind: .bool, types: application),
        "xff_header_processing_mode": Attribute(key: "routing.http.xff_header_processing.mode", kind: .string, types: application),
    ]

    /// Arguments whose difference Terraform ignores for a load balancer type (its
    /// DiffSuppressFuncs): the attribute does not exist there, so AWS never reports it.
    static func ignored(for type: String) -> [String] {
        var names = all.filter { !$0.value.types.contains(type) }.map(\.key)
        if type == "application" { names.append("enable_cross_zone_load_balancing") }
        return names
    }

    /// The attributes to send for `names` (every argument at create, the changed ones at
    /// update), leaving out those the type does not have and empty strings.
    static func pairs(_ object: Value, type: String, names: [String]) -> [String: String] {
        var pairs: [String: String] = [:]
        for name in names {
            guard let attribute = all[name], attribute.types.contains(type) else { continue }
            switch attribute.kind {
            case .bool: pairs[attribute.key] = ELBv2.text(object.bool(name) ?? false)
            case .int: pairs[attribute.key] = String(object.int(name) ?? 0)
            case .string:
                if let text = object.string(name), !text.isEmpty { pairs[attribute.key] = text }
            }
        }
        return pairs
    }

    /// The arguments for the attributes AWS reported; those it did not report keep their value.
    static func values(from reported: [String: String], current: Value) -> [String: Value] {
        var values: [String: Value] = [:]
        for (name, attribute) in all {
            guard let text = reported[attribute.key] else {
                let type: ValueType = attribute.kind == .bool ? .bool : attribute.kind == .int ? .number : .string
                values[name] = ELBv2.carried(current, name, type: type)
                continue
            }
            switch attribute.kind {
            case .bool: values[name] = .bool(text == "true")
            case .int: values[name] = .number(Int(text) ?? 0)
            case .string: values[name] = .string(text)
            }
        }
        return values
    }

    // MARK: Logs blocks

    static let logsSchema = BlockSchema(attributes: [
        "bucket": AttributeSchema(.string, .required),
        "enabled": AttributeSchema(.bool, .optional, default: .false),
        "prefix": AttributeSchema(.string, .optional),
    ])

    /// `access_logs` (prefix `access_logs.s3`) or `connection_logs` (`connection_logs.s3`):
    /// `enabled`, and when enabled the bucket and prefix (at update even when empty, to clear them).
    static func logPairs(_ block: Value?, prefix: String, update: Bool) -> [String: String] {
        guard let block else { return ["\(prefix).enabled": "false"] }
        let enabled = block.bool("enabled") ?? false
        var pairs = ["\(prefix).enabled": ELBv2.text(enabled)]
        if enabled {
            for field in ["bucket", "prefix"] {
                let text = block.string(field) ?? ""
                if update || !text.isEmpty { pairs["\(prefix).\(field)"] = text }
            }
        }
        return pairs
    }

    /// The logs block as AWS reports it.
    static func logBlock(_ reported: [String: String], prefix: String) -> Value {
        guard !reported.isEmpty else { return .list([], of: logsSchema.valueType) }
        return .list([.object([
            "bucket": .string(reported["\(prefix).bucket"] ?? ""),
            "enabled": .bool(reported["\(prefix).enabled"] == "true"),
            "prefix": .string(reported["\(prefix).prefix"] ?? ""),
        ])], of: logsSchema.valueType)
    }

    /// Bucket and prefix do not matter while logging is off (the provider suppresses their
    /// differences): a disabled block keeps the prior bucket and prefix.
    static func keepingDisabledLogSettings(_ name: String, in planned: Value, prior: Value?) -> Value {
        guard let prior, let new = planned.objects(name).first, new.bool("enabled") != true,
              let old = prior.objects(name).first else { return planned }
        let kept = new.setting(["bucket": old[attribute: "bucket"] ?? .null(.string), "prefix": old[attribute: "prefix"] ?? .null(.string)])
        return planned.setting([name: .list([kept], of: logsSchema.valueType)])
    }
}
