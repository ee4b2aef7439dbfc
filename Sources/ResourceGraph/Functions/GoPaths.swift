import Foundation

/// Slash-separated path manipulation with the semantics of Go's `path/filepath` on Unix, which
/// Terraform's file functions use.
enum GoPaths {
    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    /// Go's `filepath.Clean`: single slashes, no "." elements, ".." resolved where possible.
    static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func join(_ elements: String...) -> String {
        let nonEmpty = elements.filter { !$0.isEmpty }
        return nonEmpty.isEmpty ? "" : clean(nonEmpty.joined(separator: "/"))
    }

    /// Go's `filepath.Dir`: everything before the last slash, cleaned.
    static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }

    /// Go's `filepath.Base`: the last element, ignoring trailing slashes.
    static func base(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let trimmed = path.reversed().drop { $0 == "/" }.reversed()
        guard !trimmed.isEmpty else { return "/" }
        let text = String(trimmed)
        return text.lastIndex(of: "/").map { String(text[text.index(after: $0)...]) } ?? text
    }

    /// `~` and `~/…` expanded to the home directory, as go-homedir does.
    static func expandingHome(_ path: String) throws -> String {
        guard path.hasPrefix("~") else { return path }
        guard path == "~" || path.hasPrefix("~/") else { throw FunctionError("failed to expand ~: cannot expand user-specific home dir", argument: 0) }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    /// A path given to a file function: home expanded, relative to the module directory, cleaned.
    static func resolve(_ path: String, in baseDirectory: String) throws -> String {
        let expanded = try expandingHome(path)
        return clean(isAbsolute(expanded) ? expanded : join(baseDirectory, expanded))
    }
}
