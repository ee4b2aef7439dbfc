import Foundation
import ResourceGraph

/// The arguments of `aws_lb_target_group` that are target group attributes
/// (ModifyTargetGroupAttributes keys), the `stickiness` block built from attributes, and the
/// `health_check` block built from the target group's own fields.
enum TargetGroupAttributes {
    enum Kind {
        case bool, int, string
        /// Strings that hold a number or a boolean, or nothing (`deregistration_delay = "300"`).
        case nullableInt, nullableBool
    }

    struct Attribute {
        let key: String
        let kind: Kind
        let targetTypes: Set<String>
    }

    static let instanceOrIP: Set<String> = ["instance", "ip"]

    /// Argument name to attribute, as the provider maps them.
    static let all: [String: Attribute] = [
        "connection_termination": Attribute(key: "deregistration_delay.connection_termination.enabled", kind: .bool, targetTypes: instanceOrIP),
        "deregistration_delay": Attribute(key: "deregistration_delay.timeout_seconds", kind: .nullableInt, targetTypes: instanceOrIP),
        "lambda_multi_value_headers_enabled": Attribute(key: "lambda.multi_value_headers.enabled", kind: .bool, targetTypes: ["lambda"]),
        "load_balancing_algorithm_type": Attribute(key: "load_balancing.algorithm.type", kind: .string, targetTypes: instanceOrIP),
        "load_balancing_anomaly_mitigation": Attribute(key: "load_balancing.algorithm.anomaly_mitigation", kind: .string, targetTypes: instanceOrIP),
        "load_balancing_cross_zone_enabled": Attribute(key: "load_balancing.cross_zone.enabled", kind: .string, targetTypes: instanceOrIP),
        "preserve_client_ip": Attribute(key: "preserve_client_ip.enabled", kind: .nullableBool, targetTypes: instanceOrIP),
        "proxy_protocol_v2": Attribute(key: "proxy_protocol_v2.enabled", kind: .bool, targetTypes: instanceOrIP),
        "slow_start": Attribute(key: "slow_start.duration_seconds", kind: .int, targetTypes: instanceOrIP),
    ]

    /// The attributes to send for `names`: at create only set values (true, positive, non-empty);
    /// at update every changed one, so that a value can be turned off again.
    static func pairs(_ object: Value, targetType: String, names: [String], update: Bool) -> [String: String] {
        var pairs: [String: String] = [:]
        for name in names {
            guard let attribute = all[name], attribute.targetTypes.contains(targetType) else { continue }
            switch attribute.kind {
            case .bool:
                let flag = object.bool(name) ?? false
                if flag || update { pairs[attribute.key] = ELBv2.text(flag) }
            case .int:
                let number = object.int(name) ?? 0
                if number > 0 || update { pairs[attribute.key] = String(number) }
            case .string:
                let text = object.string(name) ?? ""
                if !text.isEmpty || update { pairs[attribute.key] = text }
            case .nullableInt:
                if let text = object.string(name), let number = Int(text) { pairs[attribute.key] = String(number) }
            case .nullableBool:
                if let text = object.string(name), let flag = Bool(text.lowercased()) { pairs[attribute.key] = ELBv2.text(flag) }
            }
        }
        return pairs
    }

    /// The arguments for the attributes AWS reported, for the target types they apply to; the
    /// others keep their value.
    static func values(from reported: [String: String], targetType: String, current: Value) -> [String: Value] {
        var values: [String: Value] = [:]
        for (name, attribute) in all {
            let type: ValueType = switch attribute.kind {
            case .bool: .bool
            case .int: .number
            case .string, .nullableInt, .nullableBool: .string
            }
            guard attribute.targetTypes.contains(targetType), let text = reported[attribute.key] else {
                values[name] = ELBv2.carried(current, name, type: type)
                continue
            }
            switch attribute.kind {
            case .bool: values[name] = .bool(text == "true")
            case .int: values[name] = .number(Int(text) ?? 0)
            case .string, .nullableInt, .nullableBool: values[name] = .string(text)
            }
        }
        return values
    }

    // MARK: Stickiness

    static let stickinessSchema = BlockSchema(attributes: [
        "cookie_duration": AttributeSchema(.number, .optional, default: .number(86400)),
        "cookie_name": AttributeSchema(.string, .optional),
        "enabled": AttributeSchema(.bool, .optional, default: .true),
        "type": AttributeSchema(.string, .required),
    ])

    static let httpProtocols: Set<String> = ["HTTP", "HTTPS"]

