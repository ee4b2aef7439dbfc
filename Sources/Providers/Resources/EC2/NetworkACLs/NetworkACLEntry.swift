import Provisioner
import ResourceGraph

/// A network ACL rule: an `ingress` or `egress` block of `aws_network_acl` and
/// `aws_default_network_acl`, and what `aws_network_acl_rule` manages alone.
struct NetworkACLEntry: Hashable, Sendable {
    var ruleNumber: Int
    /// "allow" or "deny", in lower case (AWS's spelling; Terraform ignores case).
    var action: String
    /// The protocol number as text ("6", "-1"): network ACLs speak only numbers.
    var ipProtocol: String
    var fromPort: Int
    var toPort: Int
    var cidrBlock: String
    var ipv6CIDRBlock: String
    var icmpType: Int
    var icmpCode: Int

    /// The deny-all rules AWS puts last in every network ACL; they can be neither changed nor
    /// deleted, so Terraform leaves them out.
    static let defaultRuleNumbers: Set<Int> = [32767, 32768]

    static let elementSchema = BlockSchema(attributes: [
        "action": AttributeSchema(.string, .required),
        "cidr_block": AttributeSchema(.string, .optional),
        "from_port": AttributeSchema(.number, .required),
        "icmp_code": AttributeSchema(.number, .optional),
        "icmp_type": AttributeSchema(.number, .optional),
        "ipv6_cidr_block": AttributeSchema(.string, .optional),
        "protocol": AttributeSchema(.string, .required),
        "rule_no": AttributeSchema(.number, .required),
        "to_port": AttributeSchema(.number, .required),
    ])

    static let blockSchema = NestedBlockSchema(.set, elementSchema, acceptsAttributeSyntax: true)

    /// A block's value; nil while any part of it is unknown.
    init?(block: Value) {
        guard block.isWhollyKnown, let ruleNumber = block.int("rule_no"), let action = block.string("action"), let ipProtocol = block.string("protocol") else { return nil }
        self.ruleNumber = ruleNumber
        self.action = action.lowercased()
        self.ipProtocol = IPProtocols.networkACLNumber(ipProtocol).map(String.init) ?? ipProtocol
        fromPort = block.int("from_port") ?? 0
        toPort = block.int("to_port") ?? 0
        cidrBlock = block.string("cidr_block") ?? ""
        ipv6CIDRBlock = block.string("ipv6_cidr_block") ?? ""
        icmpType = block.int("icmp_type") ?? 0
        icmpCode = block.int("icmp_code") ?? 0
    }

    /// An entry of a described network ACL's `entrySet`.
    init(described entry: XMLNode) {
        ruleNumber = entry.child("ruleNumber")?.intValue ?? 0
        action = (entry.string("ruleAction") ?? "").lowercased()
        let remoteProtocol = entry.string("protocol") ?? ""
        ipProtocol = IPProtocols.networkACLNumber(remoteProtocol).map(String.init) ?? remoteProtocol
        fromPort = entry.child("portRange")?.child("from")?.intValue ?? 0
        toPort = entry.child("portRange")?.child("to")?.intValue ?? 0
        cidrBlock = entry.string("cidrBlock") ?? ""
        ipv6CIDRBlock = entry.string("ipv6CidrBlock") ?? ""
        icmpType = entry.child("icmpTypeCode")?.child("type")?.intValue ?? 0
        icmpCode = entry.child("icmpTypeCode")?.child("code")?.intValue ?? 0
    }

    /// The block as state holds it: every attribute set, empty rather than null.
    var value: Value {
        .object([
            "action": .string(action),
            "cidr_block": .string(cidrBlock),
            "from_port": .number(fromPort),
            "icmp_code": .number(icmpCode),
            "icmp_type": .number(icmpType),
            "ipv6_cidr_block": .string(ipv6CIDRBlock),
            "protocol": .string(ipProtocol),
            "rule_no": .number(ruleNumber),
            "to_port": .number(toPort),
        ])
    }

    /// CreateNetworkAclEntry's parameters for this entry in one direction.
    func createParameters(aclID: String, egress: Bool) throws -> QueryParameters {
        guard let number = IPProtocols.networkACLNumber(ipProtocol) else {
            throw ProviderError("Invalid network ACL rule", detail: "unsupported NACL protocol: \(ipProtocol)")
        }
        if number == -1, fromPort != 0 || toPort != 0 {
            // AWS keeps no ports for all protocols, so the rule could never read back as written.
            throw ProviderError("Invalid network ACL rule", detail: "to_port (\(toPort)) and from_port (\(fromPort)) must both be 0 to use the 'all' \"-1\" protocol!")
        }
        var parameters = QueryParameters()
        parameters.set("NetworkAclId", aclID)
        parameters.set("RuleNumber", ruleNumber)
        parameters.set("Protocol", String(number))
        parameters.set("RuleAction", action)
        parameters.set("Egress", egress)
        parameters.set("CidrBlock", cidrBlock.isEmpty ? nil : cidrBlock)
        parameters.set("Ipv6CidrBlock", ipv6CIDRBlock.isEmpty ? nil : ipv6CIDRBlock)
        parameters.set("PortRange", QueryParameters { $0.set("From", fromPort); $0.set("To", toPort) })
        if number == 1 || number == 58 {
            parameters.set("Icmp", QueryParameters { $0.set("Code", icmpCode); $0.set("Type", icmpType) })
        }
        return parameters
    }

    /// The entries of a set of rule blocks.
    static func entries(of set: Value?) -> [NetworkACLEntry] {
        guard let set, set.isKnown else { return [] }
        return (set.elements ?? []).compactMap { NetworkACLEntry(block: $0) }
    }

    /// The planned set: blocks normalised as state holds them (protocol numbers, lower-case
    /// actions, empty rather than null). The sets take Terraform's attribute syntax too
    /// (`ingress = []`). With `computedWhenEmpty` (aws_network_acl, where the sets are optional
    /// and computed), neither blocks nor the argument keep whatever rules exist; otherwise
    /// (aws_default_network_acl) that means no rules.
    static func plannedSet(_ name: String, proposed: Value, configuration: Value, prior: Value?, computedWhenEmpty: Bool) -> Value {
        guard let configured = configuration[attribute: name], configured.isKnown else {
            return proposed[attribute: name] ?? .unknown(blockSchema.valueType)
        }
        if configured.isNull {
            return computedWhenEmpty ? prior?[attribute: name] ?? .unknown(blockSchema.valueType) : .set([], of: elementSchema.valueType)
        }
        guard let blocks = proposed[attribute: name]?.elements else { return proposed[attribute: name] ?? .unknown(blockSchema.valueType) }
        let planned = blocks.map { block in NetworkACLEntry(block: block)?.value ?? block }
        return .set(planned, of: elementSchema.valueType)
    }
}
