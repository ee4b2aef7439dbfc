import Foundation

/// Small helpers shared by the function implementations for reading converted arguments. The
/// evaluator has already converted each argument to its parameter type, so the force-unwraps in
/// callers only fail if a function's parameter list and implementation disagree.
extension FunctionLibrary {
    /// A whole number that fits in an `Int`, as cty's `gocty.FromCtyValue` requires for counts,
    /// offsets and indexes.
    static func integer(_ value: Value, argument: Int) throws -> Int {
        guard let number = value.numberValue else { throw FunctionError("a number is required", argument: argument) }
        guard number.isInteger else { throw FunctionError("value must be a whole number, got \(number)", argument: argument) }
        guard let int = number.intValue else { throw FunctionError("value must be a whole number within the range of a 64-bit integer", argument: argument) }
        return int
    }

    /// Characters in Terraform's sense: extended grapheme clusters, which `Character` already is.
    static func graphemeCount(_ string: String) -> Int { string.count }
}

extension Number {
    /// The number closest to a floating point result, via its shortest round-tripping decimal
    /// spelling, which is what cty shows for results computed with Go's float64 math. Nil for
    /// infinities and NaN, which Terraform numbers here cannot hold.
    init?(_ double: Double) {
        guard double.isFinite else { return nil }
        self.init(parsing: "\(double)")
    }
}

extension ValueType {
    /// cty's `FriendlyName`, used in Terraform's function error messages: "list of string",
    /// "map of number", "object".
    var ctyFriendlyName: String {
        switch self {
        case .list(let element): return "list of \(element.ctyFriendlyName)"
        case .set(let element): return "set of \(element.ctyFriendlyName)"
        case .map(let element): return "map of \(element.ctyFriendlyName)"
        default: return friendlyName == "dynamic value" ? "dynamic" : friendlyName
        }
    }

    /// cty's `FriendlyNameForConstraint`: `dynamic` reads as "any single type" in a constraint.
    var ctyConstraintName: String {
        switch self {
        case .dynamic: return "any single type"
        case .list(let element): return "list of \(element.ctyConstraintName)"
        case .set(let element): return "set of \(element.ctyConstraintName)"
        case .map(let element): return "map of \(element.ctyConstraintName)"
        default: return ctyFriendlyName
        }
    }
}

extension String {
    /// Go's string ordering: by UTF-8 bytes, which is code point order.
    static func goOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
