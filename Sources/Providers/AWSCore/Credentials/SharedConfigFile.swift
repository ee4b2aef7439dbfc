import Foundation

/// One parsed AWS shared config or credentials file: sections of `key = value` properties.
///
/// The format is the SDKs' INI dialect: `[section]` headers, `#` and `;` comment lines, keys
/// compared case-insensitively (stored lower-cased, as botocore's parser does), and nested
/// properties under a key with no value:
///
///     [services local]
///     ec2 =
///       endpoint_url = http://localhost:4566
///
/// which are stored flattened as `ec2.endpoint_url`. Values are taken as written, so a
/// `credential_process` command may contain `#` or `;`.
struct SharedConfigFile: Sendable, Equatable {
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        var path: String
        var line: Int
        var message: String
        var description: String { "\(path), line \(line): \(message)" }
    }

    /// Section name as written between the brackets (trimmed) → properties.
    private(set) var sections: [String: [String: String]] = [:]

    init(parsing text: String, path: String) throws(SyntaxError) {
        var section: String?
        var parentKey: String?
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }

            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count > 2 else {
                    throw SyntaxError(path: path, line: lineNumber, message: "a section header must look like [name]")
                }
                let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                section = name
                parentKey = nil
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let current = section else {
                throw SyntaxError(path: path, line: lineNumber, message: "a property outside any [section]")
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw SyntaxError(path: path, line: lineNumber, message: "expected key = value")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw SyntaxError(path: path, line: lineNumber, message: "a property without a name")
            }
            let indented = line.first == " " || line.first == "\t"
            if indented, let parent = parentKey {
                sections[current]![parent + "." + key] = value
            } else {
                sections[current]![key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
    }

    static func load(path: String) throws -> SharedConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try SharedConfigFile(parsing: text, path: path)
    }
}
