/// String operations with the semantics of Go's `strings` package, which Terraform's functions
/// use: searching is by UTF-8 bytes (so "e" is a prefix of "e\u{301}", unlike Swift's
/// `hasPrefix`), case mapping is per code point, and splitting on "" splits code points.
enum GoStrings {
    static func hasPrefix(_ s: String, _ prefix: String) -> Bool { s.utf8.starts(with: prefix.utf8) }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool { s.utf8.reversed().starts(with: suffix.utf8.reversed()) }

    static func contains(_ s: String, _ needle: String) -> Bool { needle.isEmpty || !occurrences(of: needle, in: s).isEmpty }

    /// Byte ranges of the non-overlapping occurrences of a non-empty needle, left to right.
    static func occurrences(of needle: String, in s: String) -> [Range<Int>] {
        let haystack = Array(s.utf8), pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= haystack.count else { return [] }
        var found: [Range<Int>] = []
        var i = 0
        while i + pattern.count <= haystack.count {
            if haystack[i] == pattern[0], haystack[i..<i + pattern.count].elementsEqual(pattern) {
                found.append(i..<i + pattern.count)
                i += pattern.count
            } else {
                i += 1
            }
        }
        return found
    }

    /// Go's `strings.Split`: an empty separator splits between code points.
    static func split(_ s: String, separator: String) -> [String] {
        if separator.isEmpty { return s.unicodeScalars.map { String($0) } }
        let bytes = Array(s.utf8)
        var parts: [String] = []
        var start = 0
        for range in occurrences(of: separator, in: s) {
            parts.append(String(decoding: bytes[start..<range.lowerBound], as: UTF8.self))
            start = range.upperBound
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Go's `strings.ReplaceAll`: an empty `old` matches before every code point and at the end.
    static func replaceAll(_ s: String, _ old: String, with new: String) -> String {
        if old.isEmpty {
            var out = new
            for scalar in s.unicodeScalars {
                out.unicodeScalars.append(scalar)
                out += new
            }
            return out
        }
        return split(s, separator: old).joined(separator: new)
    }

    static func trimPrefix(_ s: String, _ prefix: String) -> String {
        guard hasPrefix(s, prefix) else { return s }
        return String(decoding: Array(s.utf8).dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    static func trimSuffix(_ s: String, _ suffix: String) -> String {
        guard hasSuffix(s, suffix) else { return s }
        return String(decoding: Array(s.utf8).dropLast(suffix.utf8.count), as: UTF8.self)
    }

    /// Go's `strings.Trim`: drops leading and trailing code points found in the cutset.
    static func trim(_ s: String, cutset: String) -> String {
        let cut = Set(cutset.unicodeScalars)
        return trim(s) { cut.contains($0) }
    }

    static func trim(_ s: String, where shouldTrim: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Array(s.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !shouldTrim($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !shouldTrim($0) })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }

    /// Go's `unicode.IsSpace`, which is Unicode's White_Space property.
    static func trimSpace(_ s: String) -> String { trim(s) { $0.properties.isWhitespace } }

    static func upper(_ s: String) -> String { mapScalars(s) { simpleMapping($0, $0.properties.uppercaseMapping) } }

    static func lower(_ s: String) -> String {
        // U+0130 (İ) is the one letter whose only lowercase mapping is a two-code-point sequence
        // while Go's simple mapping gives plain "i".
        mapScalars(s) { $0 == "\u{130}" ? "i" : simpleMapping($0, $0.properties.lowercaseMapping) }
    }

    /// Go's `strings.Title`: title-cases each letter that follows a separator.
    static func title(_ s: String) -> String {
        var previous: Unicode.Scalar = " "
        return mapScalars(s) { scalar in
            defer { previous = scalar }
            return isSeparator(previous) ? simpleMapping(scalar, scalar.properties.titlecaseMapping) : scalar
        }
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case "0"..."9", "a"..."z", "A"..."Z", "_": return false
            default: return true
            }
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// Go maps case one code point to one code point; Swift's mappings are the full ones (ß to
    /// "SS"), so a mapping that is not a single code point leaves the code point alone.
    private static func simpleMapping(_ scalar: Unicode.Scalar, _ mapping: String) -> Unicode.Scalar {
        let mapped = mapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    private static func mapScalars(_ s: String, _ transform: (Unicode.Scalar) -> Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(transform(scalar)) }
        return String(out)
    }
}
