import Foundation
import Provisioner
import ResourceGraph

/// `aws_route53_zone`: a public hosted zone, or a private one associated with VPCs. Import id:
/// the zone id.
struct Route53ZoneResource: AWSResourceType {
    static let displayName = "Route 53 Hosted Zone"
    static let typeName = "aws_route53_zone"

    static let vpcSchema = BlockSchema(attributes: [
        "vpc_id": AttributeSchema(.string, .required),
        "vpc_region": AttributeSchema(.string, .optionalComputed),
    ])

    let schema = ResourceTypeSchema(block: BlockSchema(
        attributes: [
            "id": AttributeSchema(.string, .computed),
            "arn": AttributeSchema(.string, .computed),
            "zone_id": AttributeSchema(.string, .computed),
            "name": AttributeSchema(.string, .required, forceNew: true),
            "comment": AttributeSchema(.string, .optional, default: .string("Managed by Terraform")),
            "delegation_set_id": AttributeSchema(.string, .optional, forceNew: true),
            "force_destroy": AttributeSchema(.bool, .optional, default: .false),
            "name_servers": AttributeSchema(.list(.string), .computed),
            "primary_name_server": AttributeSchema(.string, .computed),
            "enable_accelerated_recovery": AttributeSchema(.bool, .optional, unsupported: "accelerated recovery (UpdateHostedZoneFeatures) is not implemented yet"),
        ].merging(AWSTags.schemaAttributes) { a, _ in a },
        blocks: [
            "vpc": NestedBlockSchema(.set, vpcSchema),
            "timeouts": timeoutsBlock,
        ]))

    static let timeoutsBlock = Timeouts.block(create: true, update: true, delete: true)

    static let defaultTimeout = Duration.seconds(30 * 60)

    /// The name is kept as the provider keeps it: lower case, no trailing dot, so that
    /// `example.com` and `Example.com.` name the same zone.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        var planned = AWSTags.planTagsAll(proposed, settings: settings)
        if let name = planned.string("name") {
            planned = planned.setting(["name": .string(Route53DomainNames.normalized(name))])
        }
        // Unset, it stays what AWS reports (empty without a reusable delegation set).
        return PlannedChange(planned: PlannedValues.keepingEquivalentPrior(planned, prior: prior, ["delegation_set_id"]))
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let name = planned.string("name") else {
            throw ProviderError("Creating Route 53 Hosted Zone", detail: "the name is not known.")
        }
        let vpcs = planned.objects("vpc").map { vpcElement($0, in: context) }
        let callerReference = context.idempotencyToken.map { String($0.prefix(128)) } ?? UUID().uuidString
        let body = Route53.document("CreateHostedZoneRequest", [
            .leaf("Name", name),
            vpcs.first,
            .leaf("CallerReference", callerReference),
            .element("HostedZoneConfig", ([
                .leaf("Comment", planned.string("comment") ?? ""),
                // A zone created with a VPC is private; saying so is what makes it private
                // for every implementation of the API.
                vpcs.isEmpty ? nil : .leaf("PrivateZone", "true"),
            ] as [XMLNode?]).compactMap { $0 }),
            Route53.leaf("DelegationSetId", planned.string("delegation_set_id").flatMap { $0.isEmpty ? nil : $0 }),
        ])
        let timeout = Timeouts.duration(planned, "create", default: Self.defaultTimeout)
        let zoneID: String
        let changeID: String?
        do {
            // The caller reference makes a repeated request fail instead of creating a second
            // zone; such a failure is answered by finding the zone the first request made.
            let response = try await Route53.call("CreateHostedZone", "POST", "/hostedzone", body: body, idempotent: true, in: context)
            guard let id = response.string("HostedZone", "Id") else {
                throw ProviderError("Creating Route 53 Hosted Zone (\(name))", detail: "CreateHostedZone answered without a zone id.")
            }
            zoneID = Route53.cleanZoneID(id)
            changeID = response.string("ChangeInfo", "Id")
        } catch let error as AWSError where error.code == "HostedZoneAlreadyExists" {
            let existing: String?
            do {
                existing = try await zone(callerReference: callerReference, in: context)
            } catch {
                throw ProviderErrorBuilder.wrap(error, doing: "creating Route 53 Hosted Zone (\(name)): finding the zone an earlier attempt made")
            }
            guard let existing else { throw ProviderErrorBuilder.wrap(error, doing: "creating Route 53 Hosted Zone (\(name))") }
            zoneID = existing
            changeID = nil
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Route 53 Hosted Zone (\(name))")
        }

