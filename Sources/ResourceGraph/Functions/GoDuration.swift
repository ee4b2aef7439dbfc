/// Durations in Go's `time.ParseDuration` syntax, which `timeadd` takes: a sign, then number and
/// unit pairs such as "1h30m" or "1.5s", with units ns, us (µs), ms, s, m and h.
enum GoDuration {
    struct ParseError: Error {
        let message: String
    }

    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// The duration in nanoseconds.
    static func parse(_ text: String) throws(ParseError) -> Int64 {
        let invalid = ParseError(message: "time: invalid duration \(Value.quoted(text))")
        var rest = Substring(text).unicodeScalars[...]
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if String(String.UnicodeScalarView(rest)) == "0" { return 0 }
        guard !rest.isEmpty else { throw invalid }
        var total: UInt64 = 0
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        while !rest.isEmpty {
            guard let first = rest.first, first == "." || isDigit(first) else { throw invalid }
            var whole: UInt64 = 0
            let wholeDigits = rest.prefix(while: isDigit)
            for digit in wholeDigits {
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit.value - 48))
                guard !overflow1, !overflow2, sum <= 1 << 63 else { throw invalid }
                whole = sum
            }
            rest = rest.dropFirst(wholeDigits.count)
            var fraction: UInt64 = 0, scale = 1.0
            var fractionDigitCount = 0
            if rest.first == "." {
                rest = rest.dropFirst()
                let digits = rest.prefix(while: isDigit)
                fractionDigitCount = digits.count
                var overflowed = false
                for digit in digits where !overflowed {
                    // Digits past what fits are dropped, as Go does.
                    let (times10, overflow1) = fraction.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit.value - 48))
                    if overflow1 || overflow2 || sum > 1 << 63 {
                        overflowed = true
                    } else {
                        fraction = sum
                        scale *= 10
                    }
                }
                rest = rest.dropFirst(digits.count)
            }
            guard !wholeDigits.isEmpty || fractionDigitCount > 0 else { throw invalid }
            let unitText = rest.prefix { $0 != "." && !isDigit($0) }
            guard !unitText.isEmpty else { throw ParseError(message: "time: missing unit in duration \(Value.quoted(text))") }
            let unitName = String(String.UnicodeScalarView(unitText))
            guard let unit = units[unitName] else {
                throw ParseError(message: "time: unknown unit \(Value.quoted(unitName)) in duration \(Value.quoted(text))")
            }
            rest = rest.dropFirst(unitText.count)
            let (scaled, overflow) = whole.multipliedReportingOverflow(by: unit)
            guard !overflow, scaled <= 1 << 63 else { throw invalid }
            var value = scaled
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= 1 << 63 else { throw invalid }
            }
            total += value
            guard total <= 1 << 63 else { throw invalid }
        }
        if negative { return total == 1 << 63 ? Int64.min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { throw invalid }
        return Int64(total)
    }
}
