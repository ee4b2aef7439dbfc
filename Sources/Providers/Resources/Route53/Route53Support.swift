import Foundation
import Provisioner
import ResourceGraph

/// What Route 53 resource types share: rest-xml calls, zone look-ups, waiting for changes to
/// reach every name server, and tags.
enum Route53 {
    static let namespace = "https://route53.amazonaws.com/doc/2013-04-01/"

    /// Calls an operation under `/2013-04-01`; `path` has its labels encoded already.
    @discardableResult
    static func call(
        _ operation: String, _ method: String, _ path: String, query: [(name: String, value: String)] = [],
        body: XMLNode? = nil, idempotent: Bool? = nil, in context: AWSContext
    ) async throws -> XMLNode {
        let response = try await context.client.rest(
            .route53, operation: operation, method: method, path: "/2013-04-01" + path, query: query,
            body: body.map { .xml($0.xmlDocument) } ?? .none, idempotent: idempotent)
        return response.body.isEmpty ? XMLNode(name: operation + "Response") : try response.xml()
    }

    /// A request document: the operation's root element in Route 53's namespace.
    static func document(_ name: String, _ children: [XMLNode?]) -> XMLNode {
        .element(name, attributes: ["xmlns": namespace], children.compactMap { $0 })
    }

    /// An element holding text, or nothing when there is no text to send.
    static func leaf(_ name: String, _ text: String?) -> XMLNode? {
        text.map { .leaf(name, $0) }
    }

    static func encoded(_ label: String) -> String { AWSURIEncoding.encode(label) }

    /// `Z123` from `/hostedzone/Z123`.
    static func cleanZoneID(_ id: String) -> String {
        id.hasPrefix("/hostedzone/") ? String(id.dropFirst("/hostedzone/".count)) : id
    }

    static func cleanChangeID(_ id: String) -> String {
        id.hasPrefix("/change/") ? String(id.dropFirst("/change/".count)) : id
    }

    static func cleanDelegationSetID(_ id: String) -> String {
        id.hasPrefix("/delegationset/") ? String(id.dropFirst("/delegationset/".count)) : id
    }

    static func isNoSuchHostedZone(_ error: any Error) -> Bool {
        (error as? AWSError)?.code == "NoSuchHostedZone"
    }

    static func zoneARN(_ zoneID: String, in context: AWSContext) -> String {
        "arn:\(context.partition):route53:::hostedzone/\(zoneID)"
    }

    // MARK: Zones

    /// GetHostedZone's answer (`HostedZone`, `DelegationSet`, `VPCs`), or nil when the zone is gone.
    static func hostedZone(_ id: String, in context: AWSContext) async throws -> XMLNode? {
        do {
            return try await call("GetHostedZone", "GET", "/hostedzone/" + encoded(cleanZoneID(id)), in: context)
        } catch where isNoSuchHostedZone(error) {
            return nil
        }
    }

    /// The zone's name servers: its delegation set's, in the order AWS gives them; a private
    /// zone has none, so those of its apex NS record, sorted.
    static func nameServers(zoneID: String, zone: XMLNode, in context: AWSContext) async throws -> [String] {
        guard zone.path("HostedZone", "Config", "PrivateZone")?.boolValue == true else {
            return zone.all("DelegationSet", "NameServers", "NameServer").map(\.text)
        }
        let zoneName = zone.string("HostedZone", "Name") ?? ""
        let records = try await recordSets(zoneID: zoneID, name: zoneName, type: "NS", maxItems: 100, in: context) { set in
            Route53DomainNames.trimmingTrailingDot(set.string("Name") ?? "") == Route53DomainNames.trimmingTrailingDot(zoneName)
        }
        return (records.first?.all("ResourceRecords", "ResourceRecord").compactMap { $0.string("Value") } ?? []).sorted()
    }

    // MARK: Record sets

    /// The record sets `keep` accepts, listing from `name`/`type` on only while the listing
    /// continues with that same name and type (the provider's way of finding one record set).
    static func recordSets(
        zoneID: String, name: String, type: String, maxItems: Int, in context: AWSContext,
        keep: (XMLNode) -> Bool
    ) async throws -> [XMLNode] {
        let wantedName = Route53DomainNames.decodingEscapes(name).lowercased()
        var found: [XMLNode] = []
        var start: (name: String, type: String, identifier: String?) = (name, type, nil)
        while true {
            var query: [(name: String, value: String)] = [("name", start.name), ("type", start.type), ("maxitems", String(maxItems))]
            if let identifier = start.identifier { query.append(("identifier", identifier)) }
            let page = try await call("ListResourceRecordSets", "GET", "/hostedzone/" + encoded(zoneID) + "/rrset", query: query, in: context)
            found += page.all("ResourceRecordSets", "ResourceRecordSet").filter(keep)
            guard page.path("IsTruncated")?.boolValue == true,
                  let nextName = page.string("NextRecordName"), let nextType = page.string("NextRecordType"),
                  Route53DomainNames.decodingEscapes(nextName).lowercased() == wantedName, nextType == type else { break }
            start = (nextName, nextType, page.string("NextRecordIdentifier"))
        }
        return found
    }

