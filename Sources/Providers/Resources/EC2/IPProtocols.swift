/// IP protocols as security groups and network ACLs take them. Security groups speak names
/// for the common protocols ("tcp") and numbers for the rest; network ACLs speak only numbers.
/// Terraform normalises what users write so that "6", "tcp" and "TCP" are the same rule.
enum IPProtocols {
    /// The security group form of a protocol: "-1" for all, the name for tcp, udp, icmp and
    /// icmpv6 (also when given by number), otherwise what was given, in lower case.
    static func securityGroupForm(_ value: String) -> String {
        let lowered = value.lowercased()
        if lowered == "-1" || lowered == "all" { return "-1" }
        if securityGroupNames[lowered] != nil { return lowered }
        if let number = Int(lowered), let name = securityGroupNames.first(where: { $0.value == number })?.key {
            return name
        }
        return lowered
    }

    /// The protocols security groups name rather than number.
    private static let securityGroupNames: [String: Int] = ["tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58]

    /// The protocol number a network ACL rule stores for a name or number, or nil when it is
    /// not an IANA protocol (names are IANA keywords, in lower case, as the provider takes them).
    static func networkACLNumber(_ value: String) -> Int? {
        if let number = Int(value) {
            let assigned = ianaKeywords.indices.contains(number) && ianaKeywords[number] != nil
            return assigned || [-1, 253, 254].contains(number) ? number : nil
        }
        if value == "all" { return -1 }
        return ianaKeywords.firstIndex { $0 == value }
    }

    /// IANA's protocol keywords by number, 0 to 142 (57 is unassigned; numbers without a
    /// keyword go by their number).
    private static let ianaKeywords: [String?] = [
        "hopopt", "icmp", "igmp", "ggp", "ipv4", "st", "tcp", "cbt", "egp", "igp",
        "bbn-rcc-mon", "nvp-ii", "pup", "argus", "emcon", "xnet", "chaos", "udp", "mux", "dcn-meas",
        "hmp", "prm", "xns-idp", "trunk-1", "trunk-2", "leaf-1", "leaf-2", "rdp", "irtp", "iso-tp4",
        "netblt", "mfe-nsp", "merit-inp", "dccp", "3pc", "idpr", "xtp", "ddp", "idpr-cmtp", "tp++",
        "il", "ipv6", "sdrp", "ipv6-route", "ipv6-frag", "idrp", "rsvp", "gre", "dsr", "bna",
        "esp", "ah", "i-nlsp", "swipe", "narp", "mobile", "tlsp", nil, "ipv6-icmp", "ipv6-nonxt",
        "ipv6-opts", "61", "cftp", "63", "sat-expak", "kryptolan", "rvd", "ippc", "68", "sat-mon",
        "visa", "ipcv", "cpnx", "cphb", "wsn", "pvp", "br-sat-mon", "sun-nd", "wb-mon", "wb-expak",
        "iso-ip", "vmtp", "secure-vmtp", "vines", "ttp", "nsfnet-igp", "dgp", "tcf", "eigrp", "ospfigp",
        "sprite-rpc", "larp", "mtp", "ax.25", "ipip", "micp", "scc-sp", "etherip", "encap", "99",
        "gmtp", "ifmp", "pnni", "pim", "aris", "scps", "qnx", "a/n", "ipcomp", "snp",
        "compaq-peer", "ipx-in-ip", "vrrp", "pgm", "114", "l2tp", "dd", "iatp", "stp", "srp",
        "uti", "smp", "sm", "ptp", "isis-over-ipv4", "fire", "crtp", "crudp", "sscopmce", "iplt",
        "sps", "pipe", "sctp", "fc", "rsvp-e2e-ignore", "mobility-header", "udplite", "mpls-in-ip", "manet", "hip",
        "shim6", "wesp", "rohc",
    ]
}
