import Foundation

/// A signing time in the two UTC forms SigV4 uses: `20150830` for the credential scope and
/// `20150830T123600Z` for `X-Amz-Date`.
///
/// Computed with integer calendar arithmetic rather than a `DateFormatter`, which is slow to
/// build, depends on locale settings unless configured with care, and is not `Sendable`.
struct SigV4Timestamp: Sendable, Equatable {
    /// `yyyyMMdd`
    let date: String
    /// `yyyyMMdd'T'HHmmss'Z'`
    let dateTime: String

    init(_ instant: Date) {
        let secondsSinceEpoch = Int(instant.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = secondsSinceEpoch.floorDividedWithRemainder(by: 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)

        var date = ""
        date.reserveCapacity(8)
        date.appendZeroPadded(year, width: 4)
        date.appendZeroPadded(month, width: 2)
        date.appendZeroPadded(day, width: 2)

        var dateTime = date
        dateTime.reserveCapacity(16)
        dateTime.append("T")
        dateTime.appendZeroPadded(secondOfDay / 3600, width: 2)
        dateTime.appendZeroPadded(secondOfDay / 60 % 60, width: 2)
        dateTime.appendZeroPadded(secondOfDay % 60, width: 2)
        dateTime.append("Z")

        self.date = date
        self.dateTime = dateTime
    }

    /// Proleptic Gregorian year, month and day for a day count from 1970-01-01, using the
    /// era-based method (400-year eras of 146 097 days, years starting on 1 March so the leap
    /// day comes last).
    private static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let daysSinceMarch0000 = daysSinceEpoch + 719_468
        let (era, dayOfEra) = daysSinceMarch0000.floorDividedWithRemainder(by: 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchBasedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchBasedMonth + 2) / 5 + 1
        let month = marchBasedMonth < 10 ? marchBasedMonth + 3 : marchBasedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

extension Int {
    /// Division rounding towards negative infinity, so instants before 1970 land on the right day.
    fileprivate func floorDividedWithRemainder(by divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}

extension String {
    fileprivate mutating func appendZeroPadded(_ value: Int, width: Int) {
        let digits = String(value)
        if digits.count < width { append(String(repeating: "0", count: width - digits.count)) }
        append(digits)
    }
}
