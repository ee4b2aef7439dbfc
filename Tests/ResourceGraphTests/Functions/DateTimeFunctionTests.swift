import Testing
@testable import ResourceGraph

@Suite struct DateTimeFunctionTests {
    static let documented: [FunctionCase] = [
        .init("formatdate RFC 822", #"formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")"#, #""02 Jan 2018 23:12 UTC""#),
        .init("formatdate RFC 850", #"formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")"#, #""Tuesday, 02-Jan-18 23:12:01 UTC""#),
        .init("formatdate RFC 1123 with offset", #"formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")"#, #""Tue, 02 Jan 2018 23:12:01 -0800""#),
        .init("formatdate month name", #"formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")"#, #""Jan 02, 2018""#),
        .init("formatdate 12-hour", #"formatdate("HH:mmaa", "2018-01-02T23:12:01Z")"#, #""11:12pm""#),
        .init("formatdate quoted letter", #"formatdate("h'h'mm", "2018-01-02T23:12:01-08:00")"#, #""23h12""#),
        .init("formatdate quoted quote", #"formatdate("H 'o''clock'", "2018-01-02T23:12:01-08:00")"#, #""11 o'clock""#),
        .init("formatdate RFC 3339", #"formatdate("YYYY-MM-DD'T'hh:mm:ssZ", "2018-01-02T23:12:01Z")"#, #""2018-01-02T23:12:01Z""#),
        .init("timeadd minutes", #"timeadd("2024-08-16T12:45:05Z", "10m")"#, #""2024-08-16T12:55:05Z""#),
        .init("timeadd negative", #"timeadd("2024-08-16T12:45:05Z", "-10m")"#, #""2024-08-16T12:35:05Z""#),
        .init("timeadd older example", #"timeadd("2017-11-22T00:00:00Z", "10m")"#, #""2017-11-22T00:10:00Z""#),
        .init("timecmp equal", #"timecmp("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z")"#, "0"),
        .init("timecmp before", #"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")"#, "-1"),
        .init("timecmp after", #"timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z")"#, "1"),
        .init("timecmp offsets", #"timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00")"#, "0"),
    ]

    static let behaviour: [FunctionCase] = [
        .init("formatdate unpadded", #"formatdate("M/D/YY h:m:s", "2009-03-04T05:06:07Z")"#, #""3/4/09 5:6:7""#),
        .init("formatdate midnight is 12 AM", #"formatdate("HH AA", "2009-03-04T00:06:07Z")"#, #""12 AM""#),
        .init("formatdate full month and day", #"formatdate("EEEE MMMM", "2024-02-29T12:00:00Z")"#, #""Thursday February""#),
        .init("formatdate zones for UTC", #"formatdate("Z ZZZZ ZZZZZ", "2018-01-02T23:12:01Z")"#, #""Z +0000 +00:00""#),
        .init("formatdate zones with offset", #"formatdate("Z ZZZ ZZZZ ZZZZZ", "2018-01-02T23:12:01+05:30")"#, #""+05:30 +0530 +0530 +05:30""#),
        .init("formatdate before 1970", #"formatdate("EEE YYYY-MM-DD", "1969-12-31T23:59:59Z")"#, #""Wed 1969-12-31""#),
        .init("formatdate fractional seconds", #"formatdate("ss", "2018-01-02T23:12:01.999Z")"#, #""01""#),
        .init("timeadd hours and minutes", #"timeadd("2017-11-22T00:00:00Z", "1h30m")"#, #""2017-11-22T01:30:00Z""#),
        .init("timeadd fraction of an hour", #"timeadd("2017-11-22T00:00:00Z", "1.5h")"#, #""2017-11-22T01:30:00Z""#),
        .init("timeadd negative compound", #"timeadd("2017-11-22T00:00:00Z", "-2h5m")"#, #""2017-11-21T21:55:00Z""#),
        .init("timeadd seconds", #"timeadd("2017-11-22T00:00:00Z", "-10s")"#, #""2017-11-21T23:59:50Z""#),
        .init("timeadd keeps the offset", #"timeadd("2017-11-22T00:00:00+05:30", "24h")"#, #""2017-11-23T00:00:00+05:30""#),
        .init("timeadd leap day", #"timeadd("2024-02-28T23:00:00Z", "2h")"#, #""2024-02-29T01:00:00Z""#),
        .init("timeadd drops fractions", #"timeadd("2017-11-22T00:00:00.999Z", "1ms")"#, #""2017-11-22T00:00:01Z""#),
        .init("timeadd microseconds", #"timeadd("2017-11-22T00:00:00Z", "1500000us")"#, #""2017-11-22T00:00:01Z""#),
        .init("timeadd zero", #"timeadd("2017-11-22T00:00:00Z", "0")"#, #""2017-11-22T00:00:00Z""#),
        .init("timecmp fractions", #"timecmp("2017-11-22T00:00:00.5Z", "2017-11-22T00:00:00Z")"#, "1"),
    ]

    @Test(arguments: documented) func documentedExamples(_ c: FunctionCase) { c.check() }

    @Test(arguments: behaviour) func behaves(_ c: FunctionCase) { c.check() }

    static let errors: [FunctionErrorCase] = [
        .init("formatdate without time", #"formatdate("YYYY", "2018-01-02")"#, "not a valid RFC3339 timestamp: missing required time introducer 'T'", argument: 1),
        .init("formatdate bad month", #"formatdate("YYYY", "2018-13-02T00:00:00Z")"#, #"not a valid RFC3339 timestamp: cannot use "13-02T00:00:00Z" as month"#, argument: 1),
        .init("formatdate bad day", #"formatdate("YYYY", "2018-02-30T00:00:00Z")"#, "cannot use \"30T00:00:00Z\" as day of month", argument: 1),
        .init("formatdate missing offset", #"formatdate("YYYY", "2018-02-03T00:00:00")"#, "end of string before UTC offset", argument: 1),
        .init("formatdate extra text", #"formatdate("YYYY", "2018-02-03T00:00:00Zabc")"#, #"cannot use "abc" as timestamp segment"#, argument: 1),
        .init("formatdate bad year verb", #"formatdate("YYYYY", "2018-01-02T23:12:01Z")"#, #"invalid date format verb "YYYYY": year must either be "YY" or "YYYY""#, argument: 0),
        .init("formatdate unknown verb", #"formatdate("x", "2018-01-02T23:12:01Z")"#, #"invalid date format verb "x""#, argument: 0),
        .init("formatdate unterminated literal", #"formatdate("'abc", "2018-01-02T23:12:01Z")"#, "unterminated literal '", argument: 0),
        .init("timeadd unknown unit", #"timeadd("2017-11-22T00:00:00Z", "1d")"#, #"time: unknown unit "d" in duration "1d""#, argument: 1),
        .init("timeadd missing unit", #"timeadd("2017-11-22T00:00:00Z", "10")"#, #"time: missing unit in duration "10""#, argument: 1),
        .init("timeadd invalid duration", #"timeadd("2017-11-22T00:00:00Z", "abc")"#, #"time: invalid duration "abc""#, argument: 1),
        .init("timeadd bad timestamp", #"timeadd("yesterday", "1h")"#, #"cannot use "yesterday" as year"#, argument: 0),
        .init("timecmp bad second timestamp", #"timecmp("2017-11-22T00:00:00Z", "2017-11-22")"#, "missing required time introducer 'T'", argument: 1),
    ]

    @Test(arguments: errors) func fails(_ c: FunctionErrorCase) throws { try c.check() }

    @Test func timestampIsNowDuringApplyAndUnknownDuringPlanning() throws {
        let (value, diagnostics) = FunctionTesting.evaluate("timestamp()")
        #expect(!diagnostics.hasErrors)
        let text = try #require(value.stringValue)
        #expect(text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(text)")
        #expect(FunctionTesting.evaluate("timecmp(timestamp(), \"2020-01-01T00:00:00Z\")").0.numberValue == 1)
        #expect(FunctionTesting.evaluate("timestamp()", planning: true).0.debugDescription == "unknown(string)")
    }

    @Test func calendarConversionsRoundTrip() {
        for days: Int64 in [-719_468, -1, 0, 1, 11_016, 19_782, 2_932_896] {
            let (year, month, day) = Timestamp.civil(fromDays: days)
            #expect(Timestamp.days(fromYear: year, month: month, day: day) == days)
        }
    }
}
