extension FunctionLibrary {
    static let collectionFunctions: [String: Function] = sequenceFunctions
        .merging(mappingFunctions) { first, _ in first }
        .merging(setFunctions) { first, _ in first }

    /// Functions over lists, tuples and sets, and `length`, which takes anything countable.
    private static let sequenceFunctions: [String: Function] = [
        "length": Function(parameters: [.init("value", .dynamic, allowUnknown: true)], returns: .number) { args in
            try length(of: args[0])
        },
        "alltrue": Function(parameters: [.init("list", .list(.bool), allowUnknown: true)], returns: .bool) { args in
            guard let elements = args[0].elements else { return .unknown(.bool) }
            for element in elements {
                guard element.isKnown else { return .unknown(.bool) }
                if element.boolValue != true { return .false }
            }
            return .true
        },
        "anytrue": Function(parameters: [.init("list", .list(.bool), allowUnknown: true)], returns: .bool) { args in
            guard let elements = args[0].elements else { return .unknown(.bool) }
            if elements.contains(where: { $0.boolValue == true }) { return .true }
            return elements.allSatisfy(\.isKnown) ? .false : .unknown(.bool)
        },
        "chunklist": Function(
            parameters: [.init("list", .list(.dynamic)), .init("size", .number)],
            returnType: { types in .list(types[0]) }
        ) { args in
            let list = args[0], elementType = list.type.elementType ?? .dynamic
            let size = try integer(args[1], argument: 1)
            guard size >= 0 else { throw FunctionError("the size argument must be positive", argument: 1) }
            let elements = list.elements!
            if elements.isEmpty { return .list([], of: list.type) }
            if size == 0 { return .list([list], of: list.type) }
            let chunks = stride(from: 0, to: elements.count, by: size).map {
                Value.list(Array(elements[$0..<min($0 + size, elements.count)]), of: elementType)
            }
            return .list(chunks, of: list.type)
        }.passingNestedUnknowns(),
        "coalesce": Function(
            parameters: [], variadic: .init("vals", .dynamic, allowNull: true, allowUnknown: true),
            returnType: { types in ValueType.unify(types) ?? .dynamic }
        ) { args in
            guard let type = ValueType.unify(args.map(\.type)) else { throw FunctionError("all arguments must have the same type") }
            for argument in args {
                guard let value = try? argument.converted(to: type) else { throw FunctionError("all arguments must have the same type") }
                if !value.isKnown { return .unknown(type) }
                if value.isNull || value.stringValue == "" { continue }
                return value
            }
            throw FunctionError("no non-null, non-empty-string arguments")
        },
        "coalescelist": Function(parameters: [], variadic: .init("vals", .dynamic, allowUnknown: true), returns: .dynamic) { args in
            guard !args.isEmpty else { throw FunctionError("at least one argument is required") }
            for (index, argument) in args.enumerated() where argument.type.listElement == nil && argument.type.tupleElements == nil {
                throw FunctionError("coalescelist arguments must be lists or tuples, got \(argument.type.ctyFriendlyName)", argument: index)
            }
            for argument in args {
                guard let elements = argument.elements else { return .unknown() }
                if !elements.isEmpty { return argument }
            }
            throw FunctionError("no non-null arguments")
        },
        "compact": Function(parameters: [.init("list", .list(.string))], returns: .list(.string)) { args in
            .list(args[0].elements!.filter { !($0.isNull || $0.stringValue == "") }, of: .string)
        },
        "concat": Function(parameters: [], variadic: .init("seqs", .dynamic), returnType: concatenationType) { args in
            guard !args.isEmpty else { throw FunctionError("at least one argument is required") }
            if case .list(let element) = concatenationType(args.map(\.type)) {
                return .list(try args.flatMap { try $0.converted(to: .list(element)).elements! }, of: element)
            }
            var elements: [Value] = []
            for (index, argument) in args.enumerated() {
                guard argument.type.listElement != nil || argument.type.tupleElements != nil else {
                    throw FunctionError("all arguments must be lists or tuples; got \(argument.type.ctyFriendlyName)", argument: index)
                }
                elements += argument.elements!
            }
            return .tuple(elements)
        }.passingNestedUnknowns(),
        "contains": Function(parameters: [.init("list", .dynamic), .init("value", .dynamic)], returns: .bool) { args in
            guard let elements = args[0].elements else { throw FunctionError("argument must be list, tuple, or set", argument: 0) }
            return .bool(elements.contains { $0.equals(args[1]) == true })
        },
        "distinct": Function(parameters: [.init("list", .list(.dynamic))], returnType: { $0[0] }) { args in
            var seen = Set<Value>()
            let unique = args[0].elements!.filter { seen.insert($0).inserted }
            return .list(unique, of: args[0].type.elementType ?? .dynamic)
        },
        "element": Function(
            parameters: [.init("list", .dynamic), .init("index", .number)],
            returnType: { types in types[0].listElement ?? .dynamic }
        ) { args in
            guard args[0].type.listElement != nil || args[0].type.tupleElements != nil, let elements = args[0].elements else {
                throw FunctionError("cannot read elements from \(args[0].type.ctyFriendlyName)", argument: 0)
            }
            let index = try integer(args[1], argument: 1)
            guard !elements.isEmpty else { throw FunctionError("cannot use element function with an empty list", argument: 0) }
            // Indexes wrap around in both directions: -1 is the last element.
            return elements[((index % elements.count) + elements.count) % elements.count]
        }.passingNestedUnknowns(),
        "flatten": Function(parameters: [.init("list", .dynamic)], returns: .dynamic) { args in
            guard args[0].elements != nil else { throw FunctionError("can only flatten lists, sets and tuples", argument: 0) }
            // A nested list that is not known yet has an unknown length, so the result is
            // unknown as a whole; unknown plain values just take their place.
            guard let elements = flattened(args[0]) else { return .unknown(.dynamic) }
            return .tuple(elements)
        }.passingNestedUnknowns(),
        "index": Function(parameters: [.init("list", .dynamic), .init("value", .dynamic)], returns: .number) { args in
            guard args[0].type.listElement != nil || args[0].type.tupleElements != nil, let elements = args[0].elements else {
                throw FunctionError("argument must be a list or tuple", argument: 0)
            }
            guard !elements.isEmpty else { throw FunctionError("cannot search an empty list", argument: 0) }
            guard let position = elements.firstIndex(where: { $0.equals(args[1]) == true }) else { throw FunctionError("item not found") }
            return .number(position)
        },
        "matchkeys": Function(
            parameters: [.init("values", .list(.dynamic)), .init("keys", .list(.dynamic)), .init("searchset", .list(.dynamic))],
            returnType: { $0[0] }
        ) { args in
            let values = args[0].elements!, elementType = args[0].type.elementType ?? .dynamic
            guard let common = ValueType.unify([args[1].type, args[2].type]),
                  let keys = try? args[1].converted(to: common).elements, let searchset = try? args[2].converted(to: common).elements
            else { throw FunctionError("keys and searchset must be of the same type") }
            guard values.count == keys.count else { throw FunctionError("length of keys and values should be equal") }
            let matched = zip(values, keys).filter { _, key in searchset.contains { key.equals($0) == true } }.map(\.0)
            return .list(matched, of: elementType)
        },
        "one": Function(parameters: [.init("list", .dynamic)], returnType: { types in types[0].elementType ?? .dynamic }) { args in
            let invalid = FunctionError("must be a list, set, or tuple value with either zero or one elements", argument: 0)
            guard let elements = args[0].elements, elements.count <= 1 else { throw invalid }
            return elements.first ?? .null(args[0].type.elementType ?? .dynamic)
        }.passingNestedUnknowns(),
        "range": Function(parameters: [], variadic: .init("params", .number), returns: .list(.number), numberRange),
        "reverse": Function(parameters: [.init("list", .dynamic, allowUnknown: true)], returnType: { types in
            if case .tuple(let elements) = types[0] { return .tuple(elements.reversed()) }
            return types[0]
        }) { args in
            switch args[0].kind {
            case .list(let elements, let type): return .list(elements.reversed(), of: type)
            case .tuple(let elements): return .tuple(elements.reversed())
            case .unknown(.tuple(let types)): return .unknown(.tuple(types.reversed()))
            case .unknown(let type) where type.listElement != nil || type == .dynamic: return .unknown(type)
            default: throw FunctionError("can only reverse list or tuple values, not \(args[0].type.ctyFriendlyName)", argument: 0)
            }
        },
        "slice": Function(
            parameters: [.init("list", .dynamic), .init("start_index", .number), .init("end_index", .number)],
            returnType: { types in types[0].tupleElements != nil ? .dynamic : types[0] }
        ) { args in
            if args[0].type.setElement != nil {
                throw FunctionError("cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important", argument: 0)
            }
            guard args[0].type.listElement != nil || args[0].type.tupleElements != nil, let elements = args[0].elements else {
                throw FunctionError("must be a list or tuple value", argument: 0)
            }
            let start = try integer(args[1], argument: 1), end = try integer(args[2], argument: 2)
            guard start >= 0 else { throw FunctionError("from index must be >= 0", argument: 1) }
            guard end <= elements.count else { throw FunctionError("to index must be <= length of the input list", argument: 2) }
            guard start <= end else { throw FunctionError("from index must be <= to index", argument: 1) }
            let slice = Array(elements[start..<end])
            if case .list(_, let type) = args[0].kind { return .list(slice, of: type) }
            return .tuple(slice)
        }.passingNestedUnknowns(),
        "sort": Function(parameters: [.init("list", .list(.string))], returns: .list(.string)) { args in
            var strings: [String] = []
            for (index, element) in args[0].elements!.enumerated() {
                guard let text = element.stringValue else {
                    throw FunctionError("given list element \(index) is null; a null string cannot be sorted", argument: 0)
                }
                strings.append(text)
            }
            return .list(strings.sorted(by: String.goOrder).map(Value.string), of: .string)
        },
        "sum": Function(parameters: [.init("list", .dynamic)], returns: .number) { args in
            guard let elements = args[0].elements ?? args[0].attributes.map({ Array($0.values) }) else {
                throw FunctionError("cannot sum noniterable", argument: 0)
            }
            guard !elements.isEmpty else { throw FunctionError("cannot sum an empty list", argument: 0) }
            guard args[0].isSequence else {
                throw FunctionError("argument must be list, set, or tuple. Received \(args[0].type.ctyFriendlyName)", argument: 0)
            }
            var total = Number.zero
            for element in elements {
                guard !element.isNull, let number = (try? element.converted(to: .number))?.numberValue else {
                    throw FunctionError("argument must be list, set, or tuple of number values", argument: 0)
                }
                total = total + number
            }
            return .number(total)
        },
    ]

