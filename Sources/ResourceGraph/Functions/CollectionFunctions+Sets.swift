extension FunctionLibrary {
    /// Set algebra. Arguments are converted to sets whose element types unify, as cty does.
    static let setFunctions: [String: Function] = [
        "setunion": setOperation("first_set", "other_sets") { sets in sets.flatMap { $0 } },
        "setintersection": setOperation("first_set", "other_sets") { sets in
            sets.dropFirst().reduce(sets[0]) { result, set in result.filter(set.contains) }
        },
        "setsubtract": Function(parameters: [.init("a", .set(.dynamic)), .init("b", .set(.dynamic))], returnType: { ValueType.unify($0) ?? .dynamic }) { args in
            let (sets, elementType) = try unifiedSets(args)
            return .set(sets[0].filter { !sets[1].contains($0) }, of: elementType)
        },
        "setproduct": Function(parameters: [], variadic: .init("sets", .dynamic), returns: .dynamic, setProduct),
    ]

    private static func setOperation(_ first: String, _ others: String, _ combine: @escaping @Sendable ([[Value]]) -> [Value]) -> Function {
        Function(parameters: [.init(first, .set(.dynamic))], variadic: .init(others, .set(.dynamic)), returnType: { ValueType.unify($0) ?? .dynamic }) { args in
            let (sets, elementType) = try unifiedSets(args)
            return .set(combine(sets), of: elementType)
        }
    }

    private static func unifiedSets(_ args: [Value]) throws -> ([[Value]], ValueType) {
        guard let common = ValueType.unify(args.map(\.type)), let elementType = common.setElement else {
            throw FunctionError("given sets must all have compatible element types")
        }
        let sets = try args.map { try $0.converted(to: common).elements! }
        return (sets, elementType)
    }

    /// Every combination, one element from each argument in turn, as tuples. A list when every
    /// argument is a list (or tuple), in the arguments' order; otherwise a set.
    private static func setProduct(_ args: [Value]) throws -> Value {
        guard args.count >= 2 else { throw FunctionError("at least two arguments are required") }
        var columns: [[Value]] = []
        var elementTypes: [ValueType] = []
        var allLists = true
        for (index, argument) in args.enumerated() {
            let type = argument.type
            guard type.listElement != nil || type.setElement != nil || type.tupleElements != nil else {
                throw FunctionError("a set or a list is required", argument: index)
            }
            if type.setElement != nil { allLists = false }
            let target: ValueType = type.setElement != nil ? .set(.dynamic) : .list(.dynamic)
            guard let converted = try? argument.converted(to: target) else {
                throw FunctionError("all elements must have the same type", argument: index)
            }
            columns.append(converted.elements!)
            elementTypes.append(converted.type.elementType ?? .dynamic)
        }
        var rows: [[Value]] = [[]]
        for column in columns {
            rows = rows.flatMap { row in column.map { row + [$0] } }
        }
        let tuples = rows.map(Value.tuple)
        return allLists ? .list(tuples, of: .tuple(elementTypes)) : .set(tuples, of: .tuple(elementTypes))
    }
}
