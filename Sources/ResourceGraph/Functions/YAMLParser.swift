/// A YAML node as parsed, before tags are resolved into values.
indirect enum YAMLNode {
    struct Properties {
        var tag: String?
        var anchor: String?
        var line: Int
        var column: Int
    }

    /// `plain` tells unquoted scalars (which resolve to numbers, bools, null…) from quoted and
    /// block scalars (always strings unless tagged).
    case scalar(String, plain: Bool, Properties)
    case sequence([YAMLNode], Properties)
    case mapping([(key: YAMLNode, value: YAMLNode)], Properties)
    case alias(String, line: Int, column: Int)
}

/// A failure to read YAML, with the 1-based position it concerns.
struct YAMLFailure: Error {
    let message: String
    let line: Int
    let column: Int

    var description: String { "on line \(line), column \(column): \(message)" }
}

/// A recursive-descent parser for the YAML that configurations meet: block mappings and
/// sequences (including compact nested forms), flow collections, plain, quoted and block
/// scalars with YAML's folding rules, comments, anchors, aliases and tags, in one document.
struct YAMLParser {
    private let text: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ source: String) {
        // Line breaks are normalised to "\n" first; a byte order mark is dropped.
        var scalars: [Unicode.Scalar] = []
        var previousCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n", previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            scalars.append(scalar)
        }
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        text = scalars
    }

    // MARK: Position

    private var atEnd: Bool { index >= text.count }
    private var current: Unicode.Scalar? { index < text.count ? text[index] : nil }
    private var column: Int { index - lineStart }

    private func scalar(at position: Int) -> Unicode.Scalar? { position < text.count ? text[position] : nil }

    private func isBlankOrEnd(_ position: Int) -> Bool {
        guard let scalar = scalar(at: position) else { return true }
        return scalar == " " || scalar == "\t" || scalar == "\n"
    }

    private static func isFlowIndicator(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == "," || scalar == "[" || scalar == "]" || scalar == "{" || scalar == "}"
    }

    private mutating func advance() {
        guard index < text.count else { return }
        if text[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private func failure(_ message: String) -> YAMLFailure {
        YAMLFailure(message: message, line: line, column: column + 1)
    }

    private var here: YAMLNode.Properties { .init(line: line, column: column + 1) }

    private typealias Mark = (index: Int, line: Int, lineStart: Int)
    private var mark: Mark { (index, line, lineStart) }
    private mutating func reset(to mark: Mark) { (index, line, lineStart) = mark }

    // MARK: Whitespace and comments

    private mutating func skipInlineSpace() {
        while current == " " || current == "\t" { advance() }
    }

    private mutating func skipComment() {
        if current == "#" { while current != nil, current != "\n" { advance() } }
    }

    /// Past spaces, comments and line breaks, to the next content or the end.
    private mutating func skipToContent() {
        while true {
            skipInlineSpace()
            skipComment()
            guard current == "\n" else { return }
            advance()
        }
    }

    private func isDocumentMarker(_ marker: Unicode.Scalar) -> Bool {
        column == 0 && current == marker && scalar(at: index + 1) == marker && scalar(at: index + 2) == marker && isBlankOrEnd(index + 3)
    }

    private var atDocumentBoundary: Bool { atEnd || isDocumentMarker("-") || isDocumentMarker(".") }

    // MARK: Documents

    /// The single document's root node; nil for an empty document.
    mutating func parseDocument() throws(YAMLFailure) -> YAMLNode? {
        skipToContent()
        while column == 0, current == "%" {
            let directive = mark
            var name = ""
            while let scalar = current, scalar != " ", scalar != "\n" {
                name.unicodeScalars.append(scalar)
                advance()
            }
            guard name == "%YAML" else {
                reset(to: directive)
                throw failure("unsupported directive \(name)")
            }
            while current != nil, current != "\n" { advance() }
            skipToContent()
        }
        if isDocumentMarker("-") {
            advance(); advance(); advance()
        }
        skipToContent()
        var root: YAMLNode? = nil
        if !atDocumentBoundary { root = try parseBlockNode(parent: -1, compactSequence: false, inlineMapping: true) }
        skipToContent()
        if isDocumentMarker(".") {
            advance(); advance(); advance()
            skipToContent()
        }
        if isDocumentMarker("-") { throw failure("only a single document is allowed") }
        if !atEnd { throw failure("unexpected extra content after value") }
        return root
    }

    // MARK: Block nodes

    /// The node that follows, on this line or on more-indented lines below. `parent` is the
    /// indentation of the enclosing collection (-1 at the top); a sequence directly under a
    /// mapping key may sit at the key's own indentation (`compactSequence`); a mapping may start
    /// on the same line only after "- " (`inlineMapping`).
    private mutating func parseBlockNode(parent: Int, compactSequence: Bool, inlineMapping: Bool) throws(YAMLFailure) -> YAMLNode {
        skipInlineSpace()
        skipComment()
        let sameLine = !(atEnd || current == "\n")
        if !sameLine {
            skipToContent()
            let startsSequence = current == "-" && isBlankOrEnd(index + 1)
            if atDocumentBoundary || column < parent || (column == parent && !(compactSequence && startsSequence)) {
                return .scalar("", plain: true, here)
            }
        }
        var properties = here
        try parseProperties(&properties, flow: false)
        if properties.tag != nil || properties.anchor != nil {
            skipInlineSpace()
            skipComment()
            if atEnd || current == "\n" {
                let node = try parseBlockNode(parent: parent, compactSequence: compactSequence, inlineMapping: inlineMapping)
                return try Self.attach(properties, to: node, failure: failure("did not find expected node content"))
            }
        }
        let contentColumn = column
        let contentMark = mark
        switch current {
        case "-" where isBlankOrEnd(index + 1):
            if sameLine, !inlineMapping { throw failure("block sequence entries are not allowed in this context") }
            return try parseBlockSequence(column: contentColumn, properties)
        case "?" where isBlankOrEnd(index + 1):
            if sameLine, !inlineMapping { throw failure("mapping values are not allowed in this context") }
            return try parseBlockMapping(column: contentColumn, firstKey: nil, properties)
        case "|", ">":
            return .scalar(try parseBlockScalar(parent: parent), plain: false, properties)
        case "[", "{":
            let node = try parseFlowCollection(properties)
            skipInlineSpace()
            if current == ":", isBlankOrEnd(index + 1) { throw failure("only strings are allowed as mapping keys") }
            return node
        case "*":
            let node = try parseAlias()
            skipInlineSpace()
            if current == ":", isBlankOrEnd(index + 1) { throw failure("only strings are allowed as mapping keys") }
            return node
        default:
            break
        }
        let quoted = current == "\"" || current == "'"
        let scalarText = quoted ? try parseQuoted() : try parsePlainLine(flow: false)
        skipInlineSpace()
        if current == ":", isBlankOrEnd(index + 1) {
            if sameLine, !inlineMapping {
                reset(to: contentMark)
                throw failure("mapping values are not allowed in this context")
            }
            let key = YAMLNode.scalar(scalarText, plain: !quoted, properties)
            return try parseBlockMapping(column: contentColumn, firstKey: key, .init(line: properties.line, column: properties.column))
        }
        if quoted { return .scalar(scalarText, plain: false, properties) }
        return .scalar(try continuePlain(scalarText, parent: parent), plain: true, properties)
    }

    private static func attach(_ properties: YAMLNode.Properties, to node: YAMLNode, failure: YAMLFailure) throws(YAMLFailure) -> YAMLNode {
        func merged(_ existing: YAMLNode.Properties) throws(YAMLFailure) -> YAMLNode.Properties {
            if (existing.tag != nil && properties.tag != nil) || (existing.anchor != nil && properties.anchor != nil) { throw failure }
            return .init(tag: existing.tag ?? properties.tag, anchor: existing.anchor ?? properties.anchor, line: properties.line, column: properties.column)
        }
        switch node {
        case .scalar(let text, let plain, let existing): return .scalar(text, plain: plain, try merged(existing))
        case .sequence(let items, let existing): return .sequence(items, try merged(existing))
        case .mapping(let entries, let existing): return .mapping(entries, try merged(existing))
        case .alias: throw failure
        }
    }

    private mutating func parseBlockSequence(column sequenceColumn: Int, _ properties: YAMLNode.Properties) throws(YAMLFailure) -> YAMLNode {
        var items: [YAMLNode] = []
        while true {
            advance()
            items.append(try parseBlockNode(parent: sequenceColumn, compactSequence: false, inlineMapping: true))
            skipToContent()
            guard !atDocumentBoundary, column == sequenceColumn, current == "-", isBlankOrEnd(index + 1) else { break }
        }
        if !atDocumentBoundary, column > sequenceColumn { throw failure("did not find expected '-' indicator") }
        return .sequence(items, properties)
    }

    private mutating func parseBlockMapping(column mappingColumn: Int, firstKey: YAMLNode?, _ properties: YAMLNode.Properties) throws(YAMLFailure) -> YAMLNode {
        var entries: [(key: YAMLNode, value: YAMLNode)] = []
        var pendingKey = firstKey
        while true {
            let key: YAMLNode
            if let pendingKey {
                key = pendingKey
            } else if current == "?", isBlankOrEnd(index + 1) {
                advance()
                key = try parseBlockNode(parent: mappingColumn, compactSequence: false, inlineMapping: true)
                skipToContent()
                guard !atDocumentBoundary, column == mappingColumn, current == ":", isBlankOrEnd(index + 1) else {
                    entries.append((key, .scalar("", plain: true, here)))
                    if atDocumentBoundary || column < mappingColumn { break }
                    if column > mappingColumn { throw failure("did not find expected key") }
                    continue
                }
            } else {
                key = try parseImplicitKey()
            }
            pendingKey = nil
            skipInlineSpace()
            guard current == ":" else { throw failure("could not find expected ':'") }
            advance()
            entries.append((key, try parseBlockNode(parent: mappingColumn, compactSequence: true, inlineMapping: false)))
            skipToContent()
            if atDocumentBoundary || column < mappingColumn { break }
            if column > mappingColumn { throw failure("did not find expected key") }
        }
        return .mapping(entries, properties)
    }

    /// A key on one line: optional properties, then a quoted or plain scalar.
    private mutating func parseImplicitKey() throws(YAMLFailure) -> YAMLNode {
        var properties = here
        try parseProperties(&properties, flow: false)
        switch current {
        case "\"", "'": return .scalar(try parseQuoted(), plain: false, properties)
        case "*", "[", "{": throw failure("only strings are allowed as mapping keys")
        case "-" where isBlankOrEnd(index + 1): throw failure("did not find expected key")
        default:
            let text = try parsePlainLine(flow: false)
            if text.isEmpty, current != ":" { throw failure("did not find expected key") }
            return .scalar(text, plain: true, properties)
        }
    }

    // MARK: Properties and aliases

    private mutating func parseProperties(_ properties: inout YAMLNode.Properties, flow: Bool) throws(YAMLFailure) {
        while true {
            if current == "&" {
                advance()
                let name = readName(flow: flow)
                guard !name.isEmpty else { throw failure("did not find expected alphabetic or numeric character") }
                properties.anchor = name
            } else if current == "!" {
                advance()
                if current == "<" {
                    advance()
                    var tag = ""
                    while let scalar = current, scalar != ">" {
                        tag.unicodeScalars.append(scalar)
                        advance()
                    }
                    guard current == ">" else { throw failure("did not find the expected '>'") }
                    advance()
                    properties.tag = tag
                } else if current == "!" {
                    advance()
                    properties.tag = "tag:yaml.org,2002:" + readName(flow: flow)
                } else {
                    properties.tag = "!" + readName(flow: flow)
                }
            } else {
                return
            }
            if flow { skipFlowSpace() } else { skipInlineSpace() }
        }
    }

    private mutating func readName(flow: Bool) -> String {
        var name = ""
        while let scalar = current, !isBlankOrEnd(index), !(flow && Self.isFlowIndicator(scalar)) {
            name.unicodeScalars.append(scalar)
            advance()
        }
        return name
    }

    private mutating func parseAlias() throws(YAMLFailure) -> YAMLNode {
        let (aliasLine, aliasColumn) = (line, column + 1)
        advance()
        let name = readName(flow: true)
        guard !name.isEmpty else { throw failure("did not find expected alphabetic or numeric character") }
        return .alias(name, line: aliasLine, column: aliasColumn)
    }

    // MARK: Plain scalars

    /// Plain text up to the end of the line, a ": ", or a " #" comment (and in flow context a
    /// flow indicator), without trailing blanks.
    private mutating func parsePlainLine(flow: Bool) throws(YAMLFailure) -> String {
        if let first = current, "@`%".unicodeScalars.contains(first) { throw failure("found character that cannot start any token") }
        if !flow, Self.isFlowIndicator(current) { throw failure("did not find expected node content") }
        var text = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        while let scalar = current, scalar != "\n" {
            if scalar == ":" {
                let next = self.scalar(at: index + 1)
                if isBlankOrEnd(index + 1) || (flow && Self.isFlowIndicator(next)) { break }
            }
            if scalar == "#", previous == " " || previous == "\t" { break }
            if flow, Self.isFlowIndicator(scalar) { break }
            text.append(scalar)
            previous = scalar
            advance()
        }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }

    /// Continuation lines of a block plain scalar: lines indented more than `parent`. A single
    /// line break folds to a space; each further one is kept.
    private mutating func continuePlain(_ first: String, parent: Int) throws(YAMLFailure) -> String {
        var text = first
        while current == "\n" {
            let beforeBreaks = mark
            var breaks = 0
            while current == "\n" {
                advance()
                breaks += 1
                skipInlineSpace()
            }
            if atDocumentBoundary || current == "#" || column <= parent {
                reset(to: beforeBreaks)
                break
            }
            let segment = try parsePlainLine(flow: false)
            if segment.isEmpty {
                reset(to: beforeBreaks)
                break
            }
            text += breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)
            text += segment
            skipInlineSpace()
            if current == ":", isBlankOrEnd(index + 1) { throw failure("mapping values are not allowed in this context") }
        }
        return text
    }

    // MARK: Quoted scalars

    private mutating func parseQuoted() throws(YAMLFailure) -> String {
        let double = current == "\""
        let quote = current!
        advance()
        var text = ""
        while true {
            guard let character = current else { throw failure("found unexpected end of stream while scanning a quoted scalar") }
            if column == 0, isDocumentMarker("-") || isDocumentMarker(".") {
                throw failure("found unexpected document indicator while scanning a quoted scalar")
            }
            switch character {
            case quote where !double && scalar(at: index + 1) == "'":
                text += "'"
                advance(); advance()
            case quote:
                advance()
                return text
            case "\\" where double:
                advance()
                if current == "\n" {
                    // An escaped line break joins the lines without a space.
                    advance()
                    skipInlineSpace()
                    while current == "\n" {
                        text += "\n"
                        advance()
                        skipInlineSpace()
                    }
                } else {
                    text.unicodeScalars.append(try parseEscape())
                }
            case " ", "\t":
                var blanks = ""
                while current == " " || current == "\t" {
                    blanks.unicodeScalars.append(current!)
                    advance()
                }
                if current != "\n" { text += blanks }
            case "\n":
                advance()
                skipInlineSpace()
                var breaks = 0
                while current == "\n" {
                    breaks += 1
                    advance()
                    skipInlineSpace()
                }
                text += breaks == 0 ? " " : String(repeating: "\n", count: breaks)
            default:
                text.unicodeScalars.append(character)
                advance()
            }
        }
    }

    private mutating func parseEscape() throws(YAMLFailure) -> Unicode.Scalar {
        guard let letter = current else { throw failure("found unexpected end of stream while scanning a quoted scalar") }
        advance()
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}", "f": "\u{0C}",
            "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}",
            "L": "\u{2028}", "P": "\u{2029}",
        ]
        if let scalar = simple[letter] { return scalar }
        let length: Int
        switch letter {
        case "x": length = 2
        case "u": length = 4
        case "U": length = 8
        default: throw failure("found unknown escape character while parsing a quoted scalar")
        }
        var hex = ""
        for _ in 0..<length {
            guard let digit = current, digit.properties.isASCIIHexDigit else {
                throw failure("did not find expected hexdecimal number while parsing a quoted scalar")
            }
            hex.unicodeScalars.append(digit)
            advance()
        }
        guard let scalar = Unicode.Scalar(UInt32(hex, radix: 16)!) else {
            throw failure("found invalid Unicode character escape code while parsing a quoted scalar")
        }
        return scalar
    }

    // MARK: Block scalars

    private enum Chomping { case clip, strip, keep }

    /// `|` or `>` with optional indentation and chomping indicators, then the indented lines.
    private mutating func parseBlockScalar(parent: Int) throws(YAMLFailure) -> String {
        let literal = current == "|"
        advance()
        var chomping = Chomping.clip
        var increment: Int?
        while let scalar = current {
            if scalar == "+" || scalar == "-" {
                chomping = scalar == "+" ? .keep : .strip
            } else if ("1"..."9").contains(scalar) {
                increment = Int(scalar.value - 48)
            } else if scalar == "0" {
                throw failure("found an indentation indicator equal to 0 while scanning a block scalar")
            } else {
                break
            }
            advance()
        }
        skipInlineSpace()
        skipComment()
        guard atEnd || current == "\n" else { throw failure("did not find expected comment or line break while scanning a block scalar") }
        advance()

        var indent: Int
        if let increment {
            indent = parent >= 0 ? parent + increment : increment
        } else {
            // The first non-empty line decides, but never less than one past the parent.
            var probe = index, widest = 0, lineIndent = 0
            while probe < text.count {
                if text[probe] == " " {
                    lineIndent += 1
                } else if text[probe] == "\n" {
                    widest = max(widest, lineIndent)
                    lineIndent = 0
                } else {
                    break
                }
                probe += 1
            }
            indent = max(widest, lineIndent, parent + 1, 1)
        }

        var output = "", leadingBreak = "", trailingBreaks = ""
        var leadingBlank = false
        func consumeBreaks(_ parser: inout YAMLParser) {
            while true {
                while parser.current == " ", parser.column < indent { parser.advance() }
                guard parser.current == "\n" else { return }
                trailingBreaks += "\n"
                parser.advance()
            }
        }
        consumeBreaks(&self)
        while !atEnd, column == indent, current != "\n" {
            let trailingBlank = current == " " || current == "\t"
            if !literal, leadingBreak == "\n", !leadingBlank, !trailingBlank {
                if trailingBreaks.isEmpty { output += " " }
            } else {
                output += leadingBreak
            }
            leadingBreak = ""
            output += trailingBreaks
            trailingBreaks = ""
            leadingBlank = trailingBlank
            while let scalar = current, scalar != "\n" {
                output.unicodeScalars.append(scalar)
                advance()
            }
            if atEnd { break }
            advance()
            leadingBreak = "\n"
            consumeBreaks(&self)
        }
        if chomping != .strip { output += leadingBreak }
        if chomping == .keep { output += trailingBreaks }
        return output
    }

    // MARK: Flow collections

    private mutating func skipFlowSpace() {
        while true {
            skipInlineSpace()
            skipComment()
            guard current == "\n" else { return }
            advance()
        }
    }

    private mutating func parseFlowCollection(_ properties: YAMLNode.Properties) throws(YAMLFailure) -> YAMLNode {
        let isSequence = current == "["
        let close: Unicode.Scalar = isSequence ? "]" : "}"
        advance()
        var items: [YAMLNode] = []
        var entries: [(key: YAMLNode, value: YAMLNode)] = []
        while true {
            skipFlowSpace()
            guard let scalar = current else { throw failure("did not find expected ',' or '\(close)'") }
            if scalar == close {
                advance()
                break
            }
            if scalar == "?", isBlankOrEnd(index + 1) { advance() }
            let key: YAMLNode
            skipFlowSpace()
            if current == ":", isBlankOrEnd(index + 1) || Self.isFlowIndicator(self.scalar(at: index + 1)) {
                key = .scalar("", plain: true, here)
            } else {
                key = try parseFlowNode()
            }
            skipFlowSpace()
            var value: YAMLNode?
            if current == ":" {
                advance()
                skipFlowSpace()
                value = current == "," || current == close ? .scalar("", plain: true, here) : try parseFlowNode()
                skipFlowSpace()
            }
            if isSequence {
                items.append(value.map { .mapping([(key, $0)], here) } ?? key)
            } else {
                entries.append((key, value ?? .scalar("", plain: true, here)))
            }
            if current == "," {
                advance()
            } else if current != close {
                throw failure("did not find expected ',' or '\(close)'")
            }
        }
        return isSequence ? .sequence(items, properties) : .mapping(entries, properties)
    }

    private mutating func parseFlowNode() throws(YAMLFailure) -> YAMLNode {
        var properties = here
        try parseProperties(&properties, flow: true)
        switch current {
        case "[", "{": return try parseFlowCollection(properties)
        case "\"", "'": return .scalar(try parseQuoted(), plain: false, properties)
        case "*": return try parseAlias()
        case ",", "]", "}", nil:
            guard properties.tag != nil || properties.anchor != nil else { throw failure("did not find expected node content") }
            return .scalar("", plain: true, properties)
        default:
            var text = try parsePlainLine(flow: true)
            // Plain scalars in flow context may continue on following lines.
            while current == "\n" {
                let beforeBreaks = mark
                var breaks = 0
                while current == "\n" {
                    advance()
                    breaks += 1
                    skipInlineSpace()
                }
                guard let next = current, next != "#", !Self.isFlowIndicator(next),
                      !(next == ":" && (isBlankOrEnd(index + 1) || Self.isFlowIndicator(scalar(at: index + 1)))) else {
                    reset(to: beforeBreaks)
                    break
                }
                text += breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)
                text += try parsePlainLine(flow: true)
            }
            return .scalar(text, plain: true, properties)
        }
    }
}
