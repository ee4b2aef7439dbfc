import Foundation
import Provisioner
import ResourceGraph

/// `aws_route53_record`: one record set in a hosted zone. Import id:
/// `ZONEID_NAME_TYPE[_SETIDENTIFIER]`.
struct Route53RecordResource: AWSResourceType {
    static let displayName = "Route 53 Record"
    static let typeName = "aws_route53_record"

    private static let cidrReason = "CIDR routing (cidr_routing_policy) is not implemented yet"
    private static let geoproximityReason = "geoproximity routing (geoproximity_routing_policy) is not implemented yet"

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "zone_id": AttributeSchema(.string, .required, forceNew: true),
            "name": AttributeSchema(.string, .required, forceNew: true),
            "type": AttributeSchema(.string, .required),
            "ttl": AttributeSchema(.number, .optional),
            "records": AttributeSchema(.set(.string), .optional),
            "set_identifier": AttributeSchema(.string, .optional),
            "health_check_id": AttributeSchema(.string, .optional),
            "multivalue_answer_routing_policy": AttributeSchema(.bool, .optional),
            "allow_overwrite": AttributeSchema(.bool, .optionalComputed),
            "fqdn": AttributeSchema(.string, .computed),
        ],
        blocks: [
            "alias": NestedBlockSchema(.list, Route53RecordSet.aliasSchema, maxItems: 1),
            "failover_routing_policy": NestedBlockSchema(.list, Route53RecordSet.failoverSchema, maxItems: 1),
            "geolocation_routing_policy": NestedBlockSchema(.list, Route53RecordSet.geolocationSchema, maxItems: 1),
            "latency_routing_policy": NestedBlockSchema(.list, Route53RecordSet.latencySchema, maxItems: 1),
            "weighted_routing_policy": NestedBlockSchema(.list, Route53RecordSet.weightedSchema, maxItems: 1),
            "cidr_routing_policy": NestedBlockSchema(.list, BlockSchema(attributes: [
                "collection_id": AttributeSchema(.string, .required, unsupported: cidrReason),
                "location_name": AttributeSchema(.string, .required, unsupported: cidrReason),
            ]), maxItems: 1),
            "geoproximity_routing_policy": NestedBlockSchema(.list, BlockSchema(
                attributes: [
                    "aws_region": AttributeSchema(.string, .optional, unsupported: geoproximityReason),
                    "bias": AttributeSchema(.number, .optional, unsupported: geoproximityReason),
                    "local_zone_group": AttributeSchema(.string, .optional, unsupported: geoproximityReason),
                ],
                blocks: ["coordinates": NestedBlockSchema(.set, BlockSchema(attributes: [
                    "latitude": AttributeSchema(.string, .required, unsupported: geoproximityReason),
                    "longitude": AttributeSchema(.string, .required, unsupported: geoproximityReason),
                ]))]), maxItems: 1),
        ]), version: 2)

    static let changeTimeout = Duration.seconds(30 * 60)

    /// Names are kept as the provider keeps them: lower case, without a trailing dot (names
    /// from other resources, such as certificate validation records, come with one). Alias
    /// targets likewise, as Route 53 returns them.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = proposed
        if let name = planned.string("name") {
            planned = planned.setting(["name": .string(Route53DomainNames.trimmingTrailingDot(name).lowercased())])
        }
        if let alias = planned.objects("alias").first, let target = alias.string("name") {
            let normalized = alias.setting(["name": .string(Route53DomainNames.normalizedAlias(target))])
            planned = planned.setting(["alias": .list([normalized], of: Route53RecordSet.aliasSchema.valueType)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        try await write(planned, action: planned.bool("allow_overwrite") == true ? "UPSERT" : "CREATE", doing: "creating", in: context)
    }

    /// Sends the record with `action` and waits for the change; the id names the new record.
    private func write(_ planned: Value, action: String, replacing prior: Value? = nil, doing: String, in context: AWSContext) async throws -> Value {
        guard let zoneID = planned.string("zone_id").map(Route53.cleanZoneID), let name = planned.string("name"), let type = planned.string("type") else {
            throw ProviderError("\(doing.prefix(1).uppercased() + doing.dropFirst()) Route 53 Record", detail: "zone_id, name and type must be known.")
        }
        let id = Route53RecordID(zoneID: zoneID, name: name, type: type, setIdentifier: planned.string("set_identifier") ?? "").text
        let changeID: String?
        do {
            guard let zone = try await Route53.hostedZone(zoneID, in: context) else {
                throw ProviderError("\(doing.prefix(1).uppercased() + doing.dropFirst()) Route 53 Record (\(id))", detail: "no Route 53 Hosted Zone \(zoneID) exists.")
            }
            let zoneName = zone.string("HostedZone", "Name") ?? ""
            var changes: [(action: String, recordSet: XMLNode)] = []
            if let prior, let priorType = prior.string("type") {
                changes.append(("DELETE", Route53RecordSet.element(prior, type: priorType, fullName: Route53DomainNames.recordName(prior.string("name") ?? name, zoneName: zoneName))))
            }
            changes.append((action, Route53RecordSet.element(planned, type: type, fullName: Route53DomainNames.recordName(name, zoneName: zoneName))))
            changeID = try await sendRetryingUnknownZone(zoneID, changes, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "\(doing) Route 53 Record (\(id))")
        }
        let partial = planned.setting(["id": .string(id)])
        do {
            try await Route53.waitForChange(changeID, "Route 53 Record \(id)", timeout: Self.changeTimeout, in: context)
            return try await readBack(partial, in: context, after: doing)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "\(doing) Route 53 Record (\(id))", partialObject: partial)
        }
    }

    /// Sends a change batch, retrying for a minute while Route 53 does not know the zone yet (a
    /// zone just created elsewhere): such a batch was refused, so sending it again is safe.
    private func sendRetryingUnknownZone(_ zoneID: String, _ changes: [(action: String, recordSet: XMLNode)], in context: AWSContext) async throws -> String? {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while true {
            do {
                return try await Route53.changeRecordSets(zoneID: zoneID, comment: "Managed by Terraform", changes: changes, in: context)
            } catch where Route53.isNoSuchHostedZone(error) && ContinuousClock.now < deadline {
                context.progress("waiting for Route 53 to know Hosted Zone \(zoneID)")
                try await Task.sleep(for: .seconds(5))
            }
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        let key = recordKey(current)
        guard let key else { return nil }
        do {
            guard let found = try await find(key, in: context) else { return nil }
            let (set, fullName) = found
            var attributes = Route53RecordSet.attributes(of: set)
            attributes["id"] = .string(current.string("id") ?? key.text)
            attributes["zone_id"] = current[attribute: "zone_id"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .string(key.zoneID)
            attributes["name"] = current[attribute: "name"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .string(key.name)
            attributes["fqdn"] = .string(fullName)
            attributes["allow_overwrite"] = current[attribute: "allow_overwrite"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false
            attributes["cidr_routing_policy"] = .list([], of: schema.block.blocks["cidr_routing_policy"]!.block.valueType)
            attributes["geoproximity_routing_policy"] = .list([], of: schema.block.blocks["geoproximity_routing_policy"]!.block.valueType)
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Route 53 Record (\(key.text))")
        }
    }

    /// Zone, name, type and set identifier: from the object's attributes, or from its id when
    /// only that is known (an import).
    private func recordKey(_ object: Value) -> Route53RecordID? {
        if let zoneID = object.string("zone_id"), let name = object.string("name"), let type = object.string("type") {
            return Route53RecordID(zoneID: Route53.cleanZoneID(zoneID), name: name, type: type, setIdentifier: object.string("set_identifier") ?? "")
        }
        return object.string("id").flatMap(Route53RecordID.init(parsing:))
    }

    /// The record set and its full name, or nil when it (or its zone) is gone.
    private func find(_ key: Route53RecordID, in context: AWSContext) async throws -> (XMLNode, String)? {
        guard let zone = try await Route53.hostedZone(key.zoneID, in: context) else { return nil }
        let fullName = Route53DomainNames.recordName(key.name, zoneName: zone.string("HostedZone", "Name") ?? "")
        let wanted = Route53DomainNames.fullyQualified(fullName.lowercased())
        do {
            let sets = try await Route53.recordSets(
                zoneID: key.zoneID, name: wanted, type: key.type.uppercased(), maxItems: key.setIdentifier.isEmpty ? 1 : 100, in: context
            ) { set in
                Route53DomainNames.decodingEscapes(set.string("Name") ?? "").lowercased() == wanted
                    && (set.string("Type") ?? "").uppercased() == key.type
                    && (set.string("SetIdentifier") ?? "") == key.setIdentifier
            }
            guard let set = sets.first else { return nil }
            guard sets.count == 1 else {
                throw ProviderError("Reading Route 53 Record (\(key.text))", detail: "\(sets.count) record sets match; expected one.")
            }
            return (set, fullName)
        } catch where Route53.isNoSuchHostedZone(error) {
            return nil
        }
    }

    /// Name, type or set identifier changing needs the old record deleted in the same batch;
    /// anything else is an UPSERT of the record.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        let sameKey = planned.string("type") == prior.string("type") && (planned.string("set_identifier") ?? "") == (prior.string("set_identifier") ?? "")
        return try await write(planned, action: sameKey ? "UPSERT" : "CREATE", replacing: sameKey ? nil : prior, doing: "updating", in: context)
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let key = recordKey(current) else { return }
        do {
            guard let set = try await find(key, in: context)?.0 else { return }
            let changeID = try await Route53.changeRecordSets(zoneID: key.zoneID, comment: "Deleted by Terraform", changes: [("DELETE", set)], in: context)
            try await Route53.waitForChange(changeID, "deletion of Route 53 Record \(key.text)", timeout: Self.changeTimeout, in: context)
        } catch let error as AWSError where error.code == "InvalidChangeBatch" {
            // What the provider does too: the record went away between finding and deleting it.
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Route 53 Record (\(key.text))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        guard let key = Route53RecordID(parsing: id) else {
            throw ProviderError("Invalid import id", detail: "aws_route53_record is imported as ZONEID_RECORDNAME_TYPE_SET-IDENTIFIER (e.g. Z4KAPRWWNC7JR_dev.example.com_NS_dev), where SET-IDENTIFIER is optional; \(id) is not of that form.")
        }
        let seed = Value.object([
            "id": .string(id), "zone_id": .string(key.zoneID), "name": .string(key.name), "type": .string(key.type),
            "set_identifier": .string(key.setIdentifier),
        ])
        guard let object = try await read(seed, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "No Route 53 record \(id) exists.")
        }
        return object
    }
}

// MARK: Reconciliation

extension Route53RecordResource {
    /// A record set is unique by zone, name, type and set identifier.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "zone_id", "name", "type") }
}
