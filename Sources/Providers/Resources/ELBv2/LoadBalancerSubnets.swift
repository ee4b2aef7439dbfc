import Foundation
import Provisioner
import ResourceGraph

/// `subnets` and `subnet_mapping` of `aws_lb`: two spellings of the same placement, one of
/// which the configuration gives and the other AWS reports; and the provider's rules for which
/// changes SetSubnets can make in place.
enum LoadBalancerSubnets {
    static let mappingSchema = BlockSchema(attributes: [
        "allocation_id": AttributeSchema(.string, .optional),
        "ipv6_address": AttributeSchema(.string, .optional),
        "outpost_id": AttributeSchema(.string, .computed),
        "private_ipv4_address": AttributeSchema(.string, .optional),
        "subnet_id": AttributeSchema(.string, .required),
    ])

    static let mappingFields: [(attribute: String, member: String)] = [
        ("subnet_id", "SubnetId"), ("allocation_id", "AllocationId"),
        ("private_ipv4_address", "PrivateIPv4Address"), ("ipv6_address", "IPv6Address"),
    ]

    /// `SubnetMappings.member.N` for the configured blocks.
    static func mappingParameters(_ blocks: [Value]) -> [QueryParameters] {
        blocks.map { block in
            QueryParameters { parameters in
                for (attribute, member) in mappingFields {
                    if let text = block.string(attribute), !text.isEmpty { parameters.set(member, text) }
                }
            }
        }
    }

    /// The subnet ids of the zones AWS reports.
    static func subnets(_ zones: [XMLNode]) -> Value {
        .stringSet(zones.compactMap { $0.string("SubnetId") })
    }

    /// The zones as `subnet_mapping` blocks; addresses come from the zone's first address.
    /// Empty strings become null, as an unset argument is, so the blocks sort like configured ones.
    static func mappings(_ zones: [XMLNode]) -> Value {
        func optional(_ text: String?) -> Value { .string(text.flatMap { $0.isEmpty ? nil : $0 }) }
        return .set(zones.map { zone in
            let address = zone.all("LoadBalancerAddresses", "member").first
            return .object([
                "subnet_id": .string(zone.string("SubnetId") ?? ""),
                "outpost_id": optional(zone.string("OutpostId")),
                "allocation_id": optional(address?.string("AllocationId")),
                "private_ipv4_address": optional(address?.string("PrivateIPv4Address")),
                "ipv6_address": optional(address?.string("IPv6Address")),
            ])
        }, of: mappingSchema.valueType)
    }

    /// What identifies a mapping: its configurable parts, an empty string the same as unset.
    static func key(_ mapping: Value) -> [String] {
        mappingFields.map { mapping.string($0.attribute) ?? "" }
    }

    static func keys(_ object: Value?, _ name: String = "subnet_mapping") -> Set<[String]> {
        Set((object?.objects(name) ?? []).map(key))
    }

    // MARK: Planning

    /// Plans the two spellings: the one the configuration leaves out follows the other (AWS's
    /// value, or unknown when the other changes); and decides which changes need a new load
    /// balancer: the paths to replace for.
    static func plan(_ planned: Value, prior: Value?, configuration: Value) -> (planned: Value, replace: [ValuePath]) {
        let mappingsConfigured = !configuration.objects("subnet_mapping").isEmpty
        let subnetsConfigured = configuration[attribute: "subnets"].map { !$0.isNull } ?? false
        var planned = planned
        guard let prior else {
            if !mappingsConfigured { planned = planned.setting(["subnet_mapping": .unknown(.set(mappingSchema.valueType))]) }
            return (planned, [])
        }
        if !mappingsConfigured { planned = planned.setting(["subnet_mapping": prior[attribute: "subnet_mapping"] ?? .set([], of: mappingSchema.valueType)]) }

        let type = planned.string("load_balancer_type") ?? "application"
        var replace: [ValuePath] = []
        let oldMappings = keys(prior), newMappings = keys(planned)
        if mappingsConfigured, configuration[attribute: "subnet_mapping"]?.isWhollyKnown == true, oldMappings != newMappings {
            planned = planned.setting(["subnets": .unknown(.set(.string))])
            let added = newMappings.count > oldMappings.count, removed = newMappings.count < oldMappings.count
            let onlyAdded = added && oldMappings.isSubset(of: newMappings)
            let onlyRemoved = removed && newMappings.isSubset(of: oldMappings)
            // Application load balancers take added or removed mappings in place, network ones
            // added mappings only; any other change means a new load balancer.
            let inPlace = type == "network" ? onlyAdded : (onlyAdded || onlyRemoved)
            if !inPlace && type != "gateway" { replace.append(["subnet_mapping"]) }
        }
        if subnetsConfigured, configuration[attribute: "subnets"]?.isWhollyKnown == true,
           let old = prior.stringList("subnets"), let new = planned.stringList("subnets"), Set(old) != Set(new) {
            planned = planned.setting(["subnet_mapping": .unknown(.set(mappingSchema.valueType))])
            // A network load balancer can only gain subnets in place.
            if type == "network", new.count <= old.count { replace.append(["subnets"]) }
        }
        // A network load balancer cannot gain its first security groups or lose its last ones.
        if type == "network", configuration[attribute: "security_groups"]?.isWhollyKnown == true,
           let old = prior.stringList("security_groups"), let new = planned.stringList("security_groups"),
           Set(old) != Set(new), old.isEmpty != new.isEmpty {
            replace.append(["security_groups"])
        }
        return (planned, replace)
    }
}
