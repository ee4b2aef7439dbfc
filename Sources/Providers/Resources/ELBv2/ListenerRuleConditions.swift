import Foundation
import Provisioner
import ResourceGraph

/// The `condition` blocks of `aws_lb_listener_rule`: one kind of match each, as AWS's
/// `Conditions` members and back.
enum ListenerRuleConditions {
    static let unsupportedRegex = "regular expression matches are not implemented yet"

    static let valuesSchema = BlockSchema(attributes: ["values": AttributeSchema(.set(.string), .required)])
    static let patternSchema = BlockSchema(attributes: [
        "values": AttributeSchema(.set(.string), .optional),
        "regex_values": AttributeSchema(.set(.string), .optional, unsupported: unsupportedRegex),
    ])
    static let httpHeaderSchema = BlockSchema(attributes: [
        "http_header_name": AttributeSchema(.string, .required),
        "values": AttributeSchema(.set(.string), .optional),
        "regex_values": AttributeSchema(.set(.string), .optional, unsupported: unsupportedRegex),
    ])
    static let queryStringSchema = BlockSchema(attributes: [
        "key": AttributeSchema(.string, .optional),
        "value": AttributeSchema(.string, .required),
    ])

    static let conditionSchema = BlockSchema(blocks: [
        "host_header": NestedBlockSchema(.list, patternSchema, maxItems: 1),
        "http_header": NestedBlockSchema(.list, httpHeaderSchema, maxItems: 1),
        "http_request_method": NestedBlockSchema(.list, valuesSchema, maxItems: 1),
        "path_pattern": NestedBlockSchema(.list, patternSchema, maxItems: 1),
        "query_string": NestedBlockSchema(.set, queryStringSchema),
        "source_ip": NestedBlockSchema(.list, valuesSchema, maxItems: 1),
    ])

    static let block = NestedBlockSchema(.set, conditionSchema, minItems: 1)

    /// Block name, AWS field name and the member holding its configuration.
    static let kinds: [(block: String, field: String, member: String)] = [
        ("host_header", "host-header", "HostHeaderConfig"),
        ("http_header", "http-header", "HttpHeaderConfig"),
        ("http_request_method", "http-request-method", "HttpRequestMethodConfig"),
        ("path_pattern", "path-pattern", "PathPatternConfig"),
        ("query_string", "query-string", "QueryStringConfig"),
        ("source_ip", "source-ip", "SourceIpConfig"),
    ]

    /// The `Conditions` members; each block must hold exactly one kind of match.
    static func parameters(_ conditions: [Value]) throws -> [QueryParameters] {
        try conditions.map { condition in
            let present = kinds.filter { !condition.objects($0.block).isEmpty }
            guard present.count == 1, let kind = present.first else {
                throw ProviderError("Invalid condition block", detail: present.isEmpty
                    ? "One of host_header, http_header, http_request_method, path_pattern, query_string or source_ip must be set in a condition block"
                    : "Only one of host_header, http_header, http_request_method, path_pattern, query_string or source_ip can be set in a condition block")
            }
            return QueryParameters { parameters in
                parameters.set("Field", kind.field)
                let blocks = condition.objects(kind.block)
                parameters.set(kind.member, QueryParameters { config in
                    if kind.block == "query_string" {
                        config.setList("Values", blocks.map { pair in
                            QueryParameters { entry in
                                if let key = pair.string("key"), !key.isEmpty { entry.set("Key", key) }
                                entry.set("Value", pair.string("value"))
                            }
                        })
                        return
                    }
                    if kind.block == "http_header" { config.set("HttpHeaderName", blocks[0].string("http_header_name")) }
                    config.setList("Values", (blocks[0].stringList("values") ?? []).sorted())
                })
            }
        }
    }

    /// The blocks for the conditions AWS reports, shaped as the configuration's are (every
    /// kind present, empty but one; unset arguments null) so that the sets order alike.
    static func blocks(_ reported: [XMLNode]) -> Value {
        .set(reported.map { condition in
            var block: [String: Value] = [:]
            for (name, nested) in conditionSchema.blocks {
                block[name] = nested.nesting == .set ? .set([], of: nested.block.valueType) : .list([], of: nested.block.valueType)
            }
            let field = condition.string("Field") ?? ""
            guard let kind = kinds.first(where: { $0.field == field }) else { return .object(block) }
            let config = condition.path(kind.member)
            let values = (config?.all("Values", "member") ?? []).map(\.text)
            // Conditions made with the older `Values` field report their values there.
            let legacyValues = condition.all("Values", "member").map(\.text)
            let nested = conditionSchema.blocks[kind.block]!
            switch kind.block {
            case "query_string":
                block[kind.block] = .set((config?.all("Values", "member") ?? []).map { pair in
                    .object(["key": .string(pair.string("Key").flatMap { $0.isEmpty ? nil : $0 }), "value": .string(pair.string("Value") ?? "")])
                }, of: nested.block.valueType)
            case "http_header":
                block[kind.block] = .list([.object([
                    "http_header_name": .string(config?.string("HttpHeaderName") ?? ""),
                    "values": .stringSet(values),
                    "regex_values": .null(.set(.string)),
                ])], of: nested.block.valueType)
            case "host_header", "path_pattern":
                block[kind.block] = .list([.object([
                    "values": .stringSet(values.isEmpty ? legacyValues : values),
                    "regex_values": .null(.set(.string)),
                ])], of: nested.block.valueType)
            default:
                block[kind.block] = .list([.object(["values": .stringSet(values)])], of: nested.block.valueType)
            }
            return .object(block)
        }, of: conditionSchema.valueType)
    }
}
