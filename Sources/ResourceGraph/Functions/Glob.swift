import Foundation

/// The glob patterns of Terraform's `fileset` (the doublestar library's): `*` and `?` within a
/// path element, `**` as a whole element for any number of directories, `[class]`, `[^class]`,
/// `{alternative,…}` and backslash escapes.
struct Glob {
    struct SyntaxError: Error {}

    private let elements: [[Unicode.Scalar]]

    init(_ pattern: String) {
        elements = pattern.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    }

    /// Whether a slash-separated relative path matches.
    func matches(_ path: String) throws(SyntaxError) -> Bool {
        let names = path.split(separator: "/").map { Array($0.unicodeScalars) }
        return try match(elements[...], names[...])
    }

    private func match(_ pattern: ArraySlice<[Unicode.Scalar]>, _ names: ArraySlice<[Unicode.Scalar]>) throws(SyntaxError) -> Bool {
        guard let element = pattern.first else { return names.isEmpty }
        if element == ["*", "*"] {
            if try match(pattern.dropFirst(), names) { return true }
            if names.isEmpty { return false }
            return try match(pattern, names.dropFirst())
        }
        guard let name = names.first, try Self.matchElement(element[...], name[...]) else { return false }
        return try match(pattern.dropFirst(), names.dropFirst())
    }

    /// Matches one path element against one pattern element.
    static func matchElement(_ pattern: ArraySlice<Unicode.Scalar>, _ name: ArraySlice<Unicode.Scalar>) throws(SyntaxError) -> Bool {
        var p = pattern, n = name
        while let token = p.first {
            switch token {
            case "*":
                p = p.drop { $0 == "*" }
                if p.isEmpty { return true }
                for start in n.indices + [n.endIndex] where try matchElement(p, n[start...]) { return true }
                return false
            case "?":
                guard !n.isEmpty else { return false }
                p = p.dropFirst()
                n = n.dropFirst()
            case "[":
                guard let scalar = n.first else {
                    _ = try characterClass(p)
                    return false
                }
                let (matched, rest) = try characterClass(p, matching: scalar)
                guard matched else { return false }
                p = rest
                n = n.dropFirst()
            case "{":
                let (alternatives, rest) = try alternatives(p)
                for alternative in alternatives where try matchElement(ArraySlice(Array(alternative) + Array(rest)), n) { return true }
                return false
            case "\\":
                p = p.dropFirst()
                guard let literal = p.first else { throw SyntaxError() }
                guard n.first == literal else { return false }
                p = p.dropFirst()
                n = n.dropFirst()
            default:
                guard n.first == token else { return false }
                p = p.dropFirst()
                n = n.dropFirst()
            }
        }
        return n.isEmpty
    }

    /// Reads `[…]` at the start of `pattern`; returns whether `scalar` is in it and what follows.
    @discardableResult
    private static func characterClass(_ pattern: ArraySlice<Unicode.Scalar>, matching scalar: Unicode.Scalar = "\0") throws(SyntaxError) -> (Bool, ArraySlice<Unicode.Scalar>) {
        var p = pattern.dropFirst()
        var negated = false
        if let first = p.first, first == "^" || first == "!" {
            negated = true
            p = p.dropFirst()
        }
        var matched = false
        var first = true
        while true {
            guard var low = p.first else { throw SyntaxError() }
            if low == "]", !first { break }
            first = false
            p = p.dropFirst()
            if low == "\\" {
                guard let escaped = p.first else { throw SyntaxError() }
                low = escaped
                p = p.dropFirst()
            }
            var high = low
            if p.first == "-", let next = p.dropFirst().first, next != "]" {
                p = p.dropFirst(2)
                high = next
                if next == "\\" {
                    guard let escaped = p.first else { throw SyntaxError() }
                    high = escaped
                    p = p.dropFirst()
                }
                guard low <= high else { throw SyntaxError() }
            }
            if (low...high).contains(scalar) { matched = true }
        }
        return (matched != negated, p.dropFirst())
    }

    /// Reads `{a,b,…}` at the start of `pattern`, allowing nested braces.
    private static func alternatives(_ pattern: ArraySlice<Unicode.Scalar>) throws(SyntaxError) -> ([ArraySlice<Unicode.Scalar>], ArraySlice<Unicode.Scalar>) {
        var depth = 0
        var options: [ArraySlice<Unicode.Scalar>] = []
        var start = pattern.index(after: pattern.startIndex)
        var index = start
        while index < pattern.endIndex {
            switch pattern[index] {
            case "\\": index = pattern.index(after: index)
            case "{": depth += 1
            case "}" where depth > 0: depth -= 1
            case "}":
                options.append(pattern[start..<index])
                return (options, pattern[pattern.index(after: index)...])
            case "," where depth == 0:
                options.append(pattern[start..<index])
                start = pattern.index(after: index)
            default: break
            }
            index = pattern.index(after: index)
        }
        throw SyntaxError()
    }

    /// Files under `directory` (not descending into symbolic links to directories), as
    /// slash-separated paths relative to it.
    static func regularFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = directory + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files
    }
}
