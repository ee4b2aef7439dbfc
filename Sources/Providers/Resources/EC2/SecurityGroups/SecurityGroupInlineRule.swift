import Provisioner
import ResourceGraph

/// An `ingress` or `egress` block of `aws_security_group` and `aws_default_security_group`: a
/// protocol and port range from several sources at once.
struct SecurityGroupInlineRule: Equatable, Sendable {
    var fromPort: Int
    var toPort: Int
    var ipProtocol: String
    var cidrBlocks: [String]
    var ipv6CIDRBlocks: [String]
    var prefixListIDs: [String]
    /// A set in Terraform's schema: kept sorted.
    var securityGroups: [String]
    var selfReference: Bool
    var description: String

    static let elementSchema = BlockSchema(attributes: [
        "cidr_blocks": AttributeSchema(.list(.string), .optional),
        "description": AttributeSchema(.string, .optional),
        "from_port": AttributeSchema(.number, .required),
        "ipv6_cidr_blocks": AttributeSchema(.list(.string), .optional),
        "prefix_list_ids": AttributeSchema(.list(.string), .optional),
        "protocol": AttributeSchema(.string, .required),
        "security_groups": AttributeSchema(.set(.string), .optional),
        "self": AttributeSchema(.bool, .optional, default: .false),
        "to_port": AttributeSchema(.number, .required),
    ])

    static let blockSchema = NestedBlockSchema(.set, elementSchema, acceptsAttributeSyntax: true)
    static var setType: ValueType { blockSchema.valueType }

    /// A rule block's value; nil while any part of it is unknown.
    init?(_ value: Value) {
        guard value.isWhollyKnown, let fromPort = value.int("from_port"), let toPort = value.int("to_port"), let ipProtocol = value.string("protocol") else { return nil }
        self.fromPort = fromPort
        self.toPort = toPort
        self.ipProtocol = IPProtocols.securityGroupForm(ipProtocol)
        cidrBlocks = value.stringList("cidr_blocks") ?? []
        ipv6CIDRBlocks = value.stringList("ipv6_cidr_blocks") ?? []
        prefixListIDs = value.stringList("prefix_list_ids") ?? []
        securityGroups = (value.stringList("security_groups") ?? []).sorted()
        selfReference = value.bool("self") ?? false
        description = value.string("description") ?? ""
    }

    init(ipProtocol: String, fromPort: Int, toPort: Int, description: String) {
        self.fromPort = fromPort
        self.toPort = toPort
        self.ipProtocol = ipProtocol
        self.description = description
        cidrBlocks = []
        ipv6CIDRBlocks = []
        prefixListIDs = []
        securityGroups = []
        selfReference = false
    }

    /// The block as state holds it: every attribute set, empty rather than null.
    var value: Value {
        .object([
            "cidr_blocks": .stringList(cidrBlocks),
            "description": .string(description),
            "from_port": .number(fromPort),
            "ipv6_cidr_blocks": .stringList(ipv6CIDRBlocks),
            "prefix_list_ids": .stringList(prefixListIDs),
            "protocol": .string(ipProtocol),
            "security_groups": .stringSet(securityGroups),
            "self": .bool(selfReference),
            "to_port": .number(toPort),
        ])
    }

    /// One grant per source.
    var grants: [SecurityGroupGrant] {
        var sources: [SecurityGroupGrant.Source] = selfReference ? [.selfReference] : []
        sources += cidrBlocks.map { .ipv4($0) } + ipv6CIDRBlocks.map { .ipv6($0) } + prefixListIDs.map { .prefixList($0) } + securityGroups.map { .group($0) }
        return sources.map { SecurityGroupGrant(ipProtocol: ipProtocol, fromPort: fromPort, toPort: toPort, source: $0, description: description) }
    }

    /// The same rule regardless of the order its lists were written in.
    func isEquivalent(to other: SecurityGroupInlineRule) -> Bool {
        withSortedLists == other.withSortedLists
    }

    private var withSortedLists: SecurityGroupInlineRule {
        var copy = self
        copy.cidrBlocks.sort()
        copy.ipv6CIDRBlocks.sort()
        copy.prefixListIDs.sort()
        return copy
    }

    /// All the grants of a set of rule blocks.
    static func grants(of set: Value?) -> [SecurityGroupGrant] {
        guard let set, set.isKnown else { return [] }
        return (set.elements ?? []).compactMap(SecurityGroupInlineRule.init).flatMap(\.grants)
    }
}
