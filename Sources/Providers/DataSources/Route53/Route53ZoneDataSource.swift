import Provisioner
import ResourceGraph

/// `data "aws_route53_zone"`: one hosted zone, by id, or by name (public unless `private_zone`
/// or `vpc_id` says otherwise) and tags.
struct Route53ZoneDataSource: AWSDataSourceType {
    static let typeName = "aws_route53_zone"

    let schema = BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "zone_id": AttributeSchema(.string, .optionalComputed),
        "name": AttributeSchema(.string, .optionalComputed),
        "private_zone": AttributeSchema(.bool, .optional, default: .false),
        "vpc_id": AttributeSchema(.string, .optional),
        "tags": AttributeSchema(.map(.string), .optionalComputed),
        "arn": AttributeSchema(.string, .computed),
        "caller_reference": AttributeSchema(.string, .computed),
        "comment": AttributeSchema(.string, .computed),
        "enable_accelerated_recovery": AttributeSchema(.bool, .optional),
        "linked_service_description": AttributeSchema(.string, .computed),
        "linked_service_principal": AttributeSchema(.string, .computed),
        "name_servers": AttributeSchema(.list(.string), .computed),
        "primary_name_server": AttributeSchema(.string, .computed),
        "resource_record_set_count": AttributeSchema(.number, .computed),
    ])

    func read(_ configuration: Value, in context: AWSContext) async throws -> Value {
        let zoneID = configuration.string("zone_id").flatMap { $0.isEmpty ? nil : $0 }
        let name = configuration.string("name").flatMap { $0.isEmpty ? nil : $0 }
        let vpcID = configuration.string("vpc_id").flatMap { $0.isEmpty ? nil : $0 }
        // A VPC implies a private zone; private_zone = false is the same as leaving it out.
        let privateZone = vpcID != nil || configuration.bool("private_zone") == true
        if zoneID != nil, name != nil {
            throw ProviderError("Invalid combination of arguments", detail: "only one of zone_id or name may be set in data \"aws_route53_zone\".")
        }
        let wantedTags = (configuration.stringMap("tags") ?? [:]).filter { !$0.key.hasPrefix("aws:") }
        do {
            let zone: XMLNode
            var zoneTags: [String: String]? = nil
            if let zoneID {
                guard let found = try await Route53.hostedZone(zoneID, in: context)?.child("HostedZone") else {
                    throw ProviderError("Reading Route 53 Hosted Zone", detail: "no Route 53 Hosted Zone \(zoneID) exists.")
                }
                zone = found
            } else {
                var matches: [(XMLNode, [String: String]?)] = []
                for candidate in try await hostedZones(in: context) {
                    if let name, Route53DomainNames.normalized(candidate.string("Name") ?? "") != Route53DomainNames.normalized(name) { continue }
                    if (candidate.path("Config", "PrivateZone")?.boolValue ?? false) != privateZone { continue }
                    let id = Route53.cleanZoneID(candidate.string("Id") ?? "")
                    if let vpcID {
                        let details = try await Route53.hostedZone(id, in: context)
                        guard details?.all("VPCs", "VPC").contains(where: { $0.string("VPCId") == vpcID }) == true else { continue }
                    }
                    var tags: [String: String]? = nil
                    if !wantedTags.isEmpty {
                        let candidateTags = try await Route53.tags(zoneID: id, in: context)
                        guard wantedTags.allSatisfy({ candidateTags[$0.key] == $0.value }) else { continue }
                        tags = candidateTags
                    }
                    matches.append((candidate, tags))
                }
                guard matches.count == 1 else {
                    throw ProviderError("Reading Route 53 Hosted Zone", detail: matches.isEmpty
                        ? "no matching Route 53 Hosted Zone found."
                        : "multiple Route 53 Hosted Zones matched; use additional constraints to reduce matches to a single Route 53 Hosted Zone.")
                }
                (zone, zoneTags) = matches[0]
            }
            return try await attributes(of: zone, tags: zoneTags, configuration: configuration, in: context)
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Route 53 Hosted Zone")
        }
    }

    private func attributes(of zone: XMLNode, tags knownTags: [String: String]?, configuration: Value, in context: AWSContext) async throws -> Value {
        let id = Route53.cleanZoneID(zone.string("Id") ?? "")
        guard let details = try await Route53.hostedZone(id, in: context) else {
            throw ProviderError("Reading Route 53 Hosted Zone (\(id))", detail: "the zone no longer exists.")
        }
        let nameServers = try await Route53.nameServers(zoneID: id, zone: details, in: context)
        let tags: [String: String]
        if let knownTags {
            tags = knownTags
        } else {
            tags = try await Route53.tags(zoneID: id, in: context)
        }
        var accelerated = configuration[attribute: "enable_accelerated_recovery"] ?? .null(.bool)
        if let status = zone.string("Features", "AcceleratedRecoveryStatus") {
            accelerated = .bool(status == "ENABLED")
        }
        return .object([
            "id": .string(id),
            "zone_id": .string(id),
            "arn": .string(Route53.zoneARN(id, in: context)),
            "name": .string(Route53DomainNames.normalized(zone.string("Name") ?? "")),
            "private_zone": .bool(zone.path("Config", "PrivateZone")?.boolValue ?? false),
            "vpc_id": configuration[attribute: "vpc_id"] ?? .null(.string),
            "caller_reference": .string(zone.string("CallerReference") ?? ""),
            "comment": .string(zone.string("Config", "Comment") ?? ""),
            "enable_accelerated_recovery": accelerated,
            "linked_service_description": .string(zone.string("LinkedService", "Description") ?? ""),
            "linked_service_principal": .string(zone.string("LinkedService", "ServicePrincipal") ?? ""),
            // Unlike the resource, the data source keeps the name servers as AWS lists them.
            "name_servers": .stringList(nameServers),
            "primary_name_server": .string(nameServers.first ?? ""),
            "resource_record_set_count": .number(zone.path("ResourceRecordSetCount")?.intValue ?? 0),
            "tags": .stringMap(tags.filter { !$0.key.hasPrefix("aws:") && !context.settings.ignoresTag($0.key) }),
        ])
    }

    private func hostedZones(in context: AWSContext) async throws -> [XMLNode] {
        var zones: [XMLNode] = []
        var marker: String? = nil
        while true {
            let page = try await Route53.call("ListHostedZones", "GET", "/hostedzone", query: marker.map { [("marker", $0)] } ?? [], in: context)
            zones += page.all("HostedZones", "HostedZone")
            guard page.path("IsTruncated")?.boolValue == true, let next = page.string("NextMarker"), next != marker else { return zones }
            marker = next
        }
    }
}
