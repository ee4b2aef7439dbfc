import Foundation

/// Why a document could not be read as XML. Carries no document text: error bodies can be long,
/// and the message is meant for a one-line error.
public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Byte offset into the document where the problem was found.
    public var offset: Int

    public var description: String { "malformed XML: \(message) at byte \(offset)" }
}

extension XMLNode {
    /// Parses a whole document and returns its root element.
    public static func parse(_ data: Data) throws(XMLParseError) -> XMLNode {
        try XMLTreeParser.parse(data)
    }

    public static func parse(_ text: String) throws(XMLParseError) -> XMLNode {
        try XMLTreeParser.parse(Array(text.utf8))
    }
}

/// A non-validating XML parser that builds an `XMLNode` tree in one pass over the bytes.
///
/// It handles what AWS sends: declarations, comments, CDATA sections, the five predefined
/// entities and numeric character references, namespace prefixes (dropped from names). A
/// DOCTYPE is skipped and never expanded, so a hostile document cannot define entities that
/// multiply (the "billion laughs"). Written over raw bytes rather than on FoundationXML, which
/// is a separate library on Linux and an order of magnitude slower on large Describe responses.
struct XMLTreeParser {
    /// Deeper documents are refused: AWS responses nest a dozen levels at most, and freeing a
    /// very deep tree recurses once per level.
    static let maximumDepth = 256

    private struct OpenElement {
        /// Where the qualified name sits in the input, to match the closing tag without
        /// making a string of it.
        var nameRange: Range<Int>
        var node: XMLNode
        var text: [UInt8] = []
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var stack: [OpenElement] = []
    private var root: XMLNode?

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func parse(_ data: some ContiguousBytes) throws(XMLParseError) -> XMLNode {
        let result: Result<XMLNode, XMLParseError> = data.withUnsafeBytes { raw in
            var parser = XMLTreeParser(bytes: raw.assumingMemoryBound(to: UInt8.self))
            return Result { () throws(XMLParseError) -> XMLNode in try parser.parseDocument() }
        }
        return try result.get()
    }

    // MARK: Document

    private mutating func parseDocument() throws(XMLParseError) -> XMLNode {
        if starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while position < bytes.count {
            if bytes[position] == .lessThan {
                try parseMarkup()
            } else {
                try parseText()
            }
        }
        if let open = stack.last {
            throw failure("element <\(string(open.nameRange))> is never closed")
        }
        guard let root else { throw failure("the document has no root element") }
        return root
    }

    private mutating func parseMarkup() throws(XMLParseError) {
        guard position + 1 < bytes.count else { throw failure("unexpected end of input after '<'") }
        switch bytes[position + 1] {
        case .questionMark:
            position = try index(after: Array("?>".utf8), from: position + 2, what: "processing instruction")
        case .exclamationMark:
            if starts(with: Array("<!--".utf8)) {
                position = try index(after: Array("-->".utf8), from: position + 4, what: "comment")
            } else if starts(with: Array("<![CDATA[".utf8)) {
                try parseCDATA()
            } else {
                try skipDeclaration()
            }
        case .slash:
            try parseClosingTag()
        default:
            try parseOpeningTag()
        }
    }

    // MARK: Elements

