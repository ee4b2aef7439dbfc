import ResourceGraph

/// Resolves the address arguments of the state commands to the instances they cover, with
/// Terraform's messages for addresses that do not parse or match nothing.
public enum StateLookup {
    /// The instances the addresses cover, in Terraform's order without repeats. With
    /// `allowMissing`, an address that matches nothing is not an error (`state rm` reports the
    /// total instead).
    public static func instances(_ texts: [String], in snapshot: StateSnapshot, allowMissing: Bool) -> (instances: [InstanceAddress], diagnostics: Diagnostics) {
        var found: Set<InstanceAddress> = []
        var diagnostics = Diagnostics()
        for text in texts {
            guard let target = StateTarget.parse(text) else {
                diagnostics.append(invalidAddress(text))
                continue
            }
            let matches = target.matches(in: snapshot)
            found.formUnion(matches)
            if matches.isEmpty, !allowMissing { diagnostics.append(unknown(target)) }
        }
        return (found.sorted(by: StateAddressOrder.precedes), diagnostics)
    }

    public static func invalidAddress(_ text: String) -> Diagnostic {
        .error("Invalid address", "\(Value.quoted(text)) is not a resource, resource instance or module address, such as aws_vpc.main, aws_subnet.public[0], aws_subnet.each[\"a\"] or module.network.")
    }

    static func unknown(_ target: StateTarget) -> Diagnostic {
        switch target {
        case .module(let path):
            return .error("Unknown module", "The current state contains no module at \(path). If you've just added this module to the configuration, you must run \"prov apply\" first to create the module's entry in the state.")
        case .resource(let resource):
            return .error("Unknown resource", "The current state contains no resource \(resource). If you've just added this resource to the configuration, you must run \"prov apply\" first to create the resource's entry in the state.")
        case .instance(let instance):
            return .error("Unknown resource instance", "The current state contains no resource instance \(instance). If you've just added its resource to the configuration or have changed the count or for_each arguments, you must run \"prov apply\" first to update the resource's entry in the state.")
        }
    }
}
