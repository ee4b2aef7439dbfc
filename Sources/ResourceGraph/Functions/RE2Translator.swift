/// Rewrites an RE2 pattern into ICU syntax with the same meaning; see `RE2Pattern`.
struct RE2Translator {
    private struct Flags {
        var multiline = false
        var dotMatchesNewline = false
        var ungreedy = false
    }

    private let pattern: [Unicode.Scalar]
    private var position = 0
    private(set) var output = ""
    private(set) var groupNames: [String?] = []
    private var flags = Flags()
    /// The flags to restore when each open group closes.
    private var openGroups: [Flags] = []
    /// Whether the last thing emitted can take a repetition operator, and whether it already has.
    private var canRepeat = false
    private var justRepeated = false

    private static let wordClass = "[0-9A-Za-z_]"
    private static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x{00}-\\x{7F}", "blank": "\\x{09}\\x{20}",
        "cntrl": "\\x{00}-\\x{1F}\\x{7F}", "digit": "0-9", "graph": "\\x{21}-\\x{7E}", "lower": "a-z",
        "print": "\\x{20}-\\x{7E}", "punct": "\\x{21}-\\x{2F}\\x{3A}-\\x{40}\\x{5B}-\\x{60}\\x{7B}-\\x{7E}",
        "space": "\\x{09}-\\x{0D}\\x{20}", "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
    ]

    init(_ pattern: [Unicode.Scalar]) { self.pattern = pattern }

    private var current: Unicode.Scalar? { position < pattern.count ? pattern[position] : nil }
    private func peek(_ offset: Int) -> Unicode.Scalar? { position + offset < pattern.count ? pattern[position + offset] : nil }
    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: pattern[range.clamped(to: 0..<pattern.count)])
        return String(view)
    }
    private var wholePattern: String { text(0..<pattern.count) }

    mutating func translate() throws(RE2Pattern.SyntaxError) {
        while let scalar = current {
            switch scalar {
            case "\\": try escape()
            case "[": try characterClass()
            case "(": try openGroup()
            case ")":
                guard let restored = openGroups.popLast() else {
                    throw RE2Pattern.SyntaxError(code: "unexpected )", fragment: wholePattern)
                }
                flags = restored
                emit(")", atom: true)
                position += 1
            case "|":
                emit("|", atom: false)
                position += 1
            case ".":
                emit(flags.dotMatchesNewline ? "(?s:.)" : "[^\\n]", atom: true)
                position += 1
            case "^":
                emit(flags.multiline ? "(?:\\A|(?<=\\n))" : "\\A", atom: false)
                position += 1
            case "$":
                emit(flags.multiline ? "(?=\\n|\\z)" : "\\z", atom: false)
                position += 1
            case "*", "+", "?":
                position += 1
                try repeatLast(String(scalar), fragmentStart: position - 1)
            case "{":
                let start = position
                if let repetition = try repetitionCount() {
                    try repeatLast(repetition, fragmentStart: start)
                } else {
                    emit(Self.literal(scalar), atom: true)
                    position += 1
                }
            default:
                emit(Self.literal(scalar), atom: true)
                position += 1
            }
        }
        if !openGroups.isEmpty { throw RE2Pattern.SyntaxError(code: "missing closing )", fragment: wholePattern) }
    }

    private mutating func emit(_ text: String, atom: Bool) {
        output += text
        canRepeat = atom
        justRepeated = false
    }

    /// Letters, digits and non-ASCII stand for themselves in ICU; other ASCII is written as a hex
    /// escape so no character RE2 treats as literal can turn into ICU syntax.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
        if !scalar.isASCII || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            return String(scalar)
        }
        return "\\x{" + String(scalar.value, radix: 16) + "}"
    }

    // MARK: Repetition

    private mutating func repeatLast(_ operatorText: String, fragmentStart: Int) throws(RE2Pattern.SyntaxError) {
        if justRepeated {
            throw RE2Pattern.SyntaxError(code: "invalid nested repetition operator", fragment: text(fragmentStart - 1..<position))
        }
        guard canRepeat else {
            throw RE2Pattern.SyntaxError(code: "missing argument to repetition operator", fragment: text(fragmentStart..<position))
        }
        var lazy = false
        if current == "?" {
            lazy = true
            position += 1
        }
        output += operatorText + (lazy != flags.ungreedy ? "?" : "")
        justRepeated = true
    }

    /// `{n}`, `{n,}` or `{n,m}`, consumed; nil (nothing consumed) when the brace is a literal.
    private mutating func repetitionCount() throws(RE2Pattern.SyntaxError) -> String? {
        var index = position + 1
        func number() -> Int? {
            var digits = ""
            while index < pattern.count, ("0"..."9").contains(pattern[index]) {
                digits.unicodeScalars.append(pattern[index])
                index += 1
            }
            return digits.isEmpty ? nil : Int(digits.prefix(9))
        }
        guard let minimum = number() else { return nil }
        var maximum: Int? = minimum
        if index < pattern.count, pattern[index] == "," {
            index += 1
            maximum = number()
        }
        guard index < pattern.count, pattern[index] == "}" else { return nil }
        index += 1
        let fragment = text(position..<index)
        if minimum > 1000 || (maximum ?? 0) > 1000 || (maximum.map { $0 < minimum } ?? false) {
            throw RE2Pattern.SyntaxError(code: "invalid repeat count", fragment: fragment)
        }
        position = index
        return fragment
    }

    // MARK: Groups and flags

    private mutating func openGroup() throws(RE2Pattern.SyntaxError) {
        let start = position
        position += 1
        guard current == "?" else {
            groupNames.append(nil)
            openGroups.append(flags)
            emit("(", atom: false)
            return
        }
        position += 1
        if current == "P", peek(1) == "<" {
            position += 1
            try namedGroup(start: start)
            return
        }
        if current == "<", peek(1) != "=", peek(1) != "!" {
            try namedGroup(start: start)
            return
        }
        var enabled = true
        var sawFlag = false
        var newFlags = flags
        var caseInsensitive: Bool? = nil
        while let scalar = current {
            position += 1
            switch scalar {
            case "i": caseInsensitive = enabled; sawFlag = true
            case "m": newFlags.multiline = enabled; sawFlag = true
            case "s": newFlags.dotMatchesNewline = enabled; sawFlag = true
            case "U": newFlags.ungreedy = enabled; sawFlag = true
            case "-" where enabled:
                enabled = false
                sawFlag = false
            case ":" where enabled || sawFlag:
                openGroups.append(flags)
                flags = newFlags
                emit("(?" + Self.caseFlag(caseInsensitive) + ":", atom: false)
                return
            case ")" where sawFlag:
                flags = newFlags
                output += caseInsensitive.map { "(?" + Self.caseFlag($0) + ")" } ?? ""
                canRepeat = false
                justRepeated = false
                return
            default:
                throw RE2Pattern.SyntaxError(code: "invalid or unsupported Perl syntax", fragment: text(start..<position))
            }
        }
        throw RE2Pattern.SyntaxError(code: "missing closing )", fragment: wholePattern)
    }

    private static func caseFlag(_ caseInsensitive: Bool?) -> String {
        switch caseInsensitive {
        case true?: return "i"
        case false?: return "-i"
        case nil: return ""
        }
    }

    /// At the `<` of `(?P<name>` or `(?<name>`.
    private mutating func namedGroup(start: Int) throws(RE2Pattern.SyntaxError) {
        position += 1
        let nameStart = position
        while let scalar = current, scalar != ">" { position += 1 }
        guard current == ">" else {
            throw RE2Pattern.SyntaxError(code: "invalid named capture", fragment: text(start..<pattern.count))
        }
        let name = text(nameStart..<position)
        position += 1
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }
        guard valid else { throw RE2Pattern.SyntaxError(code: "invalid named capture", fragment: text(start..<position)) }
        groupNames.append(name)
        openGroups.append(flags)
        emit("(", atom: false)
    }

    // MARK: Escapes

    private enum ClassItem {
        case scalar(Unicode.Scalar)
        /// A set in ICU syntax, such as `[0-9]` or `\p{Greek}`.
        case set(String)
    }

    private mutating func escape() throws(RE2Pattern.SyntaxError) {
        let start = position
        switch try escapeItem(inClass: false) {
        case .scalar(let scalar): emit(Self.literal(scalar), atom: true)
        case .set(let set): emit(set, atom: true)
        case nil:
            // Only the zero-width and quoting escapes are not items.
            let letter = pattern[start + 1]
            switch letter {
            case "A": emit("\\A", atom: false)
            case "z": emit("\\z", atom: false)
            case "b": emit("(?:(?<=\(Self.wordClass))(?!\(Self.wordClass))|(?<!\(Self.wordClass))(?=\(Self.wordClass)))", atom: false)
            case "B": emit("(?:(?<=\(Self.wordClass))(?=\(Self.wordClass))|(?<!\(Self.wordClass))(?!\(Self.wordClass)))", atom: false)
            default:
                // \Q…\E: everything up to \E (or the end) is literal.
                var literal = ""
                while let scalar = current {
                    if scalar == "\\", peek(1) == "E" {
                        position += 2
                        break
                    }
                    literal += Self.literal(scalar)
                    position += 1
                }
                emit(literal.isEmpty ? "" : "(?:\(literal))", atom: !literal.isEmpty)
            }
        }
    }

    /// Reads the escape at `position` (a backslash). Returns nil, with only the backslash and
    /// letter consumed, for `\A \z \b \B \Q` outside classes.
    private mutating func escapeItem(inClass: Bool) throws(RE2Pattern.SyntaxError) -> ClassItem? {
        let start = position
        position += 1
        guard let letter = current else {
            throw RE2Pattern.SyntaxError(code: "trailing backslash at end of expression", fragment: "")
        }
        position += 1
        func invalid() -> RE2Pattern.SyntaxError {
            RE2Pattern.SyntaxError(code: "invalid escape sequence", fragment: text(start..<position))
        }
        switch letter {
        case "d": return .set("[0-9]")
        case "D": return .set("[^0-9]")
        case "s": return .set("[\\x{09}\\x{0A}\\x{0C}\\x{0D}\\x{20}]")
        case "S": return .set("[^\\x{09}\\x{0A}\\x{0C}\\x{0D}\\x{20}]")
        case "w": return .set(Self.wordClass)
        case "W": return .set("[^0-9A-Za-z_]")
        case "A", "z", "b", "B", "Q":
            if inClass { throw invalid() }
            return nil
        case "p", "P":
            var name = ""
            if current == "{" {
                position += 1
                while let scalar = current, scalar != "}" {
                    name.unicodeScalars.append(scalar)
                    position += 1
                }
                guard current == "}", !name.isEmpty else { throw RE2Pattern.SyntaxError(code: "invalid character class range", fragment: text(start..<position)) }
                position += 1
            } else if let scalar = current {
                name = String(scalar)
                position += 1
            }
            if name.hasPrefix("^") { return .set((letter == "p" ? "\\P{" : "\\p{") + name.dropFirst() + "}") }
            return .set("\\" + String(letter) + "{" + name + "}")
        case "x":
            var hex = ""
            if current == "{" {
                position += 1
                while let scalar = current, scalar != "}" {
                    hex.unicodeScalars.append(scalar)
                    position += 1
                }
                guard current == "}" else { throw invalid() }
                position += 1
            } else {
                for _ in 0..<2 {
                    guard let scalar = current else { throw invalid() }
                    hex.unicodeScalars.append(scalar)
                    position += 1
                }
            }
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else { throw invalid() }
            return .scalar(scalar)
        case "0"..."7":
            // One to three octal digits, except that a lone non-zero digit would be a
            // backreference, which RE2 does not have.
            var digits = String(letter)
            while digits.count < 3, let next = current, ("0"..."7").contains(next) {
                digits.unicodeScalars.append(next)
                position += 1
            }
            if letter != "0", digits.count == 1 { throw invalid() }
            return .scalar(Unicode.Scalar(UInt32(digits, radix: 8)!)!)
        case "a": return .scalar("\u{07}")
        case "f": return .scalar("\u{0C}")
        case "t": return .scalar("\t")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "v": return .scalar("\u{0B}")
        default:
            guard letter.isASCII, !letter.properties.isAlphabetic, !("0"..."9").contains(letter) else { throw invalid() }
            return .scalar(letter)
        }
    }

    // MARK: Character classes

    private mutating func characterClass() throws(RE2Pattern.SyntaxError) {
        let start = position
        position += 1
        var body = ""
        if current == "^" {
            body = "^"
            position += 1
        }
        var first = true
        while true {
            guard let scalar = current else {
                throw RE2Pattern.SyntaxError(code: "missing closing ]", fragment: text(start..<pattern.count))
            }
            if scalar == "]", !first {
                position += 1
                break
            }
            first = false
            if scalar == "[", peek(1) == ":", let set = posixClass() {
                body += set
                continue
            }
            let item = try classItem()
            if case .scalar(let low) = item, current == "-", let next = peek(1), next != "]" {
                let rangeStart = position - 1
                position += 1
                guard case .scalar(let high) = try classItem(), low <= high else {
                    throw RE2Pattern.SyntaxError(code: "invalid character class range", fragment: text(rangeStart..<position))
                }
                body += Self.classLiteral(low) + "-" + Self.classLiteral(high)
                continue
            }
            switch item {
            case .scalar(let scalar): body += Self.classLiteral(scalar)
            case .set(let set): body += set
            }
        }
        emit("[" + body + "]", atom: true)
    }

    private mutating func classItem() throws(RE2Pattern.SyntaxError) -> ClassItem {
        guard current == "\\" else {
            defer { position += 1 }
            return .scalar(current!)
        }
        return try escapeItem(inClass: true)!
    }

    /// `[:alpha:]` or `[:^alpha:]` inside a class, consumed; nil when it is not one.
    private mutating func posixClass() -> String? {
        var index = position + 2
        var negated = false
        if index < pattern.count, pattern[index] == "^" {
            negated = true
            index += 1
        }
        var name = ""
        while index < pattern.count, pattern[index] != ":" {
            name.unicodeScalars.append(pattern[index])
            index += 1
        }
        guard index + 1 < pattern.count, pattern[index + 1] == "]", let ranges = Self.posixClasses[name] else { return nil }
        position = index + 2
        return "[" + (negated ? "^" : "") + ranges + "]"
    }

    /// Inside an ICU set, `[`, `&`, `-`, `$` and others have meanings RE2 does not give them.
    private static func classLiteral(_ scalar: Unicode.Scalar) -> String { literal(scalar) }
}
