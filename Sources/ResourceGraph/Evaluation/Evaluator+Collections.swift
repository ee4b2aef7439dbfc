extension Evaluator {
    mutating func evaluateObject(_ items: [ObjectItem], range: SourceRange) -> Value {
        var attributes: [String: Value] = [:]
        var keysKnown = true
        var sensitive = false
        for item in items {
            let value = evaluate(item.value)
            let name: String
            switch item.key {
            case .name(let n, _):
                name = n
            case .expression(let keyExpression):
                let key = evaluate(keyExpression)
                guard key.isKnown else { keysKnown = false; continue }
                guard !key.isNull, let keyString = try? key.converted(to: .string).stringValue else {
                    error("Incorrect key type", "Can't use this value as a key: \(key.isNull ? "null" : key.type.friendlyName) is not a string.", at: keyExpression.range, context: range)
                    continue
                }
                sensitive = sensitive || key.isSensitive
                name = keyString
            }
            attributes[name] = value
        }
        guard keysKnown else { return Value.unknown(.dynamic) }
        return Value.object(attributes).markedSensitive(sensitive)
    }

    mutating func evaluateSplat(source sourceExpression: Expression, each: Expression, range: SourceRange) -> Value {
        let source = evaluate(sourceExpression)
        if !source.isKnown { return Value.unknown(.dynamic).markedSensitive(source.isSensitive) }
        if source.isNull { return .emptyTuple }
        // A single value is treated as a list of one, so `var.maybe_object[*].id` works.
        let items = source.elements ?? [source]
        var results: [Value] = []
        results.reserveCapacity(items.count)
        for item in items {
            splatItems.append(item)
            results.append(evaluate(each))
            splatItems.removeLast()
        }
        let result: Value
        switch source.kind {
        case .list, .set:
            if let elementType = ValueType.unify(results.map(\.type)),
               let converted = try? Value.convertElements(results, to: elementType) {
                result = .list(converted.0, of: converted.1)
            } else {
                result = .tuple(results)
            }
        default:
            result = .tuple(results)
        }
        return result.markedSensitive(source.isSensitive)
    }

    mutating func evaluateFor(_ expression: ForExpression, range: SourceRange) -> Value {
        let collection = evaluate(expression.collection)
        let isObject = expression.keyExpression != nil
        if !collection.isKnown { return Value.unknown(.dynamic).markedSensitive(collection.isSensitive) }
        if collection.isNull {
            error("Iteration over null value", "A null value cannot be used as the collection in a 'for' expression.", at: expression.collection.range, context: range)
            return .unknown()
        }
        guard let pairs = Evaluator.iterationPairs(of: collection) else {
            error("Iteration over non-iterable value", "A value of type \(collection.type) cannot be used as the collection in a 'for' expression.", at: expression.collection.range, context: range)
            return .unknown()
        }

        var tupleItems: [Value] = []
        var objectItems: [String: Value] = [:]
        var groups: [String: [Value]] = [:]
        var resultKnown = true
        for (key, value) in pairs {
            var names = [expression.valueVariable: value]
            if let keyName = expression.keyVariable { names[keyName] = key }
            let scoped = Evaluator(context: context.binding(names), splatItems: splatItems)
            var inner = scoped
            defer { diagnostics.append(contentsOf: inner.diagnostics) }

            if let conditionExpression = expression.condition {
                let condition = inner.evaluate(conditionExpression)
                if !condition.isKnown { resultKnown = false; continue }
                guard !condition.isNull, let include = try? condition.converted(to: .bool).boolValue else {
                    inner.error("Invalid 'for' condition", "The 'if' clause value is invalid: a bool is required.", at: conditionExpression.range, context: range)
                    continue
                }
                if !include { continue }
            }
            let element = inner.evaluate(expression.valueExpression)
            guard let keyExpression = expression.keyExpression else {
                tupleItems.append(element)
                continue
            }
            let keyValue = inner.evaluate(keyExpression)
            if !keyValue.isKnown { resultKnown = false; continue }
            guard !keyValue.isNull, let name = try? keyValue.converted(to: .string).stringValue else {
                inner.error("Invalid object key", "The key expression produced an invalid result: a string is required.", at: keyExpression.range, context: range)
                continue
            }
            if expression.grouped {
                groups[name, default: []].append(element)
            } else if objectItems[name] != nil {
                inner.error(
                    "Duplicate object key",
                    "Two different items produced the key \"\(name)\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.",
                    at: keyExpression.range, context: range)
            } else {
                objectItems[name] = element
            }
        }
        guard resultKnown else { return Value.unknown(.dynamic).markedSensitive(collection.isSensitive) }
        let result: Value
        if isObject {
            result = expression.grouped ? .object(groups.mapValues { .tuple($0) }) : .object(objectItems)
        } else {
            result = .tuple(tupleItems)
        }
        return result.markedSensitive(collection.isSensitive)
    }

    init(context: EvaluationContext, splatItems: [Value]) {
        self.init(context: context)
        self.splatItems = splatItems
    }

    /// Key and value for each element: indexes for lists and tuples, the element itself for
    /// sets, keys in lexical order for maps and objects.
    static func iterationPairs(of collection: Value) -> [(Value, Value)]? {
        switch collection.kind {
        case .list(let elements, _), .tuple(let elements):
            return elements.enumerated().map { (.number($0.offset), $0.element) }
        case .set(let elements, _):
            return elements.map { ($0, $0) }
        case .map(let entries, _), .object(let entries):
            return entries.keys.sorted().map { (.string($0), entries[$0]!) }
        default:
            return nil
        }
    }
}
