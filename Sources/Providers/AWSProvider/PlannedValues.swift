import Provisioner
import ResourceGraph

/// Planning helpers for resource types whose reads fill in what the configuration leaves
/// unset.
enum PlannedValues {
    /// The planned object with the prior value of each named attribute or block wherever the
    /// two only differ in form (unset against empty, as the plugin SDK cannot tell them apart):
    /// the state keeps what AWS reported, as the provider's does, instead of a plan showing a
    /// change that is none.
    static func keepingEquivalentPrior(_ planned: Value, prior: Value?, _ names: [String]) -> Value {
        guard let prior else { return planned }
        var changes: [String: Value] = [:]
        for name in names {
            guard let before = prior[attribute: name], let after = planned[attribute: name],
                  after.isWhollyKnown, ObjectPlanning.equivalent(before, after) else { continue }
            changes[name] = before
        }
        return changes.isEmpty ? planned : planned.setting(changes)
    }
}
