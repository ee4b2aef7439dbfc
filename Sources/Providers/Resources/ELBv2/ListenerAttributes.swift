import Foundation
import ResourceGraph

/// The arguments of `aws_lb_listener` that are listener attributes
/// (ModifyListenerAttributes keys), each for some listener protocols only.
enum ListenerAttributes {
    enum Kind { case bool, int, string }

    struct Attribute {
        let key: String
        let kind: Kind
        let protocols: Set<String>
    }

    static let https: Set<String> = ["HTTPS"]
    static let http: Set<String> = ["HTTP", "HTTPS"]

    static let all: [String: Attribute] = {
        var all: [String: Attribute] = [
            "tcp_idle_timeout_seconds": Attribute(key: "tcp.idle_timeout.seconds", kind: .int, protocols: ["TCP", "GENEVE"]),
            "routing_http_response_server_enabled": Attribute(key: "routing.http.response.server.enabled", kind: .bool, protocols: http),
        ]
        for header in ["mtls_clientcert", "mtls_clientcert_issuer", "mtls_clientcert_leaf", "mtls_clientcert_serial_number",
                       "mtls_clientcert_subject", "mtls_clientcert_validity", "tls_cipher_suite", "tls_version"] {
            all["routing_http_request_x_amzn_\(header)_header_name"] = Attribute(key: "routing.http.request.x_amzn_\(header).header_name", kind: .string, protocols: https)
        }
        for header in ["access_control_allow_credentials", "access_control_allow_headers", "access_control_allow_methods",
                       "access_control_allow_origin", "access_control_expose_headers", "access_control_max_age",
                       "content_security_policy", "strict_transport_security", "x_content_type_options", "x_frame_options"] {
            all["routing_http_response_\(header)_header_value"] = Attribute(key: "routing.http.response.\(header).header_value", kind: .string, protocols: http)
        }
        return all
    }()

    static func schemaAttributes() -> [String: AttributeSchema] {
        all.mapValues { attribute in
            AttributeSchema(attribute.kind == .bool ? .bool : attribute.kind == .int ? .number : .string, .optionalComputed)
        }
    }

    /// A gateway listener has no protocol of its own; AWS treats it as GENEVE.
    static func effectiveProtocol(_ listenerProtocol: String?, loadBalancerARN: String?) -> String {
        let upper = (listenerProtocol ?? "").uppercased()
        if upper.isEmpty, loadBalancerARN?.contains("loadbalancer/gwy/") == true { return "GENEVE" }
        return upper
    }

    /// The attributes to send for `names` that the protocol has, leaving out unset values.
    static func pairs(_ object: Value, protocol listenerProtocol: String, names: [String]) -> [String: String] {
        var pairs: [String: String] = [:]
        for name in names {
            guard let attribute = all[name], attribute.protocols.contains(listenerProtocol) else { continue }
            switch attribute.kind {
            case .bool:
                if let flag = object.bool(name) { pairs[attribute.key] = ELBv2.text(flag) }
            case .int:
                if let number = object.int(name), number != 0 { pairs[attribute.key] = String(number) }
            case .string:
                if let text = object.string(name), !text.isEmpty { pairs[attribute.key] = text }
            }
        }
        return pairs
    }

    /// The arguments for the attributes AWS reported; the others keep their value.
    static func values(from reported: [String: String], current: Value) -> [String: Value] {
        var values: [String: Value] = [:]
        for (name, attribute) in all {
            guard let text = reported[attribute.key] else {
                values[name] = ELBv2.carried(current, name, type: attribute.kind == .bool ? .bool : attribute.kind == .int ? .number : .string)
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

    /// Arguments the provider ignores for a protocol that does not have them.
    static func ignored(for listenerProtocol: String) -> [String] {
        all.filter { !$0.value.protocols.contains(listenerProtocol) }.map(\.key)
    }
}
