import Foundation

extension FunctionLibrary {
    static let dateTimeFunctions: [String: Function] = [
        "formatdate": Function(parameters: [.init("format", .string), .init("time", .string)], returns: .string) { args in
            let timestamp = try parseTimestamp(args[1], argument: 1)
            return .string(try formatDate(args[0].stringValue!, timestamp))
        },
        "timeadd": Function(parameters: [.init("timestamp", .string), .init("duration", .string)], returns: .string) { args in
            let timestamp = try parseTimestamp(args[0], argument: 0)
            do {
                return .string(timestamp.adding(nanoseconds: try GoDuration.parse(args[1].stringValue!)).rfc3339)
            } catch let error as GoDuration.ParseError {
                throw FunctionError(error.message, argument: 1)
            }
        },
        "timecmp": Function(parameters: [.init("timestamp_a", .string), .init("timestamp_b", .string)], returns: .number) { args in
            let a = try parseTimestamp(args[0], argument: 0), b = try parseTimestamp(args[1], argument: 1)
            return .number(a.isBefore(b) ? -1 : b.isBefore(a) ? 1 : 0)
        },
        // A new value on every call, so unknown while planning.
        "timestamp": Function(parameters: [], returns: .string, impure: true) { _ in
            let now = Date().timeIntervalSince1970
            return .string(Timestamp(seconds: Int64(now.rounded(.down)), nanoseconds: 0, offset: 0).rfc3339)
        },
    ]

    private static func parseTimestamp(_ value: Value, argument: Int) throws -> Timestamp {
        do {
            return try Timestamp.parseRFC3339(value.stringValue!)
        } catch {
            throw FunctionError(error.message, argument: argument)
        }
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// cty's `formatdate` specification: runs of a letter are verbs, text in single quotes is
    /// literal ('' is a quote), anything else is copied.
    static func formatDate(_ format: String, _ timestamp: Timestamp) throws -> String {
        var output = ""
        var rest = Substring(format)
        while let first = rest.first {
            if first == "'" {
                output += try quotedLiteral(&rest)
            } else if isFormatLetter(first) {
                let verb = rest.prefix { $0 == first }
                rest = rest.dropFirst(verb.count)
                output += try formatVerb(verb, timestamp)
            } else {
                let literal = rest.prefix { $0 != "'" && !isFormatLetter($0) }
                output += literal
                rest = rest.dropFirst(literal.count)
            }
        }
        return output
    }

    private static func isFormatLetter(_ c: Character) -> Bool { c.isASCII && c.isLetter }

    /// At a quote: "''" is one quote; otherwise text up to the closing quote, with "''" inside.
    private static func quotedLiteral(_ rest: inout Substring) throws -> String {
        if rest.dropFirst().first == "'" {
            rest = rest.dropFirst(2)
            return "'"
        }
        var literal = ""
        var remaining = rest.dropFirst()
        while let character = remaining.first {
            remaining = remaining.dropFirst()
            guard character == "'" else {
                literal.append(character)
                continue
            }
            if remaining.first == "'" {
                literal += "'"
                remaining = remaining.dropFirst()
                continue
            }
            rest = remaining
            return literal
        }
        throw FunctionError("unterminated literal '", argument: 0)
    }

    private static func formatVerb(_ verb: Substring, _ timestamp: Timestamp) throws -> String {
        let time = timestamp.civil
        let letter = verb.first!, length = verb.count
        func invalid(_ rule: String) -> FunctionError {
            FunctionError("invalid date format verb \(Value.quoted(String(verb))): \(rule)", argument: 0)
        }
        let padded = length == 2
        switch (letter, length) {
        case ("Y", 2): return Timestamp.padded(time.year % 100, 2)
        case ("Y", 4): return Timestamp.padded(time.year, 4)
        case ("Y", _): throw invalid("year must either be \"YY\" or \"YYYY\"")
        case ("M", 1), ("M", 2): return padded ? Timestamp.padded(time.month, 2) : String(time.month)
        case ("M", 3): return String(monthNames[time.month - 1].prefix(3))
        case ("M", 4): return monthNames[time.month - 1]
        case ("M", _): throw invalid("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")
        case ("D", 1), ("D", 2): return padded ? Timestamp.padded(time.day, 2) : String(time.day)
        case ("D", _): throw invalid("day of month must either be \"D\" or \"DD\"")
        case ("E", 3): return String(dayNames[time.weekday].prefix(3))
        case ("E", 4): return dayNames[time.weekday]
        case ("E", _): throw invalid("day of week must either be \"EEE\" or \"EEEE\"")
        case ("h", 1), ("h", 2): return padded ? Timestamp.padded(time.hour, 2) : String(time.hour)
        case ("h", _): throw invalid("24-hour must either be \"h\" or \"hh\"")
        case ("H", 1), ("H", 2):
            let hour = time.hour % 12 == 0 ? 12 : time.hour % 12
            return padded ? Timestamp.padded(hour, 2) : String(hour)
        case ("H", _): throw invalid("12-hour must either be \"H\" or \"HH\"")
        case ("A", 2): return time.hour < 12 ? "AM" : "PM"
        case ("a", 2): return time.hour < 12 ? "am" : "pm"
        case ("A", _), ("a", _): throw invalid("must be \"\(letter)\(letter)\"")
        case ("m", 1), ("m", 2): return padded ? Timestamp.padded(time.minute, 2) : String(time.minute)
        case ("m", _): throw invalid("minute must either be \"m\" or \"mm\"")
        case ("s", 1), ("s", 2): return padded ? Timestamp.padded(time.second, 2) : String(time.second)
        case ("s", _): throw invalid("second must either be \"s\" or \"ss\"")
        case ("Z", 1): return timestamp.offsetText(colon: true, zulu: true)
        case ("Z", 3): return timestamp.offset == 0 ? "UTC" : timestamp.offsetText(colon: false, zulu: false)
        case ("Z", 4): return timestamp.offsetText(colon: false, zulu: false)
        case ("Z", 5): return timestamp.offsetText(colon: true, zulu: false)
        case ("Z", _): throw invalid("timezone must be Z, ZZZZ, or ZZZZZ")
        default: throw FunctionError("invalid date format verb \(Value.quoted(String(verb)))", argument: 0)
        }
    }
}
