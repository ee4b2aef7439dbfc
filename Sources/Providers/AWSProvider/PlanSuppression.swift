import Provisioner
import ResourceGraph

/// Terraform's diff suppressions, applied in a resource type's `plan` hook: where the planned
/// value means the same as the prior one, the prior one is planned, so no change shows.
enum PlanSuppression {
    /// A string compared by meaning (a JSON document, say): the prior text is kept when the
    /// planned one is equivalent to it.
    static func keepPriorString(_ name: String, in planned: Value, prior: Value?, equivalent: (String, String) -> Bool) -> Value {
        guard let prior, let old = prior.string(name), let new = planned.string(name), old != new, equivalent(old, new) else { return planned }
        return planned.setting([name: prior[attribute: name] ?? .string(old)])
    }

    /// A block the configuration leaves out keeps what AWS reports for it, as Terraform's
    /// SuppressMissingOptionalConfigurationBlock does (and as Optional+Computed blocks do).
    /// For a new object, what AWS will report is not known until it exists.
    static func keepPriorBlockWhenUnconfigured(_ name: String, in planned: Value, prior: Value?, configuration: Value) -> Value {
        guard let configured = configuration[attribute: name], configured.isKnown, (configured.elements ?? []).isEmpty else { return planned }
        guard let prior else {
            guard let type = planned[attribute: name]?.type else { return planned }
            return planned.setting([name: .unknown(type)])
        }
        guard let kept = prior[attribute: name], !(kept.elements ?? []).isEmpty else { return planned }
        return planned.setting([name: kept])
    }

    /// Whether an attribute differs between two objects, with Terraform's zero-value rules.
    static func changed(_ name: String, _ prior: Value, _ planned: Value) -> Bool {
        !ObjectPlanning.equivalent(prior[attribute: name] ?? .null, planned[attribute: name] ?? .null)
    }
}