    static func length(of value: Value) throws -> Value {
        switch value.kind {
        case .string(let s): return .number(graphemeCount(s))
        case .list(let elements, _), .tuple(let elements): return .number(elements.count)
        case .map(let entries, _), .object(let entries): return .number(entries.count)
        // Unknown elements of a set may turn out equal and merge, so the count is not known yet.
        case .set(let elements, _): return elements.allSatisfy(\.isWhollyKnown) ? .number(elements.count) : .unknown(.number)
        case .unknown(.tuple(let types)): return .number(types.count)
        case .unknown(.object(let types)): return .number(types.count)
        case .unknown(.string), .unknown(.list), .unknown(.set), .unknown(.map), .unknown(.dynamic): return .unknown(.number)
        default: throw FunctionError("argument must be a string, a collection type, or a structural type", argument: 0)
        }
    }

    /// A list when every argument is a list and their types unify; otherwise a tuple.
    private static func concatenationType(_ types: [ValueType]) -> ValueType {
        if !types.isEmpty, types.allSatisfy({ $0.listElement != nil }), let unified = ValueType.unify(types) { return unified }
        if types.allSatisfy({ $0.tupleElements != nil }) { return .tuple(types.flatMap { $0.tupleElements! }) }
        return .dynamic
    }

    /// Elements of nested lists, sets and tuples, depth first.
    private static func flattened(_ value: Value) -> [Value]? {
        var result: [Value] = []
        for element in value.elements! {
            if !element.isKnown, !element.type.isPrimitive { return nil }
            if element.elements != nil {
                guard let inner = flattened(element) else { return nil }
                result += inner
            } else {
                result.append(element)
            }
        }
        return result
    }

    /// cty's `range`: one, two or three arguments; at most 1024 values.
    private static func numberRange(_ args: [Value]) throws -> Value {
        let numbers = args.map { $0.numberValue! }
        var start = Number.zero, end: Number, step = Number(1)
        switch numbers.count {
        case 1:
            end = numbers[0]
            if end < .zero { step = -1 }
        case 2:
            start = numbers[0]
            end = numbers[1]
            if end < start { step = -1 }
        case 3:
            (start, end, step) = (numbers[0], numbers[1], numbers[2])
        default:
            throw FunctionError("must have one, two, or three arguments")
        }
        guard step != .zero else { throw FunctionError("step must not be zero", argument: 2) }
        let down = step < .zero
        if down, end > start { throw FunctionError("end must be less than start when step is negative", argument: 1) }
        if !down, end < start { throw FunctionError("end must be greater than start when step is positive", argument: 1) }
        var values: [Value] = []
        var current = start
        while down ? current > end : current < end {
            guard values.count < 1024 else {
                throw FunctionError("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step")
            }
            values.append(.number(current))
            current = current + step
        }
        return .list(values, of: .number)
    }
}
