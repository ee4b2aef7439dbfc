/// An instant with the UTC offset it was written in, as Terraform's date and time functions
/// read and write it in RFC 3339. Calendar arithmetic is the proleptic Gregorian calendar,
/// done here so no time zone database or locale is involved.
struct Timestamp: Equatable {
    /// Seconds since 1970-01-01T00:00:00Z, and the nanoseconds within that second.
    var seconds: Int64
    var nanoseconds: Int64
    /// Seconds east of UTC.
    var offset: Int

    struct Civil {
        var year: Int, month: Int, day: Int
        var hour: Int, minute: Int, second: Int
        /// 0 is Sunday.
        var weekday: Int
    }

    /// The date and clock time at the timestamp's own offset.
    var civil: Civil {
        let local = seconds + Int64(offset)
        let days = Self.floorDivide(local, 86_400)
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        return Civil(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, weekday: Int(((days % 7) + 11) % 7))
    }

    init(seconds: Int64, nanoseconds: Int64, offset: Int) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.offset = offset
    }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanoseconds: Int64, offset: Int) {
        let days = Self.days(fromYear: year, month: month, day: day)
        self.seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        self.nanoseconds = nanoseconds
        self.offset = offset
    }

    func adding(nanoseconds delta: Int64) -> Timestamp {
        let total = nanoseconds + delta % 1_000_000_000
        let carry = Self.floorDivide(total, 1_000_000_000)
        return Timestamp(seconds: seconds + delta / 1_000_000_000 + carry, nanoseconds: total - carry * 1_000_000_000, offset: offset)
    }

    func isBefore(_ other: Timestamp) -> Bool { (seconds, nanoseconds) < (other.seconds, other.nanoseconds) }

    /// Go's `time.RFC3339` layout: whole seconds, "Z" for a zero offset.
    var rfc3339: String {
        let c = civil
        return Self.padded(c.year, 4) + "-" + Self.padded(c.month, 2) + "-" + Self.padded(c.day, 2) + "T"
            + Self.padded(c.hour, 2) + ":" + Self.padded(c.minute, 2) + ":" + Self.padded(c.second, 2) + offsetText(colon: true, zulu: true)
    }

    /// "+hh:mm", "+hhmm", or "Z" for a zero offset when `zulu`.
    func offsetText(colon: Bool, zulu: Bool) -> String {
        if offset == 0, zulu { return "Z" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return sign + Self.padded(minutes / 60, 2) + (colon ? ":" : "") + Self.padded(minutes % 60, 2)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: Calendar

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func days(fromYear year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64((month + 9) % 12)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

// MARK: Parsing

extension Timestamp {
    struct ParseError: Error {
        let message: String
    }

    /// Strict RFC 3339, as Go's `time.Parse(time.RFC3339, …)` reads it (fractional seconds are
    /// allowed), with the messages Terraform gives for each part that fails.
    static func parseRFC3339(_ text: String) throws(ParseError) -> Timestamp {
        var rest = Substring(text)
        func fail(_ detail: String) -> ParseError { ParseError(message: "not a valid RFC3339 timestamp: " + detail) }
        func number(_ what: String, digits: ClosedRange<Int>, range: ClosedRange<Int>) throws(ParseError) -> Int {
            guard !rest.isEmpty else { throw fail("end of string before \(what)") }
            let taken = rest.prefix { $0.isASCII && $0.isNumber }.prefix(digits.upperBound)
            guard taken.count >= digits.lowerBound, let value = Int(taken), range.contains(value) else {
                throw fail("cannot use \(Value.quoted(String(rest))) as \(what)")
            }
            rest = rest.dropFirst(taken.count)
            return value
        }
        func literal(_ expected: Character) throws(ParseError) {
            guard rest.first == expected else {
                if expected == "T" { throw fail("missing required time introducer 'T'") }
                if rest.isEmpty { throw fail("end of string where \(Value.quoted(String(expected))) is expected") }
                throw fail("found \(Value.quoted(String(rest))) where \(Value.quoted(String(expected))) is expected")
            }
            rest = rest.dropFirst()
        }
        let year = try number("year", digits: 4...4, range: 0...9999)
        try literal("-")
        let month = try number("month", digits: 2...2, range: 1...12)
        try literal("-")
        let dayText = rest
        let day = try number("day of month", digits: 2...2, range: 1...31)
        guard day <= daysInMonth(month, year: year) else { throw fail("cannot use \(Value.quoted(String(dayText))) as day of month") }
        try literal("T")
        let hour = try number("hour", digits: 1...2, range: 0...23)
        try literal(":")
        let minute = try number("minute", digits: 2...2, range: 0...59)
        try literal(":")
        let second = try number("second", digits: 2...2, range: 0...59)
        let nanoseconds = fraction(&rest)
        let offset: Int
        if rest.first == "Z" {
            rest = rest.dropFirst()
            offset = 0
        } else {
            let offsetText = rest
            guard let sign = rest.first, sign == "+" || sign == "-" else {
                if rest.isEmpty { throw fail("end of string before UTC offset") }
                throw fail("cannot use \(Value.quoted(String(rest))) as UTC offset")
            }
            rest = rest.dropFirst()
            let parts = rest.prefix(5)
            guard parts.count == 5, parts.dropFirst(2).first == ":", let hours = Int(parts.prefix(2)), let minutes = Int(parts.suffix(2)),
                  hours <= 23, minutes <= 59 else {
                throw fail("cannot use \(Value.quoted(String(offsetText))) as UTC offset")
            }
            rest = rest.dropFirst(5)
            offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard rest.isEmpty else { throw fail("cannot use \(Value.quoted(String(rest))) as timestamp segment") }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanoseconds: nanoseconds, offset: offset)
    }

    /// Optional ".digits" (or ",digits") after the seconds, as nanoseconds.
    private static func fraction(_ rest: inout Substring) -> Int64 {
        guard let separator = rest.first, separator == "." || separator == ",",
              let firstDigit = rest.dropFirst().first, firstDigit.isASCII, firstDigit.isNumber else { return 0 }
        rest = rest.dropFirst()
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        let nine = String(digits.prefix(9)) + String(repeating: "0", count: 9 - min(9, digits.count))
        return Int64(nine) ?? 0
    }

    /// The timestamp forms YAML's `!!timestamp` allows that Go's parser accepts: a date, a date
    /// and time with "T", "t" or a space (no offset then means UTC), optional fraction and offset.
    static func parseYAML(_ text: String) -> Timestamp? {
        var rest = Substring(text)
        func number(_ digits: ClosedRange<Int>) -> Int? {
            let taken = rest.prefix { $0.isASCII && $0.isNumber }
            guard digits.contains(taken.count) else { return nil }
            rest = rest.dropFirst(taken.count)
            return Int(taken)
        }
        func skip(_ character: Character) -> Bool {
            guard rest.first == character else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard let year = number(4...4), skip("-"), let month = number(1...2), (1...12).contains(month), skip("-"),
              let day = number(1...2), day >= 1, day <= daysInMonth(month, year: year) else { return nil }
        if rest.isEmpty { return Timestamp(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, nanoseconds: 0, offset: 0) }
        guard let separator = rest.first, separator == "T" || separator == "t" || separator == " " else { return nil }
        rest = rest.dropFirst()
        guard let hour = number(1...2), hour <= 23, skip(":"), let minute = number(1...2), minute <= 59, skip(":"),
              let second = number(1...2), second <= 59 else { return nil }
        let nanoseconds = fraction(&rest)
        var offset = 0
        if separator != " " {
            if skip("Z") {
                offset = 0
            } else if let sign = rest.first, sign == "+" || sign == "-" {
                rest = rest.dropFirst()
                guard let hours = number(2...2), skip(":"), let minutes = number(2...2) else { return nil }
                offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        guard rest.isEmpty else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanoseconds: nanoseconds, offset: offset)
    }
}
