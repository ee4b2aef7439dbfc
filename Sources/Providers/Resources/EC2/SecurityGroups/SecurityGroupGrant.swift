import Provisioner
import ResourceGraph

/// One thing a security group rule allows: traffic of a protocol and port range from (or to)
/// one source, with the description AWS keeps for that source. AWS stores rules this way (one
/// rule id per source), while Terraform's rule blocks list several sources at once; comparing
/// grants is how prov finds which rules to authorize and revoke, and which block a rule read
/// back from AWS belongs to.
struct SecurityGroupGrant: Hashable, Sendable {
    enum Source: Hashable, Sendable {
        case ipv4(String)
        case ipv6(String)
        case prefixList(String)
        /// Another security group, as `sg-…` or, in another account, `123456789012/sg-…`.
        case group(String)
        /// The group the rule belongs to.
        case selfReference
    }

    /// The security group form of the protocol (see `IPProtocols.securityGroupForm`).
    var ipProtocol: String
    var fromPort: Int
    var toPort: Int
    var source: Source
    var description: String

    /// The grant without its description: what identifies it in AWS.
    var key: SecurityGroupGrant {
        var copy = self
        copy.description = ""
        return copy
    }

    /// The grants in a described group's `ipPermissions` or `ipPermissionsEgress` items.
    static func grants(in permissions: [XMLNode], groupID: String, ownerID: String?) -> [SecurityGroupGrant] {
        var grants: [SecurityGroupGrant] = []
        for permission in permissions {
            let ipProtocol = IPProtocols.securityGroupForm(permission.string("ipProtocol") ?? "-1")
            // AWS leaves the ports out for all protocols; Terraform reads that as 0.
            let fromPort = permission.child("fromPort")?.intValue ?? 0
            let toPort = permission.child("toPort")?.intValue ?? 0
            func add(_ source: Source, _ item: XMLNode) {
                grants.append(SecurityGroupGrant(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, source: source, description: item.string("description") ?? ""))
            }
            for range in permission.all("ipRanges", "item") { if let cidr = range.string("cidrIp") { add(.ipv4(cidr), range) } }
            for range in permission.all("ipv6Ranges", "item") { if let cidr = range.string("cidrIpv6") { add(.ipv6(cidr), range) } }
            for list in permission.all("prefixListIds", "item") { if let id = list.string("prefixListId") { add(.prefixList(id), list) } }
            for pair in permission.all("groups", "item") {
                guard let id = pair.string("groupId") else { continue }
                if id == groupID {
                    add(.selfReference, pair)
                } else if let user = pair.string("userId"), !user.isEmpty, user != ownerID {
                    add(.group("\(user)/\(id)"), pair)
                } else {
                    add(.group(id), pair)
                }
            }
        }
        return grants
    }

    /// `IpPermissions` for Authorize/Revoke calls: grants of the same protocol, ports and
    /// description travel together, in the order first seen.
    static func ipPermissions(_ grants: [SecurityGroupGrant], groupID: String) throws -> [QueryParameters] {
        var order: [SecurityGroupGrant] = []
        var bySignature: [SecurityGroupGrant: [Source]] = [:]
        for grant in grants {
            var signature = grant
            signature.source = .selfReference
            if bySignature[signature] == nil { order.append(signature) }
            bySignature[signature, default: []].append(grant.source)
        }
        return try order.map { signature in
            try permission(signature, sources: bySignature[signature] ?? [], groupID: groupID)
        }
    }

    private static func permission(_ signature: SecurityGroupGrant, sources: [Source], groupID: String) throws -> QueryParameters {
        var permission = QueryParameters()
        permission.set("IpProtocol", signature.ipProtocol)
        if signature.ipProtocol != "-1" {
            permission.set("FromPort", signature.fromPort)
            permission.set("ToPort", signature.toPort)
        } else if signature.fromPort != 0 || signature.toPort != 0 {
            // AWS ignores ports for all protocols and would store none, so the rule could never
            // read back as configured: Terraform asks for a deliberate 0 instead.
            throw ProviderError("Invalid security group rule", detail: "from_port (\(signature.fromPort)) and to_port (\(signature.toPort)) must both be 0 to use the 'ALL' \"-1\" protocol!")
        }
        let description: String? = signature.description.isEmpty ? nil : signature.description
        var ipv4: [QueryParameters] = [], ipv6: [QueryParameters] = [], prefixLists: [QueryParameters] = [], groups: [QueryParameters] = []
        for source in sources {
            switch source {
            case .ipv4(let cidr): ipv4.append(QueryParameters { $0.set("CidrIp", cidr); $0.set("Description", description) })
            case .ipv6(let cidr): ipv6.append(QueryParameters { $0.set("CidrIpv6", cidr); $0.set("Description", description) })
            case .prefixList(let id): prefixLists.append(QueryParameters { $0.set("PrefixListId", id); $0.set("Description", description) })
            case .group(let reference): groups.append(groupPair(reference, description: description))
            case .selfReference: groups.append(groupPair(groupID, description: description))
            }
        }
        if !groups.isEmpty { permission.setList("Groups", groups) }
        if !ipv4.isEmpty { permission.setList("IpRanges", ipv4) }
        if !ipv6.isEmpty { permission.setList("Ipv6Ranges", ipv6) }
        if !prefixLists.isEmpty { permission.setList("PrefixListIds", prefixLists) }
        return permission
    }

    /// A `UserIdGroupPair` for `sg-…` or `owner/sg-…`.
    static func groupPair(_ reference: String, description: String?) -> QueryParameters {
        QueryParameters { pair in
            let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                pair.set("GroupId", parts[1])
                pair.set("UserId", parts[0])
            } else {
                pair.set("GroupId", reference)
            }
            pair.set("Description", description)
        }
    }
}
