extension Evaluator {
    mutating func evaluateTraversal(_ traversal: Traversal) -> Value {
        if let root = context.variables[traversal.root] {
            return apply(traversal.steps[...], to: root)
        }
        if let resolver = context.resolver, let resolution = resolver(traversal) {
            switch resolution {
            case .value(let value, let consumed):
                return apply(traversal.steps.dropFirst(consumed), to: value)
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                return .unknown()
            }
        }
        let suggestion = NameSuggestion.didYouMean(traversal.root, in: context.variables.keys)
        error("Unknown variable", "There is no variable named \"\(traversal.root)\".\(suggestion)", at: traversal.rootRange)
        return .unknown()
    }

    mutating func apply(_ steps: ArraySlice<TraversalStep>, to root: Value) -> Value {
        var value = root
        for step in steps {
            switch step {
            case .attribute(let name, let range):
                value = attribute(name, of: value, range: range)
            case .index(let key, let range):
                value = index(value, by: key, range: range, context: nil)
            }
        }
        return value
    }

    mutating func attribute(_ name: String, of value: Value, range: SourceRange) -> Value {
        let result: Value
        switch value.kind {
        case .unknown(let type):
            if case .object(let attributes) = type {
                guard let attributeType = attributes[name] else {
                    unsupportedAttribute(name, candidates: attributes.keys, range: range)
                    return .unknown()
                }
                result = .unknown(attributeType)
            } else {
                result = .unknown(type.elementType ?? .dynamic)
            }
        case .null:
            error("Attempt to get attribute from null value", "This value is null, so it does not have any attributes.", at: range)
            return .unknown()
        case .object(let attributes):
            guard let found = attributes[name] else {
                unsupportedAttribute(name, candidates: attributes.keys, range: range)
                return .unknown()
            }
            result = found
        case .map(let entries, _):
            guard let found = entries[name] else {
                error("Missing map element", "This map does not have an element with the key \"\(name)\".", at: range)
                return .unknown()
            }
            result = found
        case .list, .tuple, .set:
            error("Unsupported attribute", "Can't access attributes on a list of objects. Did you mean to access attribute \"\(name)\" for a specific element of the list, or across all elements of the list (with [*])?", at: range)
            return .unknown()
        default:
            error("Unsupported attribute", "Can't access attributes on a primitive-typed value (\(value.type)).", at: range)
            return .unknown()
        }
        return value.isSensitive ? result.markedSensitive() : result
    }

    private mutating func unsupportedAttribute(_ name: String, candidates: Dictionary<String, some Any>.Keys, range: SourceRange) {
        let suggestion = NameSuggestion.didYouMean(name, in: candidates)
        error("Unsupported attribute", "This object does not have an attribute named \"\(name)\".\(suggestion)", at: range)
    }

    mutating func index(_ collection: Value, by key: Value, range: SourceRange, context: SourceRange?) -> Value {
        let sensitive = collection.isSensitive || key.isSensitive
        if !key.isKnown || !collection.isKnown {
            return Value.unknown(collection.type.elementType ?? .dynamic).markedSensitive(sensitive)
        }
        if key.isNull {
            error("Invalid index", "Can't use a null value as an indexing key.", at: range, context: context)
            return .unknown()
        }
        let result: Value
        switch collection.kind {
        case .null:
            error("Attempt to index null value", "This value is null, so it does not have any indices.", at: range, context: context)
            return .unknown()
        case .list(let elements, _), .tuple(let elements):
            guard let number = try? key.converted(to: .number).numberValue, let position = number.intValue else {
                error("Invalid index", "The given key does not identify an element in this collection value: a whole number is required.", at: range, context: context)
                return .unknown()
            }
            guard position >= 0 else {
                error("Invalid index", "The given key does not identify an element in this collection value: a negative number is not a valid index.", at: range, context: context)
                return .unknown()
            }
            guard position < elements.count else {
                let size = elements.isEmpty ? "the collection is empty" : "the collection has \(elements.count) element\(elements.count == 1 ? "" : "s")"
                error("Invalid index", "The given key does not identify an element in this collection value: \(size).", at: range, context: context)
                return .unknown()
            }
            result = elements[position]
        case .map(let entries, _), .object(let entries):
            guard let name = try? key.converted(to: .string).stringValue else {
                error("Invalid index", "The given key does not identify an element in this collection value: a string key is required.", at: range, context: context)
                return .unknown()
            }
            guard let found = entries[name] else {
                let suggestion = NameSuggestion.didYouMean(name, in: entries.keys)
                error("Invalid index", "The given key does not identify an element in this collection value.\(suggestion)", at: range, context: context)
                return .unknown()
            }
            result = found
        case .set:
            error("Invalid index", "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.", at: range, context: context)
            return .unknown()
        default:
            error("Invalid index", "This value does not have any indices.", at: range, context: context)
            return .unknown()
        }
        return result.markedSensitive(sensitive)
    }
}