        let partial = planned.setting(["id": .string(zoneID), "zone_id": .string(zoneID)])
        do {
            try await Route53.waitForChange(changeID, "Route 53 Hosted Zone \(zoneID)", timeout: timeout, in: context)
            try await Route53.updateTags(zoneID: zoneID, from: [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            for vpc in vpcs.dropFirst() {
                try await associate(vpc, zoneID: zoneID, timeout: timeout, in: context)
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating Route 53 Hosted Zone (\(zoneID))", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let id = current.string("id") ?? current.string("zone_id") else { return nil }
        do {
            guard let zone = try await Route53.hostedZone(id, in: context) else { return nil }
            let zoneID = Route53.cleanZoneID(zone.string("HostedZone", "Id") ?? id)
            let nameServers = try await Route53.nameServers(zoneID: zoneID, zone: zone, in: context)
            let tags = try await Route53.tags(zoneID: zoneID, in: context)
            var attributes: [String: Value] = [
                "id": .string(zoneID),
                "zone_id": .string(zoneID),
                "arn": .string(Route53.zoneARN(zoneID, in: context)),
                "name": .string(Route53DomainNames.normalized(zone.string("HostedZone", "Name") ?? "")),
                "comment": .string(zone.string("HostedZone", "Config", "Comment") ?? ""),
                "delegation_set_id": .string(Route53.cleanDelegationSetID(zone.string("DelegationSet", "Id") ?? "")),
                // The provider takes the first name server before sorting them.
                "primary_name_server": .string(nameServers.first ?? ""),
                "name_servers": .stringList(nameServers.sorted()),
                "vpc": .set(zone.all("VPCs", "VPC").map { vpc in
                    .object(["vpc_id": .string(vpc.string("VPCId")), "vpc_region": .string(vpc.string("VPCRegion"))])
                }, of: Self.vpcSchema.valueType),
                "force_destroy": current[attribute: "force_destroy"].flatMap { $0.isKnown && !$0.isNull ? $0 : nil } ?? .false,
                "enable_accelerated_recovery": .null(.bool),
                "timeouts": current[attribute: "timeouts"] ?? .null(Self.timeoutsBlock.valueType),
            ]
            attributes.merge(AWSTags.attributes(remote: tags, prior: current, settings: context.settings)) { _, new in new }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading Route 53 Hosted Zone (\(id))")
        }
    }

    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        guard let zoneID = prior.string("id") else {
            throw ProviderError("Updating Route 53 Hosted Zone", detail: "the zone has no id in state.")
        }
        let timeout = Timeouts.duration(planned, "update", default: Self.defaultTimeout)
        do {
            if planned.string("comment") != prior.string("comment") {
                try await Route53.call(
                    "UpdateHostedZoneComment", "POST", "/hostedzone/" + Route53.encoded(zoneID),
                    body: Route53.document("UpdateHostedZoneCommentRequest", [.leaf("Comment", planned.string("comment") ?? "")]),
                    idempotent: true, in: context)
            }
            try await Route53.updateTags(zoneID: zoneID, from: prior.stringMap("tags_all") ?? [:], to: planned.stringMap("tags_all") ?? [:], in: context)
            // A private zone must keep one VPC at all times: associate the new ones first.
            let before = Set(prior.objects("vpc").compactMap { $0.string("vpc_id") })
            let after = Set(planned.objects("vpc").compactMap { $0.string("vpc_id") })
            for vpc in planned.objects("vpc") where !before.contains(vpc.string("vpc_id") ?? "") {
                try await associate(vpcElement(vpc, in: context), zoneID: zoneID, timeout: timeout, in: context)
            }
            for vpc in prior.objects("vpc") where !after.contains(vpc.string("vpc_id") ?? "") {
                try await disassociate(vpcElement(vpc, in: context), zoneID: zoneID, timeout: timeout, in: context)
            }
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "updating Route 53 Hosted Zone (\(zoneID))")
        }
        return try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let zoneID = current.string("id") else { return }
        let timeout = Timeouts.duration(current, "delete", default: Self.defaultTimeout)
        do {
            if current.bool("force_destroy") == true {
                try await deleteAllRecords(zoneID: zoneID, zoneName: current.string("name") ?? "", timeout: timeout, in: context)
                try await disableDNSSEC(zoneID: zoneID, timeout: timeout, in: context)
            }
            let response = try await Route53.call("DeleteHostedZone", "DELETE", "/hostedzone/" + Route53.encoded(zoneID), in: context)
            try await Route53.waitForChange(response.string("ChangeInfo", "Id"), "deletion of Route 53 Hosted Zone \(zoneID)", timeout: timeout, in: context)
        } catch where Route53.isNoSuchHostedZone(error) {
            return
        } catch let error as AWSError where error.code == "HostedZoneNotEmpty" {
            throw ProviderError("Deleting Route 53 Hosted Zone (\(zoneID))", detail: "\(error)\n\nThe zone still holds records other than its own NS and SOA records. Delete them first, or set force_destroy = true (and apply) so that destroying the zone deletes them.")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting Route 53 Hosted Zone (\(zoneID))")
        }
    }

    // MARK: VPC associations

    private func vpcElement(_ vpc: Value, in context: AWSContext) -> XMLNode {
        let region = vpc.string("vpc_region").flatMap { $0.isEmpty ? nil : $0 } ?? context.region
        return .element("VPC", [.leaf("VPCRegion", region), .leaf("VPCId", vpc.string("vpc_id") ?? "")])
    }

    private func associate(_ vpc: XMLNode, zoneID: String, timeout: Duration, in context: AWSContext) async throws {
        let response = try await Route53.call(
            "AssociateVPCWithHostedZone", "POST", "/hostedzone/" + Route53.encoded(zoneID) + "/associatevpc",
            body: Route53.document("AssociateVPCWithHostedZoneRequest", [vpc]), in: context)
        try await Route53.waitForChange(response.string("ChangeInfo", "Id"), "association of VPC \(vpc.string("VPCId") ?? "") with Route 53 Hosted Zone \(zoneID)", timeout: timeout, in: context)
    }

    private func disassociate(_ vpc: XMLNode, zoneID: String, timeout: Duration, in context: AWSContext) async throws {
        let response = try await Route53.call(
            "DisassociateVPCFromHostedZone", "POST", "/hostedzone/" + Route53.encoded(zoneID) + "/disassociatevpc",
            body: Route53.document("DisassociateVPCFromHostedZoneRequest", [vpc]), in: context)
        try await Route53.waitForChange(response.string("ChangeInfo", "Id"), "disassociation of VPC \(vpc.string("VPCId") ?? "") from Route 53 Hosted Zone \(zoneID)", timeout: timeout, in: context)
    }

    // MARK: force_destroy

    /// Deletes every record set but the zone's own NS and SOA records, a hundred per batch.
    private func deleteAllRecords(zoneID: String, zoneName: String, timeout: Duration, in context: AWSContext) async throws {
        let apex = Route53DomainNames.normalized(zoneName)
        let records = try await Route53.allRecordSets(zoneID: zoneID, in: context).filter { set in
            let type = set.string("Type") ?? ""
            return !(Route53DomainNames.normalized(set.string("Name") ?? "") == apex && (type == "NS" || type == "SOA"))
        }
        for chunk in Route53.chunks(records, of: 100) {
            context.progress("deleting \(chunk.count) record sets")
            let changeID = try await Route53.changeRecordSets(
                zoneID: zoneID, comment: "Deleted by Terraform", changes: chunk.map { ("DELETE", $0) }, in: context)
            try await Route53.waitForChange(changeID, "deletion of records in Route 53 Hosted Zone \(zoneID)", timeout: timeout, in: context)
        }
    }

    /// A zone that signs with DNSSEC cannot be deleted until signing stops.
    private func disableDNSSEC(zoneID: String, timeout: Duration, in context: AWSContext) async throws {
        let status: String?
        do {
            status = try await Route53.call("GetDNSSEC", "GET", "/hostedzone/" + Route53.encoded(zoneID) + "/dnssec", in: context).string("Status", "ServeSignature")
        } catch let error as AWSError where Self.isDNSSECNotApplicable(error) {
            return
        }
        guard status == "SIGNING" else { return }
        do {
            let response = try await Route53.call("DisableHostedZoneDNSSEC", "POST", "/hostedzone/" + Route53.encoded(zoneID) + "/disable-dnssec", idempotent: true, in: context)
            try await Route53.waitForChange(response.string("ChangeInfo", "Id"), "DNSSEC of Route 53 Hosted Zone \(zoneID) to be disabled", timeout: timeout, in: context)
        } catch let error as AWSError where error.code == "DNSSECNotFound" || Self.isDNSSECNotApplicable(error) {
            return
        }
    }

    private static func isDNSSECNotApplicable(_ error: AWSError) -> Bool {
        (error.code == "InvalidArgument" && error.message.contains("Operation is unsupported for private"))
            || (error.code == "AccessDenied" && error.message.contains("GetDNSSEC is not available"))
    }

    /// The zone created with this caller reference, if any.
    private func zone(callerReference: String, in context: AWSContext) async throws -> String? {
        var marker: String? = nil
        while true {
            let page = try await Route53.call("ListHostedZones", "GET", "/hostedzone", query: marker.map { [("marker", $0)] } ?? [], in: context)
            if let zone = page.all("HostedZones", "HostedZone").first(where: { $0.string("CallerReference") == callerReference }) {
                return zone.string("Id").map(Route53.cleanZoneID)
            }
            guard page.path("IsTruncated")?.boolValue == true, let next = page.string("NextMarker"), next != marker else { return nil }
            marker = next
        }
    }
}

// MARK: Reconciliation

extension Route53ZoneResource {
    /// By token: the zone whose caller reference is the create's token (the tagging API
    /// serves Route 53 only in us-east-1, so tags are not searched).
    func findCreated(_ query: CreatedObjectQuery, in context: AWSContext) async throws -> CreatedObjectLookup {
        guard let zoneID = try await zone(callerReference: String(query.idempotencyToken.prefix(128)), in: context) else { return .notFound }
        let hint = query.configuration ?? .emptyObject
        guard let found = try await read(hint.setting(["id": .string(zoneID), "zone_id": .string(zoneID)]), in: context) else { return .notFound }
        return .found(found)
    }
}
