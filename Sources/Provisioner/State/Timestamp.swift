import Foundation

/// RFC 3339 timestamps in UTC, as stored in state and shown in lock messages.
enum Timestamp {
    static func now() -> String { format(Date()) }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
