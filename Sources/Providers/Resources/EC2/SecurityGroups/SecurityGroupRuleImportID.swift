import Provisioner
import ResourceGraph

/// The import id of `aws_security_group_rule`, as the provider documents it:
/// `SECURITYGROUPID_TYPE_PROTOCOL_FROMPORT_TOPORT_SOURCE[_SOURCE]*`, where each source is a
/// CIDR block, an IPv6 CIDR block, a prefix list id, a security group id or `self`:
///
///     sg-0123_ingress_tcp_8000_8000_10.0.3.0/24
///     sg-0123_ingress_all_0_65536_sg-0456
///     sg-0123_egress_tcp_100_121_10.1.0.0/16_2001:db8::/48
enum SecurityGroupRuleImportID {
    /// The rule's arguments as the id gives them, ready for a read to find the rule.
    static func parse(_ id: String) throws -> Value {
        func invalid(_ reason: String) -> ProviderError {
            ProviderError("Invalid import id", detail: "unexpected format for ID (\"\(id)\"), expected SECURITYGROUPID_TYPE_PROTOCOL_FROMPORT_TOPORT_SOURCE[_SOURCE]*: \(reason)")
        }
        let parts = id.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6 else { throw invalid("too few parts") }
        let (groupID, type, protocolText, fromText, toText) = (parts[0], parts[1], parts[2], parts[3], parts[4])
        guard groupID.hasPrefix("sg-") else { throw invalid("invalid Security Group ID") }
        guard type == "ingress" || type == "egress" else { throw invalid("expecting 'ingress' or 'egress'") }
        guard ["tcp", "udp", "icmp", "icmpv6", "all"].contains(protocolText) || Int(protocolText) != nil else {
            throw invalid("protocol must be tcp/udp/icmp/icmpv6/all or a number")
        }
        let ipProtocol = IPProtocols.securityGroupForm(protocolText)
        guard let fromPort = Int(fromText), let toPort = Int(toText) else { throw invalid("invalid from_port or to_port") }
        if ipProtocol == "icmp" || ipProtocol == "icmpv6" {
            guard (-1...255).contains(fromPort) else { throw invalid("invalid icmp type") }
            guard (-1...255).contains(toPort) else { throw invalid("invalid icmp code") }
        } else if toPort < fromPort {
            throw invalid("to_port lower than from_port")
        }
        var cidrBlocks: [String] = [], ipv6CIDRBlocks: [String] = [], prefixListIDs: [String] = []
        var selfReference = false
        var sourceGroup: String?
        for source in parts[5...] {
            switch source {
            case "self": selfReference = true
            case _ where source.contains("sg-"): sourceGroup = source
            case _ where source.contains(":"): ipv6CIDRBlocks.append(source)
            case _ where source.contains("pl-"): prefixListIDs.append(source)
            case _ where source.contains("."): cidrBlocks.append(source)
            default: throw invalid("source must be cidr, ipv6cidr, prefix list, 'self', or a Security Group ID")
            }
        }
        return .object([
            "id": .string(id),
            "type": .string(type),
            "security_group_id": .string(groupID),
            "protocol": .string(ipProtocol),
            "from_port": .number(fromPort),
            "to_port": .number(toPort),
            "cidr_blocks": .stringList(cidrBlocks),
            "ipv6_cidr_blocks": .stringList(ipv6CIDRBlocks),
            "prefix_list_ids": .stringList(prefixListIDs),
            "self": .bool(selfReference),
            "source_security_group_id": .string(sourceGroup),
            "description": .null(.string),
            "security_group_rule_id": .null(.string),
            "timeouts": .null(Timeouts.valueType),
        ])
    }
}