    private mutating func parseOpeningTag() throws(XMLParseError) {
        position += 1
        let nameRange = scanName()
        guard !nameRange.isEmpty else { throw failure("expected an element name after '<'") }
        var attributes: [String: String] = [:]
        var selfClosing = false
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw failure("tag <\(string(nameRange))> is not terminated") }
            let byte = bytes[position]
            if byte == .greaterThan {
                position += 1
                break
            }
            if byte == .slash {
                guard position + 1 < bytes.count, bytes[position + 1] == .greaterThan else {
                    throw failure("expected '>' after '/' in tag <\(string(nameRange))>")
                }
                position += 2
                selfClosing = true
                break
            }
            let (name, value) = try parseAttribute()
            attributes[name] = value
        }
        guard stack.count < Self.maximumDepth else {
            throw failure("elements nest deeper than \(Self.maximumDepth) levels")
        }
        let node = XMLNode(name: localName(nameRange), attributes: attributes)
        if selfClosing {
            try attach(node)
        } else {
            stack.append(OpenElement(nameRange: nameRange, node: node))
        }
    }

    private mutating func parseAttribute() throws(XMLParseError) -> (String, String) {
        let nameRange = scanName()
        guard !nameRange.isEmpty else { throw failure("expected an attribute name") }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == .equals else {
            throw failure("expected '=' after attribute \(string(nameRange))")
        }
        position += 1
        skipWhitespace()
        guard position < bytes.count, bytes[position] == .doubleQuote || bytes[position] == .singleQuote else {
            throw failure("expected a quoted value for attribute \(string(nameRange))")
        }
        let quote = bytes[position]
        let valueStart = position + 1
        guard let valueEnd = firstIndex(of: quote, from: valueStart) else {
            throw failure("attribute \(string(nameRange)) has no closing quote")
        }
        var value: [UInt8] = []
        try appendDecoded(valueStart..<valueEnd, into: &value, isAttribute: true)
        position = valueEnd + 1
        // Namespace declarations keep their full name; other attributes lose the prefix like
        // element names do.
        let qualified = string(nameRange)
        let name = qualified.hasPrefix("xmlns") ? qualified : localName(nameRange)
        return (name, String(decoding: value, as: UTF8.self))
    }

    private mutating func parseClosingTag() throws(XMLParseError) {
        position += 2
        let nameRange = scanName()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == .greaterThan else {
            throw failure("closing tag </\(string(nameRange))> is not terminated")
        }
        position += 1
        guard let open = stack.popLast() else {
            throw failure("closing tag </\(string(nameRange))> has no matching opening tag")
        }
        guard sameBytes(open.nameRange, nameRange) else {
            throw failure("closing tag </\(string(nameRange))> does not match <\(string(open.nameRange))>")
        }
        var node = open.node
        let onlyWhitespace = open.text.allSatisfy(\.isXMLWhitespace)
        node.text = !node.children.isEmpty && onlyWhitespace ? "" : String(decoding: open.text, as: UTF8.self)
        try attach(node)
    }

    private mutating func attach(_ node: XMLNode) throws(XMLParseError) {
        if stack.isEmpty {
            guard root == nil else { throw failure("the document has more than one root element") }
            root = node
        } else {
            stack[stack.count - 1].node.children.append(node)
        }
    }

    // MARK: Character data

    private mutating func parseText() throws(XMLParseError) {
        let start = position
        let end = firstIndex(of: .lessThan, from: start) ?? bytes.count
        position = end
        if stack.isEmpty {
            guard bytes[start..<end].allSatisfy(\.isXMLWhitespace) else {
                throw XMLParseError(message: "text outside the root element", offset: start)
            }
            return
        }
        try appendDecoded(start..<end, into: &stack[stack.count - 1].text, isAttribute: false)
    }

    private mutating func parseCDATA() throws(XMLParseError) {
        let start = position + 9
        guard !stack.isEmpty else { throw failure("CDATA section outside the root element") }
        let after = try index(after: Array("]]>".utf8), from: start, what: "CDATA section")
        stack[stack.count - 1].text.append(contentsOf: bytes[start..<(after - 3)])
        position = after
    }

    /// Copies `range` into `output`, replacing entity and character references, and
    /// normalising line ends (and, in attribute values, all whitespace) as XML 1.0 requires.
    private func appendDecoded(_ range: Range<Int>, into output: inout [UInt8], isAttribute: Bool) throws(XMLParseError) {
        // Most text has nothing to decode: copy it in one go.
        if !bytes[range].contains(where: { $0 == .ampersand || $0 == .carriageReturn || (isAttribute && $0 < .space) }) {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
            return
        }
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case .ampersand:
                index = try appendReference(at: index, limit: range.upperBound, into: &output)
                continue
            case .carriageReturn:
                output.append(isAttribute ? .space : .lineFeed)
                if index + 1 < range.upperBound, bytes[index + 1] == .lineFeed { index += 1 }
            case .lineFeed where isAttribute, .tab where isAttribute:
                output.append(.space)
            default:
                output.append(byte)
            }
            index += 1
        }
    }

    /// Decodes the reference starting at the `&` at `start`; returns the index after its `;`.
    private func appendReference(at start: Int, limit: Int, into output: inout [UInt8]) throws(XMLParseError) -> Int {
        let searchEnd = min(limit, start + 12)
        guard let semicolon = firstIndex(of: .semicolon, from: start + 1, to: searchEnd) else {
            throw XMLParseError(message: "'&' that does not start an entity reference", offset: start)
        }
        let name = bytes[(start + 1)..<semicolon]
        switch String(decoding: name, as: UTF8.self) {
        case "lt": output.append(.lessThan)
        case "gt": output.append(.greaterThan)
        case "amp": output.append(.ampersand)
        case "quot": output.append(.doubleQuote)
        case "apos": output.append(.singleQuote)
        case let reference where reference.hasPrefix("#"):
            let digits = reference.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                throw XMLParseError(message: "invalid character reference &\(reference);", offset: start)
            }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
        case let unknown:
            throw XMLParseError(message: "unknown entity &\(unknown);", offset: start)
        }
        return semicolon + 1
    }

    // MARK: Declarations

    /// Skips `<!DOCTYPE …>` and similar, including an internal subset in brackets.
    private mutating func skipDeclaration() throws(XMLParseError) {
        var depth = 0
        var index = position + 2
        while index < bytes.count {
            switch bytes[index] {
            case .openBracket: depth += 1
            case .closeBracket: depth -= 1
            case .greaterThan where depth <= 0:
                position = index + 1
                return
            default: break
            }
            index += 1
        }
        throw failure("declaration is not terminated")
    }

    // MARK: Scanning

    private mutating func scanName() -> Range<Int> {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte.isXMLWhitespace || byte == .slash || byte == .greaterThan || byte == .equals { break }
            position += 1
        }
        return start..<position
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, bytes[position].isXMLWhitespace { position += 1 }
    }

    private func starts(with prefix: [UInt8]) -> Bool {
        position + prefix.count <= bytes.count && bytes[position..<(position + prefix.count)].elementsEqual(prefix)
    }

    private func firstIndex(of byte: UInt8, from start: Int, to end: Int? = nil) -> Int? {
        var index = start
        let end = end ?? bytes.count
        while index < end {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The index just past the first occurrence of `terminator` at or after `start`.
    private func index(after terminator: [UInt8], from start: Int, what: String) throws(XMLParseError) -> Int {
        var index = start
        while let candidate = firstIndex(of: terminator[0], from: index) {
            if candidate + terminator.count <= bytes.count,
               bytes[candidate..<(candidate + terminator.count)].elementsEqual(terminator) {
                return candidate + terminator.count
            }
            index = candidate + 1
        }
        throw failure("\(what) is not terminated")
    }

    private func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && bytes[a].elementsEqual(bytes[b])
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The name after its namespace prefix, if it has one.
    private func localName(_ range: Range<Int>) -> String {
        var start = range.lowerBound
        for index in range where bytes[index] == .colon { start = index + 1 }
        return string(start..<range.upperBound)
    }

    private func failure(_ message: String) -> XMLParseError {
        XMLParseError(message: message, offset: position)
    }
}

extension UInt8 {
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let exclamationMark = UInt8(ascii: "!")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let ampersand = UInt8(ascii: "&")
    fileprivate static let singleQuote = UInt8(ascii: "'")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let semicolon = UInt8(ascii: ";")
    fileprivate static let lessThan = UInt8(ascii: "<")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let greaterThan = UInt8(ascii: ">")
    fileprivate static let questionMark = UInt8(ascii: "?")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")

    fileprivate var isXMLWhitespace: Bool {
        self == .space || self == .lineFeed || self == .tab || self == .carriageReturn
    }
}
