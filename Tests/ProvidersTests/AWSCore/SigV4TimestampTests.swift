import Foundation
import Testing

@testable import Providers

@Suite struct SigV4TimestampTests {
    struct Instant: Sendable, CustomTestStringConvertible {
        var name: String
        var secondsSince1970: Double
        var dateTime: String
        var testDescription: String { name }
    }

    static let instants: [Instant] = [
        Instant(name: "test suite time", secondsSince1970: 1_440_938_160, dateTime: "20150830T123600Z"),
        Instant(name: "epoch", secondsSince1970: 0, dateTime: "19700101T000000Z"),
        Instant(name: "just before the epoch", secondsSince1970: -1, dateTime: "19691231T235959Z"),
        Instant(name: "fraction rounds down", secondsSince1970: 1_709_251_199.999, dateTime: "20240229T235959Z"),
        Instant(name: "day after a leap day", secondsSince1970: 1_709_251_200, dateTime: "20240301T000000Z"),
        Instant(name: "2100 is not a leap year", secondsSince1970: 4_107_542_400, dateTime: "21000301T000000Z"),
    ]

    @Test(arguments: instants)
    func formatsInUTC(instant: Instant) {
        let timestamp = SigV4Timestamp(Date(timeIntervalSince1970: instant.secondsSince1970))
        #expect(timestamp.dateTime == instant.dateTime)
        #expect(timestamp.date == String(instant.dateTime.prefix(8)))
    }

    /// Every 97 hours and 13 seconds across two and a half centuries, compared with Foundation's
    /// ISO 8601 formatter in its basic (separator-free) form.
    @Test func agreesWithFoundationAcrossCenturies() {
        let style = Date.ISO8601FormatStyle(
            dateSeparator: .omitted, dateTimeSeparator: .standard, timeSeparator: .omitted, timeZone: .gmt)
        var seconds = -2_208_988_800.0  // 1900-01-01
        var compared = 0
        while seconds < 5_680_000_000 {  // about 2150
            let date = Date(timeIntervalSince1970: seconds)
            let ours = SigV4Timestamp(date).dateTime
            let expected = date.formatted(style)
            #expect(ours == expected, "\(seconds) seconds since 1970")
            if ours != expected { break }  // one failure says enough
            seconds += 97 * 3600 + 13
            compared += 1
        }
        #expect(compared > 20_000)
    }
}
