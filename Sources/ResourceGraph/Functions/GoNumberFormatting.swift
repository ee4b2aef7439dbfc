/// Number formatting as Go's `fmt` does it for `big.Int` and `big.Float`, which cty's `format`
/// uses for `%d %b %o %x %X` and `%e %E %f %g %G`: the same rounding (half to even on the exact
/// decimal digits), the same choice between exponent and fixed notation, the same padding.
enum GoNumberFormatting {
    struct Flags {
        var plus = false, space = false, minus = false, zero = false, sharp = false
    }

    /// A number as significant decimal digits and the position of the decimal point:
    /// value = 0.digits × 10^exponent, with no leading or trailing zeros (zero has no digits).
    struct Digits {
        var digits: [UInt8]
        var exponent: Int
        var negative: Bool

        init(_ number: Number) {
            var text = number.description
            negative = text.hasPrefix("-")
            if negative { text.removeFirst() }
            let parts = text.split(separator: ".", maxSplits: 1)
            let integer = Array(parts[0].utf8), fraction = parts.count > 1 ? Array(parts[1].utf8) : []
            var all = integer + fraction
            var point = integer.count
            while all.first == UInt8(ascii: "0") {
                all.removeFirst()
                point -= 1
            }
            while all.last == UInt8(ascii: "0") { all.removeLast() }
            digits = all
            exponent = all.isEmpty ? 0 : point
        }

        /// Keeps `count` significant digits, rounding half to even.
        mutating func round(to count: Int) {
            guard count >= 0, count < digits.count else { return }
            let roundUp: Bool
            if digits[count] == UInt8(ascii: "5"), count + 1 == digits.count {
                roundUp = count > 0 && (digits[count - 1] - UInt8(ascii: "0")) % 2 == 1
            } else {
                roundUp = digits[count] >= UInt8(ascii: "5")
            }
            if roundUp {
                var n = count
                while n > 0, digits[n - 1] == UInt8(ascii: "9") { n -= 1 }
                if n == 0 {
                    digits = [UInt8(ascii: "1")]
                    exponent += 1
                } else {
                    digits[n - 1] += 1
                    digits.removeSubrange(n...)
                }
            } else {
                digits.removeSubrange(count...)
                while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            }
            if digits.isEmpty { exponent = 0 }
        }

        func digit(at index: Int) -> Character {
            index >= 0 && index < digits.count ? Character(UnicodeScalar(digits[index])) : "0"
        }
    }

    /// `%e`, `%f` or `%g` (and upper-case forms) with an optional precision.
    static func float(_ number: Number, verb: Character, precision: Int?, width: Int?, flags: Flags) -> String {
        var d = Digits(number)
        let lowerVerb = Character(verb.lowercased())
        var precision = precision ?? (lowerVerb == "g" ? -1 : 6)
        let shortest = precision < 0
        if shortest {
            precision = d.digits.count
        } else {
            switch lowerVerb {
            case "e": d.round(to: 1 + precision)
            case "f": d.round(to: d.exponent + precision)
            default:
                if precision == 0 { precision = 1 }
                d.round(to: precision)
            }
        }
        var body: String
        switch lowerVerb {
        case "e": body = exponentForm(d, precision: precision, letter: verb == "E" ? "E" : "e")
        case "f": body = fixedForm(d, precision: precision)
        default:
            var exponentLimit = precision
            if exponentLimit > d.digits.count, d.digits.count >= d.exponent { exponentLimit = d.digits.count }
            if shortest { exponentLimit = 6 }
            let exponent = d.exponent - 1
            if exponent < -4 || exponent >= exponentLimit {
                body = exponentForm(d, precision: min(precision, d.digits.count) - 1, letter: verb == "G" ? "E" : "e")
            } else {
                body = fixedForm(d, precision: max((precision > d.exponent ? d.digits.count : precision) - d.exponent, 0))
            }
        }
        let sign = d.negative ? "-" : flags.plus ? "+" : flags.space ? " " : ""
        let padding = max(0, (width ?? 0) - sign.count - body.count)
        if flags.zero { return sign + String(repeating: "0", count: padding) + body }
        if flags.minus { return sign + body + String(repeating: " ", count: padding) }
        return String(repeating: " ", count: padding) + sign + body
    }

    private static func exponentForm(_ d: Digits, precision: Int, letter: Character) -> String {
        var out = String(d.digit(at: 0))
        if precision > 0 {
            out += "."
            for i in 1...precision { out.append(d.digit(at: i)) }
        }
        var exponent = d.digits.isEmpty ? 0 : d.exponent - 1
        out.append(letter)
        out += exponent < 0 ? "-" : "+"
        exponent = abs(exponent)
        return out + (exponent < 10 ? "0" : "") + String(exponent)
    }

    private static func fixedForm(_ d: Digits, precision: Int) -> String {
        var out = ""
        if d.exponent > 0 {
            for i in 0..<d.exponent { out.append(d.digit(at: i)) }
        } else {
            out = "0"
        }
        if precision > 0 {
            out += "."
            for i in 0..<precision { out.append(d.digit(at: d.exponent + i)) }
        }
        return out
    }

    /// `%d %b %o %x %X` of a whole number; nil when it is too large to convert.
    static func integer(_ number: Number, verb: Character, precision: Int?, width: Int?, flags: Flags) -> String? {
        let d = Digits(number)
        var magnitude: UInt128 = 0
        for index in 0..<max(d.exponent, 0) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt128(d.digit(at: index).asciiValue! - 48))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
        }
        let radix: Int
        var prefix = ""
        switch verb {
        case "b": radix = 2; if flags.sharp { prefix = "0b" }
        case "o": radix = 8; if flags.sharp { prefix = "0" }
        case "x": radix = 16; if flags.sharp { prefix = "0x" }
        case "X": radix = 16; if flags.sharp { prefix = "0X" }
        default: radix = 10
        }
        var digits = String(magnitude, radix: radix, uppercase: verb == "X")
        let sign = d.negative ? "-" : flags.plus ? "+" : flags.space ? " " : ""
        var zeros = 0
        if let precision {
            if digits.count < precision {
                zeros = precision - digits.count
            } else if digits == "0", precision == 0 {
                digits = ""
            }
        }
        var left = 0, right = 0
        let length = sign.count + prefix.count + zeros + digits.count
        if let width, length < width {
            let extra = width - length
            if flags.minus {
                right = extra
            } else if flags.zero, precision == nil {
                zeros = extra
            } else {
                left = extra
            }
        }
        return String(repeating: " ", count: left) + sign + prefix + String(repeating: "0", count: zeros) + digits
            + String(repeating: " ", count: right)
    }
}
