@testable import ResourceGraph

/// Turns a corpus entry into a nearby input: a few byte-level or token-level mutations, each
/// chosen by the seeded generator.
struct Mutator {
    /// Fragments that matter to the lexer and parser, including invalid UTF-8 (a lone lead byte,
    /// a lone continuation byte, an overlong encoding, a surrogate, a code point past U+10FFFF),
    /// control characters and a line separator.
    static let dictionary: [[UInt8]] = [
        "${", "%{", "~}", "}", "{", "\"", "\\", "\\u", "\\U0001F6", "$${", "%%{", "<<EOT\n", "<<-EOT\n", "\nEOT\n", "EOT",
        "/*", "*/", "#", "//", "[*]", ".*", "...", "=>", "::", "?", ":", "=", "==", "&&", "||", "!", "-", ".", ",",
        "(", ")", "[", "]", "\n", "\r\n", "\t", " ", "0", "1e999", "-1", "0.5", "9999999999999999999999",
        "for", "in", "if", "else", "endif", "endfor", "null", "true", "count.index", "each.key", "self",
        "var.x", "local.a", "module.m.out", "data.d.x", "resource", "variable", "locals", "output", "module", "dynamic",
        "content", "lifecycle", "provider::p::f(", "core::", "\u{2028}", "\u{FEFF}", "é", "😀",
    ].map { Array($0.utf8) } + [
        [0xC3], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xFE], [0x00], [0x1B], [0x7F],
    ]

    /// Openers to repeat for deep nesting, with the closer that balances each (nil: none).
    static let nesting: [(open: String, close: String?)] = [
        ("[", "]"), ("(", ")"), ("{a = ", "}"), ("f(", ")"), ("\"${", "}\""), ("!", nil), ("-", nil), ("a.", nil),
        ("x[", "]"), ("b {\n", "}\n"), ("%{ if x }", "%{ endif }"), ("%{ for v in x }", "%{ endfor }"),
        ("[for v in x : ", "]"), ("x ? ", " : y"), ("1 + ", nil), ("<<EOT\n${", "}\nEOT\n"),
    ]

    var random: SeededGenerator
    let corpus: [FuzzCorpus.Entry]

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            bytes = random.chance(1, in: 4) ? mutateTokens(bytes) : mutateBytes(bytes)
        }
        return bytes
    }

    // MARK: Byte level

    private mutating func mutateBytes(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !bytes.isEmpty:
            let i = position(in: bytes)
            bytes[i] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case 1:
            let count = Int.random(in: 1...8, using: &random)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: insertion(in: bytes))
        case 2:
            bytes.insert(contentsOf: Self.dictionary.randomElement(using: &random)!, at: insertion(in: bytes))
        case 3 where !bytes.isEmpty:
            let range = someRange(in: bytes)
            bytes.removeSubrange(range)
        case 4 where !bytes.isEmpty:
            let copy = Array(bytes[someRange(in: bytes)])
            bytes.insert(contentsOf: copy, at: insertion(in: bytes))
        case 5:
            let other = corpus.randomElement(using: &random)!.bytes
            guard !other.isEmpty else { break }
            let piece = other[someRange(in: other)]
            if !bytes.isEmpty, random.chance(1, in: 2) {
                bytes.replaceSubrange(someRange(in: bytes), with: piece)
            } else {
                bytes.insert(contentsOf: piece, at: insertion(in: bytes))
            }
        case 6:
            bytes.insert(contentsOf: deepNesting(), at: insertion(in: bytes))
        default:
            if !bytes.isEmpty { bytes[position(in: bytes)] = Self.dictionary.randomElement(using: &random)!.first ?? 0 }
        }
        return bytes
    }

    /// Many levels of one construct, usually past the parser's limit, sometimes balanced.
    private mutating func deepNesting() -> [UInt8] {
        let (open, close) = Self.nesting.randomElement(using: &random)!
        let depth = random.chance(1, in: 3) ? Int.random(in: 200...300, using: &random) : Int.random(in: 1...1_000, using: &random)
        var text = String(repeating: open, count: depth)
        if let close, random.chance(2, in: 3) { text += "x" + String(repeating: close, count: depth) }
        return Array(text.utf8)
    }

    // MARK: Token level

    /// Drops, duplicates, swaps or replaces whole tokens, as the lexer sees them before the
    /// mutation, so the result stays close to something the parser nearly accepts.
    private mutating func mutateTokens(_ input: [UInt8]) -> [UInt8] {
        let tokens = Lexer.tokenize(SourceFile(filename: "mutating", bytes: input)).filter { $0.kind != .eof && $0.end.byte > $0.start.byte }
        guard tokens.count >= 2 else { return mutateBytes(input) }
        var bytes = input
        let a = tokens.randomElement(using: &random)!
        let b = tokens.randomElement(using: &random)!
        let first = min(a.start.byte, b.start.byte) == a.start.byte ? a : b
        let second = first.start.byte == a.start.byte ? b : a
        let firstRange = first.start.byte..<first.end.byte
        let secondRange = second.start.byte..<second.end.byte
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            bytes.removeSubrange(firstRange)
        case 1:
            bytes.insert(contentsOf: Array(input[firstRange]), at: first.end.byte)
        case 2 where firstRange.upperBound <= secondRange.lowerBound:
            // Swap: replace the later one first so the earlier range stays valid.
            let firstBytes = Array(bytes[firstRange]), secondBytes = Array(bytes[secondRange])
            bytes.replaceSubrange(secondRange, with: firstBytes)
            bytes.replaceSubrange(firstRange, with: secondBytes)
        default:
            bytes.replaceSubrange(firstRange, with: Array(input[secondRange]))
        }
        return bytes
    }

    // MARK: Positions

    private mutating func position(in bytes: [UInt8]) -> Int { Int.random(in: 0..<bytes.count, using: &random) }
    private mutating func insertion(in bytes: [UInt8]) -> Int { Int.random(in: 0...bytes.count, using: &random) }

    private mutating func someRange(in bytes: some Collection<UInt8>) -> Range<Int> {
        let start = Int.random(in: 0..<bytes.count, using: &random)
        let length = Int.random(in: 1...min(64, bytes.count - start), using: &random)
        return start..<start + length
    }
}
