import Foundation

/// Valid (or nearly valid) configurations the fuzz test starts from: every `.tf` file under
/// `Examples/`, the HCL written in the test sources, the template fixtures, and hand-written
/// seeds that together use every syntax feature.
enum FuzzCorpus {
    /// The repository root, found from this file's path (Tests/ResourceGraphTests/Fuzz/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Entry: Sendable {
        let origin: String
        let bytes: [UInt8]
    }

    static let entries: [Entry] = {
        var entries = FuzzSeeds.configurations.enumerated().map { Entry(origin: "seed \($0.offset)", bytes: Array($0.element.utf8)) }
        entries += files(under: "Examples", suffix: ".tf").map { Entry(origin: $0.path, bytes: $0.bytes) }
        for template in files(under: "Tests/ResourceGraphTests/Fixtures/templates", suffix: ".tftpl") {
            entries.append(Entry(origin: template.path, bytes: template.bytes))
            // Also as a heredoc, so the template syntax meets the configuration parser.
            entries.append(Entry(origin: template.path + " as heredoc", bytes: Array("value = <<EOT\n".utf8) + template.bytes + Array("\nEOT\n".utf8)))
        }
        for source in files(under: "Tests", suffix: ".swift") {
            for (index, snippet) in snippets(in: String(decoding: source.bytes, as: UTF8.self)).enumerated() {
                entries.append(Entry(origin: "\(source.path) snippet \(index)", bytes: Array(snippet.utf8)))
            }
        }
        return entries
    }()

    private static func files(under directory: String, suffix: String) -> [(path: String, bytes: [UInt8])] {
        let base = repositoryRoot.appendingPathComponent(directory)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var found: [(String, [UInt8])] = []
        for case let relative as String in enumerator where relative.hasSuffix(suffix) {
            // This directory's own sources hold mutation dictionaries, not configurations.
            if relative.hasPrefix("ResourceGraphTests/Fuzz/") { continue }
            let path = base.appendingPathComponent(relative).path
            if let data = FileManager.default.contents(atPath: path) { found.append(("\(directory)/\(relative)", [UInt8](data))) }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// HCL in Swift test sources: multi-line string literals (their indentation removed), raw
    /// string literals (expressions, given a name to be assigned to), and `source:` / `text:`
    /// string arguments with their escapes decoded.
    static func snippets(in swift: String) -> [String] {
        var snippets: [String] = []
        var collecting: [Substring]? = nil
        for line in swift.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if var lines = collecting {
                if trimmed.hasPrefix("\"\"\"") {
                    let indentation = line.count - trimmed.count
                    snippets.append(lines.map { String($0.dropFirst(min(indentation, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n") + "\n")
                    collecting = nil
                } else {
                    lines.append(line)
                    collecting = lines
                }
            } else if line.hasSuffix("\"\"\"") {
                collecting = []
            }
        }
        if let raw = try? Regex(##"#"(.+?)"#"##) {
            for match in swift.matches(of: raw) {
                if let text = match.output[1].substring { snippets.append("value = \(text)\n") }
            }
        }
        if let quoted = try? Regex(#"(?:source|text): "((?:[^"\\]|\\.)*)""#) {
            for match in swift.matches(of: quoted) {
                if let text = match.output[1].substring { snippets.append(unescaped(text)) }
            }
        }
        return snippets
    }

    private static func unescaped(_ text: Substring) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
