import ResourceGraph

/// The instances a `count` or `for_each` argument produces.
enum Expansion {
    case single
    case count(Int)
    /// Keys to `each.value`.
    case forEach([String: Value])
    /// The argument was invalid; a diagnostic says why.
    case invalid

    var keys: [InstanceKey] {
        switch self {
        case .single: return [.none]
        case .count(let n): return (0..<n).map { .index($0) }
        case .forEach(let entries): return entries.keys.sorted().map { .key($0) }
        case .invalid: return []
        }
    }
}

extension Planner {
    func expand(count: Expression?, forEach: Expression?, in instance: ModulePath, module: Module, what: String) -> Expansion {
        if let count {
            let (value, evaluationDiagnostics) = evaluate(count, in: instance, module: module)
            diagnostics.append(contentsOf: evaluationDiagnostics)
            if evaluationDiagnostics.hasErrors { return .invalid }
            if !value.isKnown {
                if isValidating { return .count(1) }
                diagnostics.error("Invalid count argument", "The \"count\" value depends on resource attributes that cannot be determined until apply, so prov cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on.", at: count.range)
                return .invalid
            }
            if value.isSensitive {
                diagnostics.error("Invalid count argument", "Sensitive values, or values derived from sensitive values, cannot be used as count arguments.", at: count.range)
                return .invalid
            }
            guard !value.isNull, let number = try? value.converted(to: .number).numberValue else {
                diagnostics.error("Invalid count argument", "The given \"count\" argument value is unsuitable: \(value.isNull ? "the given value is null" : "a number is required, but have \(value.type.friendlyName)").", at: count.range)
                return .invalid
            }
            guard let n = number.intValue else {
                diagnostics.error("Invalid count argument", "The given \"count\" argument value is unsuitable: a whole number is required.", at: count.range)
                return .invalid
            }
            guard n >= 0 else {
                diagnostics.error("Invalid count argument", "The given \"count\" argument value is unsuitable: must be greater than or equal to zero.", at: count.range)
                return .invalid
            }
            return .count(n)
        }
        if let forEach {
            let (value, evaluationDiagnostics) = evaluate(forEach, in: instance, module: module)
            diagnostics.append(contentsOf: evaluationDiagnostics)
            if evaluationDiagnostics.hasErrors { return .invalid }
            return forEachEntries(value, range: forEach.range)
        }
        return .single
    }

    private func forEachEntries(_ value: Value, range: SourceRange) -> Expansion {
        func invalid(_ detail: String) -> Expansion {
            diagnostics.error("Invalid for_each argument", detail, at: range)
            return .invalid
        }
        if value.isSensitive { return invalid("Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as a resource instance key.") }
        if !value.isKnown {
            if isValidating { return .forEach([:]) }
            return invalid("The \"for_each\" map includes keys derived from resource attributes that cannot be determined until apply, and so prov cannot determine the full set of keys that will identify the instances of this resource. When working with unknown values in for_each, it's better to define the map keys statically in your configuration and place apply-time results only in the map values. Alternatively, you could use the -target planning option to first apply only the resources that the for_each value depends on.")
        }
        if value.isNull { return invalid("The given \"for_each\" argument value is unsuitable: the given \"for_each\" argument value is null. A map, or set of strings is allowed.") }
        switch value.kind {
        case .map(let entries, _), .object(let entries):
            return .forEach(entries)
        case .set(let elements, _):
            var entries: [String: Value] = [:]
            for element in elements {
                guard let key = element.stringValue else {
                    if !element.isKnown {
                        return invalid("The given \"for_each\" argument value is unsuitable: the set includes values that cannot be determined until apply.")
                    }
                    return invalid("The given \"for_each\" argument value is unsuitable: \"for_each\" supports maps and sets of strings, but you have provided a set containing type \(element.type.friendlyName).")
                }
                entries[key] = element
            }
            return .forEach(entries)
        default:
            return invalid("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type \(value.type.friendlyName). Use toset() to convert a list of strings to a set.")
        }
    }
}