    /// The stickiness attributes; cookie settings only for HTTP(S) target groups.
    static func stickinessPairs(_ block: Value, protocol: String) -> [String: String] {
        let type = block.string("type") ?? ""
        var pairs = ["stickiness.enabled": ELBv2.text(block.bool("enabled") ?? true), "stickiness.type": type]
        guard httpProtocols.contains(`protocol`) else { return pairs }
        let duration = String(block.int("cookie_duration") ?? 86400)
        switch type {
        case "lb_cookie":
            pairs["stickiness.lb_cookie.duration_seconds"] = duration
        case "app_cookie":
            pairs["stickiness.app_cookie.cookie_name"] = block.string("cookie_name") ?? ""
            pairs["stickiness.app_cookie.duration_seconds"] = duration
        default:
            break
        }
        return pairs
    }

    static func stickinessBlock(_ reported: [String: String], protocol: String) -> Value {
        guard !reported.isEmpty else { return .list([], of: stickinessSchema.valueType) }
        let type = reported["stickiness.type"] ?? ""
        var duration: Int?, cookieName: String?
        if httpProtocols.contains(`protocol`) {
            switch type {
            case "lb_cookie":
                duration = reported["stickiness.lb_cookie.duration_seconds"].flatMap { Int($0) }
            case "app_cookie":
                duration = reported["stickiness.app_cookie.duration_seconds"].flatMap { Int($0) }
                cookieName = reported["stickiness.app_cookie.cookie_name"]
            default:
                break
            }
        }
        return .list([.object([
            "enabled": .bool(reported["stickiness.enabled"] == "true"),
            "type": .string(type),
            "cookie_duration": .number(duration ?? 0),
            "cookie_name": .string(cookieName ?? ""),
        ])], of: stickinessSchema.valueType)
    }

    // MARK: Health check

    static let healthCheckSchema = BlockSchema(attributes: [
        "enabled": AttributeSchema(.bool, .optional, default: .true),
        "healthy_threshold": AttributeSchema(.number, .optional, default: .number(3)),
        "interval": AttributeSchema(.number, .optional, default: .number(30)),
        "matcher": AttributeSchema(.string, .optionalComputed),
        "path": AttributeSchema(.string, .optionalComputed),
        "port": AttributeSchema(.string, .optional, default: .string("traffic-port")),
        "protocol": AttributeSchema(.string, .optional, default: .string("HTTP")),
        "timeout": AttributeSchema(.number, .optionalComputed),
        "unhealthy_threshold": AttributeSchema(.number, .optional, default: .number(3)),
    ])

    /// The health check members of CreateTargetGroup and ModifyTargetGroup. Path and matcher
    /// only for non-TCP checks (at update always the path, to change or clear it); port and
    /// protocol not for Lambda targets; a gRPC target group's matcher is a gRPC code.
    static func setHealthCheck(_ parameters: inout QueryParameters, _ block: Value, targetType: String, protocolVersion: String?, update: Bool) {
        parameters.set("HealthCheckEnabled", block.bool("enabled") ?? true)
        parameters.set("HealthCheckIntervalSeconds", block.int("interval") ?? 30)
        parameters.set("HealthyThresholdCount", block.int("healthy_threshold") ?? 3)
        parameters.set("UnhealthyThresholdCount", block.int("unhealthy_threshold") ?? 3)
        if let timeout = block.int("timeout"), timeout != 0 { parameters.set("HealthCheckTimeoutSeconds", timeout) }
        let healthProtocol = (block.string("protocol") ?? "HTTP").uppercased()
        if healthProtocol != "TCP" {
            let path = block.string("path") ?? ""
            if update || !path.isEmpty { parameters.set("HealthCheckPath", path) }
            if let matcher = block.string("matcher"), update || !matcher.isEmpty {
                parameters.set("Matcher", QueryParameters { $0.set(protocolVersion?.uppercased() == "GRPC" ? "GrpcCode" : "HttpCode", matcher) })
            }
        }
        if targetType != "lambda" {
            parameters.set("HealthCheckPort", block.string("port") ?? "traffic-port")
            parameters.set("HealthCheckProtocol", healthProtocol)
        }
    }

    /// The health check as the target group reports it; what it leaves out is null.
    static func healthCheckBlock(_ group: XMLNode) -> Value {
        let matcher = group.string("Matcher", "GrpcCode") ?? group.string("Matcher", "HttpCode")
        return .list([.object([
            "enabled": .bool(group.string("HealthCheckEnabled").map { $0 == "true" }),
            "healthy_threshold": .number(group.string("HealthyThresholdCount").flatMap { Int($0) }),
            "interval": .number(group.string("HealthCheckIntervalSeconds").flatMap { Int($0) }),
            "matcher": .string(matcher),
            "path": .string(group.string("HealthCheckPath")),
            "port": .string(group.string("HealthCheckPort")),
            "protocol": .string(group.string("HealthCheckProtocol")),
            "timeout": .number(group.string("HealthCheckTimeoutSeconds").flatMap { Int($0) }),
            "unhealthy_threshold": .number(group.string("UnhealthyThresholdCount").flatMap { Int($0) }),
        ])], of: healthCheckSchema.valueType)
    }
}
