/// The id of an `aws_route53_record`: `ZONEID_NAME_TYPE`, with `_SETIDENTIFIER` after it for
/// records that have one. Names and set identifiers may contain underscores themselves, so the
/// type is found as the first part that is a record type.
struct Route53RecordID: Equatable {
    var zoneID: String
    var name: String
    var type: String
    var setIdentifier: String

    /// Route 53's record types (botocore's `RRType`).
    static let recordTypes: Set<String> = [
        "SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS",
    ]

    init(zoneID: String, name: String, type: String, setIdentifier: String = "") {
        self.zoneID = zoneID
        self.name = name
        self.type = type
        self.setIdentifier = setIdentifier
    }

    /// Parses an id the way the provider does; nil when it has no zone or no type after a name.
    init?(parsing id: String) {
        let parts = id.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, !parts[0].isEmpty,
              let typeIndex = parts.indices.dropFirst().first(where: { Self.recordTypes.contains(parts[$0]) }),
              typeIndex > 1 else { return nil }
        zoneID = parts[0]
        name = Route53DomainNames.trimmingTrailingDot(parts[1..<typeIndex].joined(separator: "_"))
        type = parts[typeIndex]
        setIdentifier = parts[(typeIndex + 1)...].joined(separator: "_")
    }

    /// The id as the provider writes it: the name lower-cased.
    var text: String {
        var parts = [zoneID, name.lowercased(), type]
        if !setIdentifier.isEmpty { parts.append(setIdentifier) }
        return parts.joined(separator: "_")
    }
}
