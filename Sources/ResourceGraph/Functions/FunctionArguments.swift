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
