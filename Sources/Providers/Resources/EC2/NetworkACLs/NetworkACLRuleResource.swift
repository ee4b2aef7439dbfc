import Foundation
import Provisioner
import ResourceGraph

/// `aws_network_acl_rule`: one rule of a network ACL, found by its ACL, direction and rule
/// number. Every argument forces a new rule. Import id: `NETWORK_ACL_ID:RULE_NUMBER:PROTOCOL:EGRESS`,
/// e.g. `acl-0123:100:tcp:false`; its id in state is `nacl-<hash>`, as the provider computes it.
struct NetworkACLRuleResource: AWSResourceType {
    static let displayName = "EC2 Network ACL Rule"
    static let typeName = "aws_network_acl_rule"

    let schema = ResourceTypeSchema(block: BlockSchema(attributes: [
        "id": AttributeSchema(.string, .computed),
        "network_acl_id": AttributeSchema(.string, .required, forceNew: true),
        "rule_number": AttributeSchema(.number, .required, forceNew: true),
        "egress": AttributeSchema(.bool, .optional, forceNew: true, default: .false),
        "protocol": AttributeSchema(.string, .required, forceNew: true),
        "rule_action": AttributeSchema(.string, .required, forceNew: true),
        "cidr_block": AttributeSchema(.string, .optional, forceNew: true),
        "ipv6_cidr_block": AttributeSchema(.string, .optional, forceNew: true),
        "from_port": AttributeSchema(.number, .optional, forceNew: true),
        "to_port": AttributeSchema(.number, .optional, forceNew: true),
        "icmp_type": AttributeSchema(.number, .optional, forceNew: true),
        "icmp_code": AttributeSchema(.number, .optional, forceNew: true),
    ]))

    /// AWS stores protocol numbers and lower-case actions: a protocol named instead of numbered
    /// (`tcp` for `6`), or an action in another case, is the same rule.
    func plan(prior: Value?, proposed: Value, configuration: Value, settings: AWSProviderBlock) -> PlannedChange {
        guard let prior else { return PlannedChange(planned: proposed) }
        var planned = proposed
        if let old = prior.string("protocol"), let new = proposed.string("protocol"),
           let oldNumber = IPProtocols.networkACLNumber(old), oldNumber == IPProtocols.networkACLNumber(new) {
            planned = planned.setting(["protocol": .string(old)])
        }
        if let old = prior.string("rule_action"), let new = proposed.string("rule_action"), old.lowercased() == new.lowercased() {
            planned = planned.setting(["rule_action": .string(old)])
        }
        return PlannedChange(planned: planned)
    }