    /// Every record set in the zone.
    static func allRecordSets(zoneID: String, in context: AWSContext) async throws -> [XMLNode] {
        var found: [XMLNode] = []
        var start: (name: String, type: String, identifier: String?)? = nil
        while true {
            var query: [(name: String, value: String)] = []
            if let start {
                query = [("name", start.name), ("type", start.type)]
                if let identifier = start.identifier { query.append(("identifier", identifier)) }
            }
            let page = try await call("ListResourceRecordSets", "GET", "/hostedzone/" + encoded(zoneID) + "/rrset", query: query, in: context)
            found += page.all("ResourceRecordSets", "ResourceRecordSet")
            guard page.path("IsTruncated")?.boolValue == true, let nextName = page.string("NextRecordName"),
                  let nextType = page.string("NextRecordType") else { break }
            let next = (nextName, nextType, page.string("NextRecordIdentifier"))
            if let start, start == next { break }
            start = next
        }
        return found
    }

    /// Sends a change batch; returns the change id to wait for.
    static func changeRecordSets(
        zoneID: String, comment: String, changes: [(action: String, recordSet: XMLNode)], in context: AWSContext
    ) async throws -> String? {
        let body = document("ChangeResourceRecordSetsRequest", [
            .element("ChangeBatch", [
                .leaf("Comment", comment),
                .element("Changes", changes.map { change in
                    .element("Change", [.leaf("Action", change.action), change.recordSet])
                }),
            ]),
        ])
        // Only a batch of UPSERTs can be sent twice with the same result.
        let idempotent = changes.allSatisfy { $0.action == "UPSERT" }
        let response = try await call(
            "ChangeResourceRecordSets", "POST", "/hostedzone/" + encoded(zoneID) + "/rrset/", body: body,
            idempotent: idempotent, in: context)
        return response.string("ChangeInfo", "Id")
    }

    // MARK: Waiting

    /// Waits until a change has reached every Route 53 name server (status INSYNC).
    static func waitForChange(_ changeID: String?, _ what: String, timeout: Duration, in context: AWSContext) async throws {
        guard let changeID, !changeID.isEmpty else { return }
        let id = cleanChangeID(changeID)
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(2), maxDelay: .seconds(30))
        try await waiter.wait(for: "\(what) to be in sync on Route 53's name servers", progress: { context.progress("change \(id): \($0.status)") }) { () async throws -> WaitStatus<Void> in
            let answer = try await call("GetChange", "GET", "/change/" + encoded(id), in: context)
            let status = answer.string("ChangeInfo", "Status") ?? ""
            return status == "INSYNC" ? .done(()) : .pending(status.isEmpty ? "no status" : status)
        }
    }

    // MARK: Tags

    static func tags(zoneID: String, in context: AWSContext) async throws -> [String: String] {
        let answer = try await call("ListTagsForResource", "GET", "/tags/hostedzone/" + encoded(zoneID), in: context)
        var tags: [String: String] = [:]
        for tag in answer.all("ResourceTagSet", "Tags", "Tag") {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    /// Brings the zone's tags from `old` to `new`, ten at a time (the API's limit per call).
    static func updateTags(zoneID: String, from old: [String: String], to new: [String: String], in context: AWSContext) async throws {
        let (set, remove) = AWSTags.difference(from: old, to: new)
        let additions = set.keys.sorted().map { key in XMLNode.element("Tag", [.leaf("Key", key), .leaf("Value", set[key]!)]) }
        for chunk in chunks(remove, of: 10) {
            try await changeTags(zoneID: zoneID, [.element("RemoveTagKeys", chunk.map { .leaf("Key", $0) })], in: context)
        }
        for chunk in chunks(additions, of: 10) {
            try await changeTags(zoneID: zoneID, [.element("AddTags", chunk)], in: context)
        }
    }

    private static func changeTags(zoneID: String, _ children: [XMLNode], in context: AWSContext) async throws {
        try await call(
            "ChangeTagsForResource", "POST", "/tags/hostedzone/" + encoded(zoneID),
            body: document("ChangeTagsForResourceRequest", children), idempotent: true, in: context)
    }

    static func chunks<T>(_ items: [T], of size: Int) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
