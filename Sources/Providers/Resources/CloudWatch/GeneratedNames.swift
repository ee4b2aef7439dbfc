import Foundation
import Provisioner
import ResourceGraph

/// Terraform's `name` / `name_prefix` pair for objects whose name AWS does not make: without a
/// name the provider makes one from the prefix (`terraform-` by default) when it creates the
/// object.
enum GeneratedNames {
    static let defaultPrefix = "terraform-"

    /// The planned object with the name unknown until create when the configuration gives
    /// none: for a new object, and for one replaced because its prefix changed.
    static func plan(_ planned: Value, prior: Value?, configuration: Value) -> Value {
        guard configuration[attribute: "name"]?.isNull ?? true else { return planned }
        if let prior, !PlanSuppression.changed("name_prefix", prior, planned) { return planned }
        return planned.setting(["name": .unknown(.string)])
    }

    /// The name to create the object with.
    static func toCreate(_ planned: Value) -> String {
        planned.string("name") ?? UniqueName.make(prefix: planned.string("name_prefix") ?? defaultPrefix)
    }

    /// The `name_prefix` to keep: the prior object's, since a name alone cannot tell a
    /// generated suffix from a chosen name.
    static func carriedPrefix(_ current: Value) -> Value {
        guard let value = current[attribute: "name_prefix"], value.isKnown else { return .null(.string) }
        return value
    }

    /// Terraform's conflict between the two arguments.
    static func validate(_ configuration: Value) throws {
        if let name = configuration[attribute: "name"], !name.isNull, let prefix = configuration[attribute: "name_prefix"], !prefix.isNull {
            throw ProviderError("Conflicting configuration arguments", detail: "\"name\": conflicts with name_prefix")
        }
    }
}