    func create(_ planned: Value, in context: AWSContext) async throws -> Value {
        guard let aclID = planned.string("network_acl_id"), let ruleNumber = planned.int("rule_number"), let ipProtocol = planned.string("protocol") else {
            throw ProviderError("Creating EC2 Network ACL Rule", detail: "network_acl_id, rule_number and protocol must be known.")
        }
        let egress = planned.bool("egress") ?? false
        let what = "EC2 Network ACL (\(aclID)) Rule (egress: \(egress))(\(ruleNumber))"
        do {
            // CreateNetworkAclEntry succeeds when an identical rule exists; a rule with the same
            // number must not be adopted silently.
            if try await findEntry(aclID: aclID, egress: egress, ruleNumber: ruleNumber, in: context) != nil {
                throw ProviderError("Creating \(what)", detail: "the rule already exists; import it with `prov import` to manage it.", isAlreadyExists: true)
            }
            let entry = NetworkACLEntry(
                block: .object([
                    "rule_no": .number(ruleNumber), "action": .string(planned.string("rule_action") ?? ""), "protocol": .string(ipProtocol),
                    "from_port": .number(planned.int("from_port") ?? 0), "to_port": .number(planned.int("to_port") ?? 0),
                    "cidr_block": .string(planned.string("cidr_block")), "ipv6_cidr_block": .string(planned.string("ipv6_cidr_block")),
                    "icmp_type": .number(planned.int("icmp_type") ?? 0), "icmp_code": .number(planned.int("icmp_code") ?? 0),
                ]))
            guard let entry else { throw ProviderError("Creating \(what)", detail: "the rule's arguments are not all known.") }
            try await NetworkACLs.createEntries([entry], aclID: aclID, egress: egress, in: context)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating \(what)")
        }
        let partial = planned.setting(["id": .string(Self.resourceID(aclID: aclID, ruleNumber: ruleNumber, egress: egress, protocol: ipProtocol))])
        do {
            try await EC2.waitUntilExists(what, timeout: NetworkACLs.propagationTimeout, in: context) {
                try await findEntry(aclID: aclID, egress: egress, ruleNumber: ruleNumber, in: context) != nil
            }
            return try await readBack(partial, in: context, after: "creating")
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "creating \(what)", partialObject: partial)
        }
    }

    func read(_ current: Value, in context: AWSContext) async throws -> Value? {
        guard let aclID = current.string("network_acl_id"), let ruleNumber = current.int("rule_number") else { return nil }
        let egress = current.bool("egress") ?? false
        do {
            guard let entry = try await findEntry(aclID: aclID, egress: egress, ruleNumber: ruleNumber, in: context) else { return nil }
            let remoteProtocol = entry.string("protocol") ?? ""
            var attributes: [String: Value] = [
                "id": current[attribute: "id"] ?? .null(.string),
                "network_acl_id": .string(aclID),
                "rule_number": .number(entry.child("ruleNumber")?.intValue ?? ruleNumber),
                "egress": .bool(entry.child("egress")?.boolValue ?? egress),
                "protocol": .string(IPProtocols.networkACLNumber(remoteProtocol).map(String.init) ?? remoteProtocol),
                "rule_action": .string(entry.string("ruleAction")),
                "cidr_block": .string(entry.string("cidrBlock")),
                "ipv6_cidr_block": .string(entry.string("ipv6CidrBlock")),
                "from_port": current[attribute: "from_port"] ?? .null(.number),
                "to_port": current[attribute: "to_port"] ?? .null(.number),
                "icmp_type": current[attribute: "icmp_type"] ?? .null(.number),
                "icmp_code": current[attribute: "icmp_code"] ?? .null(.number),
            ]
            // AWS reports ports and ICMP settings only for rules that have them; otherwise
            // what the configuration said stays, as in Terraform.
            if let range = entry.child("portRange") {
                attributes["from_port"] = .number(range.child("from")?.intValue)
                attributes["to_port"] = .number(range.child("to")?.intValue)
            }
            if let icmp = entry.child("icmpTypeCode") {
                attributes["icmp_type"] = .number(icmp.child("type")?.intValue)
                attributes["icmp_code"] = .number(icmp.child("code")?.intValue)
            }
            return .object(attributes)
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "reading EC2 Network ACL Rule (\(current.string("id") ?? ""))")
        }
    }

    /// Every argument forces a new rule, so there is nothing to change in place.
    func update(prior: Value, planned: Value, in context: AWSContext) async throws -> Value {
        try await readBack(planned, in: context, after: "updating")
    }

    func delete(_ current: Value, in context: AWSContext) async throws {
        guard let aclID = current.string("network_acl_id"), let ruleNumber = current.int("rule_number") else { return }
        let egress = current.bool("egress") ?? false
        var parameters = QueryParameters()
        parameters.set("NetworkAclId", aclID)
        parameters.set("RuleNumber", ruleNumber)
        parameters.set("Egress", egress)
        do {
            // Only a rule that is there is deleted: the call fails for a missing one.
            guard try await findEntry(aclID: aclID, egress: egress, ruleNumber: ruleNumber, in: context) != nil else { return }
            _ = try await context.client.query(.ec2, action: "DeleteNetworkAclEntry", parameters: parameters)
        } catch where EC2.isNotFound(error) {
            return
        } catch {
            throw ProviderErrorBuilder.wrap(error, doing: "deleting EC2 Network ACL Rule (\(current.string("id") ?? ""))")
        }
    }

    func importObject(id: String, in context: AWSContext) async throws -> Value {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, !parts.contains(where: \.isEmpty), let ruleNumber = Int(parts[1]), let egress = Bool(parts[3]) else {
            throw ProviderError("Invalid import id", detail: "unexpected format of ID (\(id)), expected NETWORK_ACL_ID:RULE_NUMBER:PROTOCOL:EGRESS")
        }
        let current = Value.object([
            "id": .string(Self.resourceID(aclID: parts[0], ruleNumber: ruleNumber, egress: egress, protocol: parts[2])),
            "network_acl_id": .string(parts[0]),
            "rule_number": .number(ruleNumber),
            "egress": .bool(egress),
        ])
        guard let found = try await read(current, in: context) else {
            throw ProviderError("Cannot import non-existent remote object", detail: "Network ACL \(parts[0]) has no \(egress ? "egress" : "ingress") rule \(ruleNumber) in \(context.region).")
        }
        return found
    }

    /// The provider's id for a rule: a hash of its ACL, number, direction and protocol.
    static func resourceID(aclID: String, ruleNumber: Int, egress: Bool, protocol ipProtocol: String) -> String {
        "nacl-\(TerraformIdentifiers.hashcode("\(aclID)-\(ruleNumber)-\(egress)-\(ipProtocol)-"))"
    }

    /// The ACL's entry for this direction and rule number, or nil (also when the ACL is gone).
    private func findEntry(aclID: String, egress: Bool, ruleNumber: Int, in context: AWSContext) async throws -> XMLNode? {
        guard let acl = try await NetworkACLs.describe(aclID, in: context) else { return nil }
        return acl.all("entrySet", "item").first { entry in
            (entry.child("egress")?.boolValue == true) == egress && entry.child("ruleNumber")?.intValue == ruleNumber
        }
    }
}

// MARK: Reconciliation

extension NetworkACLRuleResource {
    /// A rule is unique by network ACL, direction and number.
    func identity(fromConfiguration configuration: Value) -> [String: Value]? { ReconciliationIdentity.whenKnown(configuration, "network_acl_id", "rule_number") }
}
