import Provisioner
import ResourceGraph

/// The `ingress` and `egress` sets of `aws_security_group` and `aws_default_security_group`:
/// how they are planned, and how the rules AWS reports are shaped back into the blocks the
/// configuration wrote.
enum SecurityGroupRuleSet {
    /// The planned set. Terraform's schema makes these sets optional and computed, in
    /// attributes-as-blocks mode: with neither blocks nor `ingress = [...]` in the
    /// configuration, whatever the group has is kept (known after apply for a new group), and
    /// `ingress = []` removes every rule. Blocks are normalised as state holds them (protocol
    /// names, empty rather than null), and a block that only lists the same sources in another
    /// order keeps the prior value, so reordering a list is not a change.
    static func planned(_ name: String, proposed: Value, configuration: Value, prior: Value?) -> Value {
        guard let configured = configuration[attribute: name], configured.isKnown else {
            return proposed[attribute: name] ?? .unknown(SecurityGroupInlineRule.setType)
        }
        if configured.isNull {
            return prior?[attribute: name] ?? .unknown(SecurityGroupInlineRule.setType)
        }
        let blocks = proposed[attribute: name]?.elements ?? configured.elements ?? []
        let priorRules = (prior?[attribute: name]?.elements ?? []).compactMap(SecurityGroupInlineRule.init)
        let planned = blocks.map { block -> Value in
            guard let rule = SecurityGroupInlineRule(block) else { return normalizedPartially(block) }
            return (priorRules.first { $0.isEquivalent(to: rule) } ?? rule).value
        }
        return .set(planned, of: SecurityGroupInlineRule.elementSchema.valueType)
    }

    /// A block with parts not known yet: what is known is normalised as a known block would be.
    private static func normalizedPartially(_ block: Value) -> Value {
        var attributes = block.attributes ?? [:]
        for (name, attribute) in SecurityGroupInlineRule.elementSchema.attributes {
            let value = attributes[name] ?? .null(attribute.type)
            if value.isNull { attributes[name] = emptyValue(of: attribute.type) }
        }
        if let ipProtocol = block.string("protocol") {
            attributes["protocol"] = .string(IPProtocols.securityGroupForm(ipProtocol))
        }
        return .object(attributes)
    }

    private static func emptyValue(of type: ValueType) -> Value {
        switch type {
        case .string: return .string("")
        case .number: return .number(0)
        case .bool: return .false
        case .set(let element): return .set([], of: element)
        case .list(let element): return .list([], of: element)
        default: return .null(type)
        }
    }

    /// The rule blocks for the grants AWS reports. Each block of `local` (the prior state, or
    /// the plan while creating) whose every source is granted is kept as written, taking the
    /// description AWS has; grants left over (added outside prov) become blocks of their own,
    /// one per protocol, port range and description, so that the plan shows them as changes.
    static func read(remote: [SecurityGroupGrant], local: Value?) -> Value {
        var unmatched = remote
        var rules: [SecurityGroupInlineRule] = []
        let localRules = (local?.isKnown == true ? local?.elements ?? [] : []).compactMap(SecurityGroupInlineRule.init)
        for rule in localRules {
            guard let (indices, description) = match(rule, in: unmatched) else { continue }
            unmatched = unmatched.enumerated().filter { !indices.contains($0.offset) }.map(\.element)
            var found = rule
            found.description = description
            rules.append(found)
        }
        rules += grouped(unmatched)
        return .set(rules.map(\.value), of: SecurityGroupInlineRule.elementSchema.valueType)
    }

    /// The grants that make up `rule` (all with one description, preferring the rule's own),
    /// or nil when some source is not granted.
    private static func match(_ rule: SecurityGroupInlineRule, in grants: [SecurityGroupGrant]) -> (Set<Int>, String)? {
        let needed = rule.grants.map(\.key)
        guard !needed.isEmpty else { return nil }
        var descriptions = [rule.description]
        for grant in grants where grant.ipProtocol == rule.ipProtocol && grant.fromPort == rule.fromPort && grant.toPort == rule.toPort {
            if !descriptions.contains(grant.description) { descriptions.append(grant.description) }
        }
        for description in descriptions {
            var used = Set<Int>()
            for key in needed {
                guard let index = grants.indices.first(where: { !used.contains($0) && grants[$0].key == key && grants[$0].description == description }) else { break }
                used.insert(index)
            }
            if used.count == needed.count { return (used, description) }
        }
        return nil
    }

    /// Grants gathered into blocks by protocol, ports and description, in the order AWS gave.
    private static func grouped(_ grants: [SecurityGroupGrant]) -> [SecurityGroupInlineRule] {
        var rules: [SecurityGroupInlineRule] = []
        for grant in grants {
            let index = rules.firstIndex { $0.ipProtocol == grant.ipProtocol && $0.fromPort == grant.fromPort && $0.toPort == grant.toPort && $0.description == grant.description }
                ?? { rules.append(SecurityGroupInlineRule(ipProtocol: grant.ipProtocol, fromPort: grant.fromPort, toPort: grant.toPort, description: grant.description)); return rules.count - 1 }()
            switch grant.source {
            case .ipv4(let cidr): rules[index].cidrBlocks.append(cidr)
            case .ipv6(let cidr): rules[index].ipv6CIDRBlocks.append(cidr)
            case .prefixList(let id): rules[index].prefixListIDs.append(id)
            case .group(let reference): rules[index].securityGroups = (rules[index].securityGroups + [reference]).sorted()
            case .selfReference: rules[index].selfReference = true
            }
        }
        return rules
    }
}
