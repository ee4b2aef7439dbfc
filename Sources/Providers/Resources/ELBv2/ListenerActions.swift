import Foundation
import Provisioner
import ResourceGraph

/// The action blocks of listeners (`default_action`) and listener rules (`action`): their
/// schema, the `Actions` members they become, how what AWS reports becomes blocks again, and
/// the provider's plan-time checks and diff suppressions.
enum ListenerActions {
    static let unsupportedAuthentication = "authenticate actions (Cognito and OIDC) are not implemented yet"

    static let targetGroupSchema = BlockSchema(attributes: [
        "arn": AttributeSchema(.string, .required),
        "weight": AttributeSchema(.number, .optional, default: .number(1)),
    ])
    static let forwardStickinessSchema = BlockSchema(attributes: [
        "duration": AttributeSchema(.number, .required),
        "enabled": AttributeSchema(.bool, .optional, default: .false),
    ])
    static let forwardSchema = BlockSchema(blocks: [
        "target_group": NestedBlockSchema(.set, targetGroupSchema, minItems: 1, maxItems: 5),
        "stickiness": NestedBlockSchema(.list, forwardStickinessSchema, maxItems: 1),
    ])
    static let redirectSchema = BlockSchema(attributes: [
        "host": AttributeSchema(.string, .optional, default: .string("#{host}")),
        "path": AttributeSchema(.string, .optional, default: .string("/#{path}")),
        "port": AttributeSchema(.string, .optional, default: .string("#{port}")),
        "protocol": AttributeSchema(.string, .optional, default: .string("#{protocol}")),
        "query": AttributeSchema(.string, .optional, default: .string("#{query}")),
        "status_code": AttributeSchema(.string, .required),
    ])
    static let fixedResponseSchema = BlockSchema(attributes: [
        "content_type": AttributeSchema(.string, .required),
        "message_body": AttributeSchema(.string, .optional),
        "status_code": AttributeSchema(.string, .optionalComputed),
    ])
    static let cognitoSchema = BlockSchema(attributes: [
        "authentication_request_extra_params": AttributeSchema(.map(.string), .optional, unsupported: unsupportedAuthentication),
        "on_unauthenticated_request": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedAuthentication),
        "scope": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedAuthentication),
        "session_cookie_name": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedAuthentication),
        "session_timeout": AttributeSchema(.number, .optionalComputed, unsupported: unsupportedAuthentication),
        "user_pool_arn": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
        "user_pool_client_id": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
        "user_pool_domain": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
    ])
    static let oidcSchema = BlockSchema(attributes: [
        "authentication_request_extra_params": AttributeSchema(.map(.string), .optional, unsupported: unsupportedAuthentication),
        "authorization_endpoint": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
        "client_id": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
        "client_secret": AttributeSchema(.string, .required, sensitive: true, unsupported: unsupportedAuthentication),
        "issuer": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
        "on_unauthenticated_request": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedAuthentication),
        "scope": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedAuthentication),
        "session_cookie_name": AttributeSchema(.string, .optionalComputed, unsupported: unsupportedAuthentication),
        "session_timeout": AttributeSchema(.number, .optionalComputed, unsupported: unsupportedAuthentication),
        "token_endpoint": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
        "user_info_endpoint": AttributeSchema(.string, .required, unsupported: unsupportedAuthentication),
    ])

    static let actionSchema = BlockSchema(
        attributes: [
            "type": AttributeSchema(.string, .required),
            "order": AttributeSchema(.number, .optionalComputed),
            "target_group_arn": AttributeSchema(.string, .optional),
        ],
        blocks: [
            "forward": NestedBlockSchema(.list, forwardSchema, maxItems: 1),
            "redirect": NestedBlockSchema(.list, redirectSchema, maxItems: 1),
            "fixed_response": NestedBlockSchema(.list, fixedResponseSchema, maxItems: 1),
            "authenticate_cognito": NestedBlockSchema(.list, cognitoSchema, maxItems: 1),
            "authenticate_oidc": NestedBlockSchema(.list, oidcSchema, maxItems: 1),
        ])

    /// The block of actions: required, in order.
    static let block = NestedBlockSchema(.list, actionSchema, minItems: 1)

    /// The config block each action type takes.
    static let configBlocks: [String: String] = [
        "forward": "forward", "redirect": "redirect", "fixed-response": "fixed_response",
        "authenticate-cognito": "authenticate_cognito", "authenticate-oidc": "authenticate_oidc",
    ]

    // MARK: Plan

    /// The provider's plan-time checks: each type needs its block, and a forward may name its
    /// target group at the top and in a `forward` block only when they agree.
    static func validate(_ actions: [Value], name: String) throws {
        for (index, action) in actions.enumerated() {
            guard let type = action.string("type")?.lowercased() else { continue }
            let path = "\(name)[\(index)]"
            let arn = action.string("target_group_arn") ?? ""
            let forward = action.objects("forward")
            if !arn.isEmpty, let groups = forward.first?.objects("target_group") {
                for group in groups where !(group.string("arn") ?? "").isEmpty && group.string("arn") != arn {
                    throw ProviderError("Invalid Attribute Combination", detail: "You can specify both a top-level target group ARN (\"\(path).target_group_arn\") and, with \"\(path).forward\", a target group list with ARNs, only if the ARNs match.")
                }
            }
            if type == "forward" {
                if action[attribute: "target_group_arn"]?.isNull != false, forward.isEmpty {
                    throw ProviderError("Invalid Attribute Combination", detail: "Either \"\(path).target_group_arn\" or \"\(path).forward\" must be specified when \"\(path).type\" is \"forward\".")
                }
            } else if let block = configBlocks[type], action.objects(block).isEmpty {
                throw ProviderError("Missing required argument", detail: "Attribute \"\(path).\(block)\" must be specified when \"\(path).type\" is \"\(type)\".")
            }
            for (otherType, block) in configBlocks where otherType != type && !action.objects(block).isEmpty {
                throw ProviderError("Invalid Attribute Combination", detail: "Attribute \"\(path).\(block)\" cannot be specified when \"\(path).type\" is \"\(type)\".")
            }
            if !arn.isEmpty, type != "forward" {
                throw ProviderError("Invalid Attribute Combination", detail: "Attribute \"\(path).target_group_arn\" cannot be specified when \"\(path).type\" is \"\(type)\".")
            }
        }
    }

    /// Keeps, action by action, what AWS reports and the configuration means the same by:
    /// a forward named one way (top-level ARN, or a `forward` block with that one group) that
    /// AWS reports both ways, and forward stickiness the configuration leaves out.
    static func plan(_ planned: [Value], prior: [Value]) -> [Value] {
        planned.enumerated().map { index, action in
            guard index < prior.count, action.string("type")?.lowercased() == "forward" else { return action }
            let old = prior[index]
            var kept: [String: Value] = [:]
            let arn = action.string("target_group_arn") ?? ""
            let oldForward = old.objects("forward").first
            let oldGroups = oldForward?.objects("target_group") ?? []
            if action.objects("forward").isEmpty, !arn.isEmpty, oldGroups.count == 1, oldGroups[0].string("arn") == arn {
                kept["forward"] = old[attribute: "forward"]
            }
            if (action.string("target_group_arn") ?? "").isEmpty, let group = action.objects("forward").first?.objects("target_group"),
               group.count == 1, group[0].string("arn") == old.string("target_group_arn") {
                kept["target_group_arn"] = old[attribute: "target_group_arn"]
            }
            if var forward = action.objects("forward").first, forward.objects("stickiness").isEmpty, let oldStickiness = oldForward?[attribute: "stickiness"] {
                forward = forward.setting(["stickiness": oldStickiness])
                kept["forward"] = .list([forward], of: forwardSchema.valueType)
            }
            return action.setting(kept.compactMapValues { $0 })
        }
    }

    // MARK: Requests

    /// The `Actions` (or `DefaultActions`) members: each numbered in order unless it sets one.
    static func parameters(_ actions: [Value]) -> [QueryParameters] {
        actions.enumerated().map { index, action in
            QueryParameters { parameters in
                let type = action.string("type") ?? ""
                parameters.set("Type", type)
                let order = action.int("order") ?? 0
                parameters.set("Order", order != 0 ? order : index + 1)
                switch type.lowercased() {
                case "forward":
                    if let arn = action.string("target_group_arn"), !arn.isEmpty { parameters.set("TargetGroupArn", arn) }
                    if let forward = action.objects("forward").first { parameters.set("ForwardConfig", forwardConfig(forward)) }
                case "redirect":
                    if let redirect = action.objects("redirect").first {
                        parameters.set("RedirectConfig", QueryParameters { config in
                            config.set("StatusCode", redirect.string("status_code"))
                            for (attribute, member) in [("host", "Host"), ("path", "Path"), ("port", "Port"), ("protocol", "Protocol"), ("query", "Query")] {
                                if let text = redirect.string(attribute) { config.set(member, text) }
                            }
                        })
                    }
                case "fixed-response":
                    if let response = action.objects("fixed_response").first {
                        parameters.set("FixedResponseConfig", QueryParameters { config in
                            // Sent empty when unset, as the provider does: AWS then says it is required.
                            config.set("StatusCode", response.string("status_code") ?? "")
                            config.set("ContentType", response.string("content_type"))
                            if let body = response.string("message_body") { config.set("MessageBody", body) }
                        })
                    }
                default:
                    break
                }
            }
        }
    }

    private static func forwardConfig(_ forward: Value) -> QueryParameters {
        QueryParameters { config in
            config.setList("TargetGroups", forward.objects("target_group").map { group in
                QueryParameters { $0.set("TargetGroupArn", group.string("arn")); $0.set("Weight", group.int("weight") ?? 1) }
            })
            if let stickiness = forward.objects("stickiness").first {
                config.set("TargetGroupStickinessConfig", QueryParameters { sticky in
                    sticky.set("Enabled", stickiness.bool("enabled") ?? false)
                    if let duration = stickiness.int("duration"), duration > 0 { sticky.set("DurationSeconds", duration) }
                })
            }
        }
    }

    // MARK: Blocks from AWS

    /// The blocks for the actions AWS reports, in order. A forward is reported both as a
    /// top-level target group and as a `forward` block: the one the prior object used is set,
    /// both when there is none (import), as the provider does.
    static func blocks(_ reported: [XMLNode], prior: [Value]?) -> Value {
        let sorted = reported.sorted { ($0.string("Order").flatMap { Int($0) } ?? 0) < ($1.string("Order").flatMap { Int($0) } ?? 0) }
        return .list(sorted.enumerated().map { index, action in
            let type = action.string("Type") ?? ""
            var block: [String: Value] = [
                "type": .string(type),
                "order": .number(action.string("Order").flatMap { Int($0) } ?? 0),
                "target_group_arn": .null(.string),
                "forward": .list([], of: forwardSchema.valueType),
                "redirect": .list([], of: redirectSchema.valueType),
                "fixed_response": .list([], of: fixedResponseSchema.valueType),
                "authenticate_cognito": .list([], of: cognitoSchema.valueType),
                "authenticate_oidc": .list([], of: oidcSchema.valueType),
            ]
            switch type {
            case "forward":
                let arn = Value.string(action.string("TargetGroupArn"))
                let forward = forwardBlock(action.path("ForwardConfig"))
                if let prior, index < prior.count {
                    let usedForward = !prior[index].objects("forward").isEmpty
                    let usedARN = !(prior[index].string("target_group_arn") ?? "").isEmpty
                    if usedForward { block["forward"] = forward }
                    if usedARN || !usedForward { block["target_group_arn"] = arn }
                } else {
                    block["forward"] = forward
                    block["target_group_arn"] = arn
                }
            case "redirect":
                if let config = action.path("RedirectConfig") {
                    block["redirect"] = .list([.object([
                        "host": .string(config.string("Host")),
                        "path": .string(config.string("Path")),
                        "port": .string(config.string("Port")),
                        "protocol": .string(config.string("Protocol")),
                        "query": .string(config.string("Query")),
                        "status_code": .string(config.string("StatusCode")),
                    ])], of: redirectSchema.valueType)
                }
            case "fixed-response":
                if let config = action.path("FixedResponseConfig") {
                    block["fixed_response"] = .list([.object([
                        "content_type": .string(config.string("ContentType")),
                        "message_body": .string(config.string("MessageBody")),
                        "status_code": .string(config.string("StatusCode")),
                    ])], of: fixedResponseSchema.valueType)
                }
            default:
                break
            }
            return .object(block)
        }, of: actionSchema.valueType)
    }

    private static func forwardBlock(_ config: XMLNode?) -> Value {
        guard let config else { return .list([], of: forwardSchema.valueType) }
        let groups = config.all("TargetGroups", "member").map { group -> Value in
            .object(["arn": .string(group.string("TargetGroupArn") ?? ""), "weight": .number(group.string("Weight").flatMap { Int($0) } ?? 0)])
        }
        var stickiness: [Value] = []
        if let sticky = config.path("TargetGroupStickinessConfig") {
            stickiness = [.object([
                "enabled": .bool(sticky.string("Enabled") == "true"),
                "duration": .number(sticky.string("DurationSeconds").flatMap { Int($0) } ?? 0),
            ])]
        }
        return .list([.object([
            "target_group": .set(groups, of: targetGroupSchema.valueType),
            "stickiness": .list(stickiness, of: forwardStickinessSchema.valueType),
        ])], of: forwardSchema.valueType)
    }
}
