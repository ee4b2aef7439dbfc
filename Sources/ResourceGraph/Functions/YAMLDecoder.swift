/// Decodes YAML as Terraform's `yamldecode` does (through go-cty-yaml): mappings become objects,
/// sequences tuples; plain scalars resolve by YAML 1.1's rules (yes/no/on/off are booleans,
/// "~" is null, underscores may group digits, dates become RFC 3339 strings); quoted and block
/// scalars are strings; only the core tags are accepted; anchors may not refer to themselves.
struct YAMLDecoder {
    private static let core = "tag:yaml.org,2002:"
    private static let plainValues: [String: Value] = {
        var table: [String: Value] = [:]
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] { table[word] = .true }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] { table[word] = .false }
        for word in ["", "~", "null", "Null", "NULL"] { table[word] = .null }
        return table
    }()

    /// Anchors still being defined, and those done.
    private var pendingAnchors: [String: Int] = [:]
    private var anchors: [String: Value] = [:]

    static func decode(_ source: String) throws(YAMLFailure) -> Value {
        var parser = YAMLParser(source)
        guard let root = try parser.parseDocument() else { return .null }
        var decoder = YAMLDecoder()
        return try decoder.value(of: root)
    }

    private mutating func value(of node: YAMLNode) throws(YAMLFailure) -> Value {
        switch node {
        case .alias(let name, let line, let column):
            if pendingAnchors[name] != nil {
                throw YAMLFailure(message: "cannot refer to anchor \(Value.quoted(name)) from inside its own definition", line: line, column: column)
            }
            guard let value = anchors[name] else {
                throw YAMLFailure(message: "reference to undefined anchor \(Value.quoted(name))", line: line, column: column)
            }
            return value
        case .scalar(let text, let plain, let properties):
            return try anchored(properties) { (_: inout YAMLDecoder) throws(YAMLFailure) in
                do throws(ResolutionError) {
                    return try Self.resolve(text, tag: properties.tag, plain: plain)
                } catch {
                    throw YAMLFailure(message: error.message, line: properties.line, column: properties.column)
                }
            }
        case .sequence(let items, let properties):
            if let tag = properties.tag, tag != Self.core + "seq" {
                throw YAMLFailure(message: "can't interpret sequence as \(tag)", line: properties.line, column: properties.column)
            }
            return try anchored(properties) { (decoder: inout YAMLDecoder) throws(YAMLFailure) in
                var values: [Value] = []
                for item in items { values.append(try decoder.value(of: item)) }
                return .tuple(values)
            }
        case .mapping(let entries, let properties):
            if let tag = properties.tag, tag != Self.core + "map" {
                throw YAMLFailure(message: "can't interpret mapping as \(tag)", line: properties.line, column: properties.column)
            }
            return try anchored(properties) { (decoder: inout YAMLDecoder) throws(YAMLFailure) in
                try decoder.object(from: entries)
            }
        }
    }

    private mutating func anchored(_ properties: YAMLNode.Properties, _ build: (inout YAMLDecoder) throws(YAMLFailure) -> Value) throws(YAMLFailure) -> Value {
        guard let anchor = properties.anchor else { return try build(&self) }
        pendingAnchors[anchor, default: 0] += 1
        let value = try build(&self)
        pendingAnchors[anchor]! -= 1
        if pendingAnchors[anchor] == 0 { pendingAnchors[anchor] = nil }
        anchors[anchor] = value
        return value
    }

    /// Later keys win. A plain "<<" key merges a mapping's entries in, as YAML merge keys do.
    private mutating func object(from entries: [(key: YAMLNode, value: YAMLNode)]) throws(YAMLFailure) -> Value {
        var attributes: [String: Value] = [:]
        for (keyNode, valueNode) in entries {
            guard case .scalar(let text, let plain, let properties) = keyNode else {
                let (line, column) = Self.position(of: keyNode)
                throw YAMLFailure(message: "only strings are allowed as mapping keys", line: line, column: column)
            }
            if plain, text == "<<", properties.tag == nil {
                let merged = try value(of: valueNode)
                guard let mergedEntries = merged.attributes else {
                    throw YAMLFailure(message: "cannot merge \(merged.type.ctyFriendlyName) into mapping", line: properties.line, column: properties.column)
                }
                attributes.merge(mergedEntries) { _, new in new }
                continue
            }
            let key: Value
            do {
                key = try Self.resolve(text, tag: properties.tag, plain: plain)
            } catch {
                throw YAMLFailure(message: error.message, line: properties.line, column: properties.column)
            }
            guard !key.isNull else { throw YAMLFailure(message: "mapping key cannot be null", line: properties.line, column: properties.column) }
            guard let name = (try? key.converted(to: .string))?.stringValue else {
                throw YAMLFailure(message: "only strings are allowed as mapping keys", line: properties.line, column: properties.column)
            }
            attributes[name] = try value(of: valueNode)
        }
        return .object(attributes)
    }

    private static func position(of node: YAMLNode) -> (Int, Int) {
        switch node {
        case .scalar(_, _, let p), .sequence(_, let p), .mapping(_, let p): return (p.line, p.column)
        case .alias(_, let line, let column): return (line, column)
        }
    }

    // MARK: Scalars

    struct ResolutionError: Error {
        let message: String
    }

    /// A scalar's value from its tag, or for untagged plain scalars from its spelling.
    static func resolve(_ text: String, tag explicitTag: String?, plain: Bool) throws(ResolutionError) -> Value {
        // Quoted and block scalars, and the non-specific "!" tag, are strings.
        let tag = explicitTag == "!" ? core + "str" : explicitTag ?? (plain ? "" : core + "str")
        let known = ["", "str", "bool", "int", "float", "null", "timestamp", "binary"].map { $0.isEmpty ? "" : core + $0 }
        guard known.contains(tag) else { throw ResolutionError(message: "unsupported tag \(Value.quoted(tag))") }
        var tagToApply = tag
        if tag != core + "str", tag != core + "binary" {
            if let value = plainValues[text] { return value }
            if [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"].contains(text) {
                throw ResolutionError(message: "floating point infinity is not supported")
            }
            if [".nan", ".NaN", ".NAN"].contains(text) { throw ResolutionError(message: "floating point NaN is not supported") }
            let first = text.unicodeScalars.first
            if first == "." {
                if let number = Number(parsing: text) { return .number(number) }
            } else if let first, first == "+" || first == "-" || ("0"..."9").contains(first) {
                if tag.isEmpty || tag == core + "timestamp", let timestamp = Timestamp.parseYAML(text) { return .string(timestamp.rfc3339) }
                let digits = text.replacingAll("_", with: "")
                if let number = Number(parsing: digits) { return .number(number) }
                if digits.hasPrefix("0b") || digits.hasPrefix("-0b") { tagToApply = core + "int" }
            }
        }
        func unparsable() -> ResolutionError { ResolutionError(message: "cannot parse \(Value.quoted(text)) as \(tagToApply)") }
        switch tagToApply {
        case core + "str", "":
            return .string(text)
        case core + "binary":
            guard Base64.decode(text.replacingAll("\n", with: "")) != nil else {
                throw ResolutionError(message: "cannot parse \(Value.quoted(text)) as \(tagToApply): not valid base64")
            }
            return .string(text)
        case core + "bool":
            guard let value = plainValues[text], value.boolValue != nil else { throw unparsable() }
            return value
        case core + "int", core + "float":
            let digits = text.replacingAll("_", with: "")
            if let number = Number(parsing: digits) ?? integerWithPrefix(digits) { return .number(number) }
            throw unparsable()
        case core + "timestamp":
            guard let timestamp = Timestamp.parseYAML(text) else { throw unparsable() }
            return .string(timestamp.rfc3339)
        default:
            return .null
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` forms: "0x", "0o", "0b" and a leading "0" for octal.
    private static func integerWithPrefix(_ text: String) -> Number? {
        var body = Substring(text)
        let negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let radix: Int
        switch body.prefix(2).lowercased() {
        case "0x": radix = 16; body = body.dropFirst(2)
        case "0o": radix = 8; body = body.dropFirst(2)
        case "0b": radix = 2; body = body.dropFirst(2)
        default:
            guard body.count > 1, body.first == "0" else { return nil }
            radix = 8
            body = body.dropFirst()
        }
        guard !body.isEmpty, let magnitude = UInt64(body, radix: radix) else { return nil }
        guard magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) else { return nil }
        return Number(parsing: (negative ? "-" : "") + String(magnitude))
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        GoStrings.replaceAll(self, target, with: replacement)
    }
}
