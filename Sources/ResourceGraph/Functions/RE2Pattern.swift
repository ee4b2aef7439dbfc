import Foundation

/// A regular expression in RE2 syntax (Go's `regexp`, which Terraform uses), run on Foundation's
/// ICU engine. The pattern is translated so that it means what it means in RE2: `.`, `^` and `$`
/// follow RE2's line rules (only `\n` ends a line), `\d \s \w \b` and POSIX classes are ASCII,
/// `(?U)` swaps greediness, and constructs RE2 rejects (backreferences, lookaround) are errors.
/// Named groups become plain groups whose names are kept here, since RE2 allows names (with
/// underscores) that ICU does not.
struct RE2Pattern {
    let expression: NSRegularExpression
    /// The name of each capture group in order; nil for unnamed groups.
    let groupNames: [String?]

    /// A syntax error in the words of Go's `regexp/syntax`: what is wrong and the offending text.
    struct SyntaxError: Error {
        let code: String
        let fragment: String
    }

    init(_ pattern: String) throws(SyntaxError) {
        var translator = RE2Translator(Array(pattern.unicodeScalars))
        try translator.translate()
        do {
            expression = try NSRegularExpression(pattern: translator.output)
        } catch {
            throw SyntaxError(code: "invalid syntax", fragment: pattern)
        }
        groupNames = translator.groupNames
    }

    /// One match: the range of the whole match and of each group (nil if the group took no part).
    typealias Match = [Range<String.Index>?]

    /// Successive non-overlapping matches, as Go's `FindAllStringSubmatchIndex` finds them: an
    /// empty match right after the previous match is skipped.
    func matches(in string: String) -> [Match] {
        let text = string as NSString
        var found: [Match] = []
        var position = 0
        var previousEnd = -1
        while position <= text.length, let result = firstMatch(in: string, from: position) {
            let end = result.range.location + result.range.length
            var accept = true
            if end == position {
                if result.range.location == previousEnd { accept = false }
                position += characterWidth(in: text, at: position)
            } else {
                position = end
            }
            previousEnd = end
            if accept { found.append(ranges(of: result, in: string)) }
        }
        return found
    }

    func firstMatch(in string: String) -> Match? {
        firstMatch(in: string, from: 0).map { ranges(of: $0, in: string) }
    }

    /// Go's `ReplaceAllString`: `$1`, `${1}`, `$name` and `${name}` in the template expand to
    /// groups, `$$` to a dollar sign.
    func replacingMatches(in string: String, with template: String) -> String {
        let text = string as NSString
        var output = ""
        var lastMatchEnd = 0
        var searchPosition = 0
        while searchPosition <= text.length, let result = firstMatch(in: string, from: searchPosition) {
            let start = result.range.location, end = start + result.range.length
            output += text.substring(with: NSRange(location: lastMatchEnd, length: start - lastMatchEnd))
            // No replacement for an empty match right after another match, or patterns that
            // match both empty and non-empty strings would replace twice.
            if end > lastMatchEnd || start == 0 {
                output += expand(template, match: ranges(of: result, in: string), in: string)
            }
            lastMatchEnd = end
            let width = characterWidth(in: text, at: searchPosition)
            if searchPosition + width > end {
                searchPosition += width
            } else if searchPosition + 1 > end {
                searchPosition += 1
            } else {
                searchPosition = end
            }
        }
        return output + text.substring(from: lastMatchEnd)
    }

    private func firstMatch(in string: String, from position: Int) -> NSTextCheckingResult? {
        let length = (string as NSString).length
        // Transparent, non-anchoring bounds: lookbehinds and anchors see the whole string, as
        // they do when Go resumes a search part-way through.
        return expression.firstMatch(
            in: string, options: [.withTransparentBounds, .withoutAnchoringBounds],
            range: NSRange(location: position, length: length - position))
    }

    private func ranges(of result: NSTextCheckingResult, in string: String) -> Match {
        (0..<result.numberOfRanges).map { Range(result.range(at: $0), in: string) }
    }

    /// UTF-16 units in the code point at `position`; 1 at the end, to step past it.
    private func characterWidth(in text: NSString, at position: Int) -> Int {
        guard position < text.length else { return 1 }
        return UTF16.isLeadSurrogate(text.character(at: position)) ? 2 : 1
    }

    private func expand(_ template: String, match: Match, in string: String) -> String {
        var output = ""
        var rest = Substring(template)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                output += "$"
                rest = rest.dropFirst()
                continue
            }
            guard let (name, remainder) = Self.groupReference(rest) else {
                output += "$"
                continue
            }
            rest = remainder
            if let range = group(named: name, in: match) { output += string[range] }
        }
        return output + rest
    }

    /// The group name after a `$`: letters, digits and underscores, optionally in braces.
    private static func groupReference(_ text: Substring) -> (String, Substring)? {
        let braced = text.first == "{"
        let body = braced ? text.dropFirst() : text
        let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty else { return nil }
        var rest = body[name.endIndex...]
        if braced {
            guard rest.first == "}" else { return nil }
            rest = rest.dropFirst()
        }
        return (String(name), rest)
    }

    private func group(named name: String, in match: Match) -> Range<String.Index>? {
        let isNumber = name.allSatisfy { $0.isASCII && $0.isNumber } && !(name.hasPrefix("0") && name.count > 1)
        if isNumber {
            guard name.count <= 8, let number = Int(name), number < match.count else { return nil }
            return match[number]
        }
        guard let index = groupNames.firstIndex(of: name) else { return nil }
        return match[index + 1]
    }
}
