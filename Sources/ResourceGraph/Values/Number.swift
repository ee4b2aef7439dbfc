import Foundation

/// An exact decimal number, as Terraform's numbers are: `0.1 + 0.2 == 0.3` holds.
public struct Number: Hashable, Comparable, Sendable, CustomStringConvertible {
    public private(set) var decimal: Decimal
    /// The value as an `Int` when it was made from one (counts, indexes, whole literals): those
    /// then skip Decimal's slow formatting and rounding, which a plan of thousands of resources
    /// would otherwise pay for every `count.index` it renders.
    private let exactInt: Int?

    public init(_ decimal: Decimal) {
        self.decimal = decimal
        self.exactInt = nil
    }

    public init(_ int: Int) {
        self.decimal = Decimal(int)
        self.exactInt = int
    }

    /// Parses HCL / JSON number syntax strictly: optional sign, digits, optional fraction and
    /// exponent. Foundation's own parser accepts trailing garbage ("12abc"), so we check first.
    public init?(parsing text: some StringProtocol) {
        if let int = Int(text) {
            self.init(int)
            return
        }
        guard Number.isWellFormed(text), let value = Decimal(string: String(text), locale: nil) else { return nil }
        self.init(value)
    }

    public static func == (a: Number, b: Number) -> Bool {
        if let x = a.exactInt, let y = b.exactInt { return x == y }
        return a.decimal == b.decimal
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(decimal)
    }

    static func isWellFormed(_ text: some StringProtocol) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 48 && $0 <= 57 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        var mantissaDigits = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    public static let zero = Number(0)

    public var isInteger: Bool { exactInt != nil || self == truncated() }

    /// The value as an `Int` when it is a whole number that fits.
    public var intValue: Int? {
        if let exactInt { return exactInt }
        guard isInteger, decimal >= Decimal(Int.min), decimal <= Decimal(Int.max) else { return nil }
        return NSDecimalNumber(decimal: decimal).intValue
    }

    public var doubleValue: Double { NSDecimalNumber(decimal: decimal).doubleValue }

    public func truncated() -> Number { rounded(.down, magnitude: true) }
    public func floor() -> Number { rounded(.down, magnitude: false) }
    public func ceil() -> Number { rounded(.up, magnitude: false) }

    private func rounded(_ mode: NSDecimalNumber.RoundingMode, magnitude: Bool) -> Number {
        var input = decimal
        var output = Decimal()
        // Truncation rounds toward zero: down for positives, up for negatives.
        let effective: NSDecimalNumber.RoundingMode = magnitude && decimal < 0 ? (mode == .down ? .up : .down) : mode
        NSDecimalRound(&output, &input, 0, effective)
        return Number(output)
    }

    public static func < (a: Number, b: Number) -> Bool {
        if let x = a.exactInt, let y = b.exactInt { return x < y }
        return a.decimal < b.decimal
    }

    public static func + (a: Number, b: Number) -> Number {
        if let x = a.exactInt, let y = b.exactInt, case (let sum, false) = x.addingReportingOverflow(y) { return Number(sum) }
        return Number(a.decimal + b.decimal)
    }

    public static func - (a: Number, b: Number) -> Number {
        if let x = a.exactInt, let y = b.exactInt, case (let difference, false) = x.subtractingReportingOverflow(y) { return Number(difference) }
        return Number(a.decimal - b.decimal)
    }

    public static func * (a: Number, b: Number) -> Number {
        if let x = a.exactInt, let y = b.exactInt, case (let product, false) = x.multipliedReportingOverflow(by: y) { return Number(product) }
        return Number(a.decimal * b.decimal)
    }

    public static prefix func - (a: Number) -> Number {
        if let x = a.exactInt, x != Int.min { return Number(-x) }
        return Number(-a.decimal)
    }

    /// Division; nil when dividing by zero.
    public func divided(by other: Number) -> Number? {
        other.decimal.isZero ? nil : Number(decimal / other.decimal)
    }

    /// The remainder of truncating division, with the sign of the dividend (as Go and cty do);
    /// nil when dividing by zero.
    public func remainder(dividingBy other: Number) -> Number? {
        guard let quotient = divided(by: other) else { return nil }
        return self - other * quotient.truncated()
    }

    public var description: String {
        if let exactInt { return String(exactInt) }
        if decimal.isZero { return "0" }
        return decimal.description
    }
}

extension Number: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
