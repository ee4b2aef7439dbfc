import ResourceGraph

/// Between an `aws_route53_record` object and Route 53's `ResourceRecordSet` element, both
/// ways, as the provider maps them.
enum Route53RecordSet {
    static let aliasSchema = BlockSchema(attributes: [
        "evaluate_target_health": AttributeSchema(.bool, .required),
        "name": AttributeSchema(.string, .required),
        "zone_id": AttributeSchema(.string, .required),
    ])
    static let failoverSchema = BlockSchema(attributes: ["type": AttributeSchema(.string, .required)])
    static let geolocationSchema = BlockSchema(attributes: [
        "continent": AttributeSchema(.string, .optional),
        "country": AttributeSchema(.string, .optional),
        "subdivision": AttributeSchema(.string, .optional),
    ])
    static let latencySchema = BlockSchema(attributes: ["region": AttributeSchema(.string, .required)])
    static let weightedSchema = BlockSchema(attributes: ["weight": AttributeSchema(.number, .required)])

    /// TXT and SPF values are quoted strings in Route 53 and bare in configurations.
    static func isQuoted(_ type: String) -> Bool { type == "TXT" || type == "SPF" }

    /// The record set an object describes. Unset and zero values are left out, as the
    /// provider leaves them out.
    static func element(_ object: Value, type: String, fullName: String) -> XMLNode {
        func nonEmpty(_ name: String) -> String? { object.string(name).flatMap { $0.isEmpty ? nil : $0 } }
        let routing = { (block: String) -> Value? in object.objects(block).first }
        var children: [XMLNode?] = [.leaf("Name", fullName), .leaf("Type", type), Route53.leaf("SetIdentifier", nonEmpty("set_identifier"))]
        if let weight = routing("weighted_routing_policy")?.int("weight") { children.append(.leaf("Weight", String(weight))) }
        if let region = routing("latency_routing_policy")?.string("region") { children.append(.leaf("Region", region)) }
        if let geolocation = routing("geolocation_routing_policy") {
            func code(_ name: String) -> String? { geolocation.string(name).flatMap { $0.isEmpty ? nil : $0 } }
            children.append(.element("GeoLocation", [
                Route53.leaf("ContinentCode", code("continent")), Route53.leaf("CountryCode", code("country")),
                Route53.leaf("SubdivisionCode", code("subdivision")),
            ].compactMap { $0 }))
        }
        if let failover = routing("failover_routing_policy")?.string("type") { children.append(.leaf("Failover", failover)) }
        if object.bool("multivalue_answer_routing_policy") == true { children.append(.leaf("MultiValueAnswer", "true")) }
        if let ttl = object.int("ttl"), ttl != 0 { children.append(.leaf("TTL", String(ttl))) }
        let records = object.stringList("records") ?? []
        if !records.isEmpty {
            children.append(.element("ResourceRecords", records.map { value in
                .element("ResourceRecord", [.leaf("Value", isQuoted(type) ? "\"" + value + "\"" : value)])
            }))
        }
        if let alias = routing("alias") {
            children.append(.element("AliasTarget", [
                .leaf("HostedZoneId", alias.string("zone_id") ?? ""),
                .leaf("DNSName", alias.string("name") ?? ""),
                .leaf("EvaluateTargetHealth", alias.bool("evaluate_target_health") == true ? "true" : "false"),
            ]))
        }
        children.append(Route53.leaf("HealthCheckId", nonEmpty("health_check_id")))
        return .element("ResourceRecordSet", children.compactMap { $0 })
    }

    /// The attributes a record set gives (everything but the configuration's own `name`,
    /// `zone_id` and `allow_overwrite`).
    static func attributes(of set: XMLNode) -> [String: Value] {
        let type = set.string("Type") ?? ""
        let values = set.all("ResourceRecords", "ResourceRecord").compactMap { $0.string("Value") }.map { value in
            isQuoted(type) ? unquoted(value) : value
        }
        func block(_ schema: BlockSchema, _ object: [String: Value]?) -> Value {
            .list(object.map { [.object($0)] } ?? [], of: schema.valueType)
        }
        let alias = set.child("AliasTarget").map { target -> [String: Value] in
            [
                "evaluate_target_health": .bool(target.path("EvaluateTargetHealth")?.boolValue ?? false),
                "name": .string(Route53DomainNames.normalizedAlias(target.string("DNSName") ?? "")),
                "zone_id": .string(target.string("HostedZoneId") ?? ""),
            ]
        }
        let geolocation = set.child("GeoLocation").map { location -> [String: Value] in
            [
                "continent": .string(location.string("ContinentCode") ?? ""),
                "country": .string(location.string("CountryCode") ?? ""),
                "subdivision": .string(location.string("SubdivisionCode") ?? ""),
            ]
        }
        return [
            "type": .string(type),
            "records": .stringSet(values),
            "ttl": .number(set.path("TTL")?.intValue),
            "set_identifier": .string(set.string("SetIdentifier") ?? ""),
            "health_check_id": .string(set.string("HealthCheckId") ?? ""),
            "multivalue_answer_routing_policy": .bool(set.path("MultiValueAnswer")?.boolValue ?? false),
            "alias": block(aliasSchema, alias),
            "failover_routing_policy": block(failoverSchema, set.string("Failover").map { ["type": .string($0)] }),
            "geolocation_routing_policy": block(geolocationSchema, geolocation),
            "latency_routing_policy": block(latencySchema, set.string("Region").map { ["region": .string($0)] }),
            "weighted_routing_policy": block(weightedSchema, set.path("Weight")?.intValue.map { ["weight": .number($0)] }),
        ]
    }

    /// One pair of surrounding quotes removed, as the provider removes them (the quotes of a
    /// value made of several strings stay between them).
    static func unquoted(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        return String(value.dropFirst().dropLast())
    }
}
