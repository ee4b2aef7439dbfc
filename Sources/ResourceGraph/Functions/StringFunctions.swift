extension FunctionLibrary {
    static let stringFunctions: [String: Function] = [
        "chomp": stringToString("str") { s in
            // Trailing "\n", "\r\n" and "\r", any number of them.
            var scalars = Array(s.unicodeScalars)
            while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
            return String(String.UnicodeScalarView(scalars))
        },
        "lower": stringToString("str", GoStrings.lower),
        "upper": stringToString("str", GoStrings.upper),
        "title": stringToString("str", GoStrings.title),
        "strrev": stringToString("str") { String($0.reversed()) },
        "trimspace": stringToString("str", GoStrings.trimSpace),
        "trim": twoStrings("str", "cutset") { .string(GoStrings.trim($0, cutset: $1)) },
        "trimprefix": twoStrings("str", "prefix") { .string(GoStrings.trimPrefix($0, $1)) },
        "trimsuffix": twoStrings("str", "suffix") { .string(GoStrings.trimSuffix($0, $1)) },
        "startswith": twoStrings("str", "prefix", returns: .bool) { .bool(GoStrings.hasPrefix($0, $1)) },
        "endswith": twoStrings("str", "suffix", returns: .bool) { .bool(GoStrings.hasSuffix($0, $1)) },
        "strcontains": twoStrings("str", "substr", returns: .bool) { .bool(GoStrings.contains($0, $1)) },
        "split": twoStrings("separator", "str", returns: .list(.string)) { separator, s in
            .list(GoStrings.split(s, separator: separator).map(Value.string), of: .string)
        },
        "indent": Function(parameters: [.init("spaces", .number), .init("str", .string)], returns: .string) { args in
            let spaces = try integer(args[0], argument: 0)
            let padding = String(repeating: " ", count: max(spaces, 0))
            return .string(GoStrings.replaceAll(args[1].stringValue!, "\n", with: "\n" + padding))
        },
        "join": Function(parameters: [.init("separator", .string)], variadic: .init("lists", .list(.string)), returns: .string) { args in
            let lists = args.dropFirst()
            guard !lists.isEmpty else { throw FunctionError("at least one list is required") }
            var items: [String] = []
            for (listNumber, list) in lists.enumerated() {
                for (elementNumber, element) in list.elements!.enumerated() {
                    guard let text = element.stringValue else {
                        let which = lists.count > 1 ? "element \(elementNumber) of list \(listNumber + 1)" : "element \(elementNumber)"
                        throw FunctionError("\(which) is null; cannot concatenate null values", argument: listNumber + 1)
                    }
                    items.append(text)
                }
            }
            return .string(items.joined(separator: args[0].stringValue!))
        },
        "substr": Function(parameters: [.init("str", .string), .init("offset", .number), .init("length", .number)], returns: .string) { args in
            .string(substring(args[0].stringValue!, offset: try integer(args[1], argument: 1), length: try integer(args[2], argument: 2)))
        },
        "replace": Function(parameters: [.init("str", .string), .init("substr", .string), .init("replace", .string)], returns: .string) { args in
            let s = args[0].stringValue!, search = args[1].stringValue!, replacement = args[2].stringValue!
            // A search string wrapped in slashes is a regular expression.
            if search.utf8.count > 1, search.hasPrefix("/"), search.hasSuffix("/") {
                let pattern: RE2Pattern
                do {
                    pattern = try RE2Pattern(String(search.dropFirst().dropLast()))
                } catch let error as RE2Pattern.SyntaxError {
                    throw FunctionError("error parsing regexp: \(error.code): `\(error.fragment)`", argument: 1)
                }
                return .string(pattern.replacingMatches(in: s, with: replacement))
            }
            return .string(GoStrings.replaceAll(s, search, with: replacement))
        },
        "format": Function(parameters: [.init("format", .string)], variadic: .init("args", .dynamic, allowNull: true), returns: .string) { args in
            do {
                return .string(try StringFormat.format(args[0].stringValue!, Array(args.dropFirst())))
            } catch let error as StringFormat.Failure {
                throw FunctionError(error.message)
            }
        },
        "formatlist": Function(
            parameters: [.init("format", .string)], variadic: .init("args", .dynamic, allowNull: true, allowUnknown: true),
            returns: .list(.string), formatList),
        "regex": Function(
            parameters: [.init("pattern", .string), .init("string", .string, allowUnknown: true)],
            returns: .dynamic
        ) { args in
            let pattern = try regexPattern(args[0])
            guard let s = args[1].stringValue else { return .unknown(regexResultType(pattern)) }
            guard let match = pattern.firstMatch(in: s) else {
                throw FunctionError("pattern did not match any part of the given string")
            }
            return regexResult(match, of: pattern, in: s)
        },
        "regexall": Function(
            parameters: [.init("pattern", .string), .init("string", .string, allowUnknown: true)],
            returns: .list(.dynamic)
        ) { args in
            let pattern = try regexPattern(args[0])
            let elementType = regexResultType(pattern)
            guard let s = args[1].stringValue else { return .unknown(.list(elementType)) }
            return .list(pattern.matches(in: s).map { regexResult($0, of: pattern, in: s) }, of: elementType)
        },
    ]

    private static func stringToString(_ name: String, _ transform: @escaping @Sendable (String) -> String) -> Function {
        Function(parameters: [.init(name, .string)], returns: .string) { args in .string(transform(args[0].stringValue!)) }
    }

    private static func twoStrings(
        _ first: String, _ second: String, returns: ValueType = .string,
        _ body: @escaping @Sendable (String, String) throws -> Value
    ) -> Function {
        Function(parameters: [.init(first, .string), .init(second, .string)], returns: returns) { args in
            try body(args[0].stringValue!, args[1].stringValue!)
        }
    }

    /// cty's `substr`, counting characters (grapheme clusters), quirks included: a negative
    /// offset counts from the end, and a negative length takes the rest of the string.
    static func substring(_ s: String, offset: Int, length: Int) -> String {
        let characters = Array(s)
        var start = offset
        if start < 0 {
            start = max(0, start + characters.count)
        } else if length == 0 {
            return ""
        }
        guard start <= characters.count else { return "" }
        let rest = characters[start...]
        guard length > 0 else { return String(rest) }
        return String(rest.prefix(length))
    }

    private static func formatList(_ args: [Value]) throws -> Value {
        let specification = args[0].stringValue!
        let arguments = Array(args.dropFirst())
        guard !arguments.isEmpty else {
            do { return .list([.string(try StringFormat.format(specification, []))], of: .string) } catch { throw FunctionError(error.message) }
        }
        // Sequences are iterated together; any other argument is repeated in every iteration.
        var length: Int?
        var lengthSource = 0
        var sequences: [[Value]?] = []
        var waitingOnUnknown = false
        for (index, argument) in arguments.enumerated() {
            let type = argument.type
            guard !argument.isNull, type.listElement != nil || type.setElement != nil || type.tupleElements != nil else {
                sequences.append(nil)
                continue
            }
            let count = argument.elements?.count ?? type.tupleElements?.count
            guard let count else {
                waitingOnUnknown = true
                sequences.append(nil)
                continue
            }
            if let length, count != length {
                throw FunctionError(
                    "argument \(index + 1) has length \(count), which is inconsistent with argument \(lengthSource + 1) of length \(length)",
                    argument: index + 1)
            }
            if length == nil {
                length = count
                lengthSource = index
            }
            if argument.elements == nil { waitingOnUnknown = true }
            sequences.append(argument.elements)
        }
        if waitingOnUnknown { return .unknown(.list(.string)) }
        var results: [Value] = []
        for iteration in 0..<(length ?? 1) {
            let values = arguments.indices.map { sequences[$0]?[iteration] ?? arguments[$0] }
            guard values.allSatisfy(\.isWhollyKnown) else {
                results.append(.unknown(.string))
                continue
            }
            do {
                results.append(.string(try StringFormat.format(specification, values)))
            } catch {
                throw FunctionError("error on format iteration \(iteration): \(error.message)")
            }
        }
        return .list(results, of: .string)
    }

    // MARK: Regular expressions

    private static func regexPattern(_ value: Value) throws -> RE2Pattern {
        let pattern: RE2Pattern
        do {
            pattern = try RE2Pattern(value.stringValue!)
        } catch {
            throw FunctionError("invalid regexp pattern: \(error.code) in \(error.fragment)", argument: 0)
        }
        let named = pattern.groupNames.contains { $0 != nil }, unnamed = pattern.groupNames.contains { $0 == nil }
        if named, unnamed {
            throw FunctionError("invalid regexp pattern: cannot mix both named and unnamed capture groups", argument: 0)
        }
        return pattern
    }

    /// A string without capture groups, a tuple of strings for unnamed groups, an object for
    /// named ones.
    private static func regexResultType(_ pattern: RE2Pattern) -> ValueType {
        if pattern.groupNames.isEmpty { return .string }
        if pattern.groupNames.allSatisfy({ $0 == nil }) { return .tuple(pattern.groupNames.map { _ in .string }) }
        return .object(Dictionary(pattern.groupNames.compactMap { $0 }.map { ($0, ValueType.string) }) { first, _ in first })
    }

    private static func regexResult(_ match: RE2Pattern.Match, of pattern: RE2Pattern, in s: String) -> Value {
        func group(_ index: Int) -> Value { match[index].map { .string(String(s[$0])) } ?? .null(.string) }
        if pattern.groupNames.isEmpty { return group(0) }
        if pattern.groupNames.allSatisfy({ $0 == nil }) { return .tuple(pattern.groupNames.indices.map { group($0 + 1) }) }
        var attributes: [String: Value] = [:]
        for (index, name) in pattern.groupNames.enumerated() { attributes[name!] = group(index + 1) }
        return .object(attributes)
    }
}
