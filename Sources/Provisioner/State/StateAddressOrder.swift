import ResourceGraph

/// The order Terraform lists state in (`state list`, `show`): shallower modules first, then
/// module names and keys step by step; within a module, data resources before managed ones,
/// then by type, name, and instance key (no key, then numbers, then strings).
public enum StateAddressOrder {
    public static func precedes(_ a: InstanceAddress, _ b: InstanceAddress) -> Bool {
        if a.resource.module != b.resource.module { return precedes(a.resource.module, b.resource.module) }
        if a.resource != b.resource { return precedesInModule(a.resource, b.resource) }
        return a.key < b.key
    }

    public static func precedes(_ a: ModulePath, _ b: ModulePath) -> Bool {
        if a.steps.count != b.steps.count { return a.steps.count < b.steps.count }
        for (x, y) in zip(a.steps, b.steps) {
            if x.name != y.name { return x.name < y.name }
            if x.key != y.key { return x.key < y.key }
        }
        return false
    }

    private static func precedesInModule(_ a: ResourceAddress, _ b: ResourceAddress) -> Bool {
        if a.mode != b.mode { return a.mode == .data }
        if a.type != b.type { return a.type < b.type }
        return a.name < b.name
    }
}
