import Foundation

/// Reads what a command printed as JSON, for tests that look inside `-json` output.
enum JSONOutput {
    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw JSONOutputError(text: text)
        }
        return object
    }

    struct JSONOutputError: Error, CustomStringConvertible {
        var text: String
        var description: String { "not a JSON object: \(text.prefix(300))" }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The nested value at a path of object keys, or nil.
    func at(_ path: String...) -> Any? {
        var current: Any? = self
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }
}
