extension Evaluator {
    mutating func evaluateTemplate(_ parts: [TemplatePart], range: SourceRange) -> Value {
        var output = ""
        var known = true
        var sensitive = false
        render(parts, into: &output, known: &known, sensitive: &sensitive, range: range)
        return (known ? Value.string(output) : Value.unknown(.string)).markedSensitive(sensitive)
    }

    private mutating func render(_ parts: [TemplatePart], into output: inout String, known: inout Bool, sensitive: inout Bool, range: SourceRange) {
        for part in parts {
            switch part {
            case .literal(let text, _):
                output += text
            case .interpolation(let expression):
                let value = evaluate(expression)
                sensitive = sensitive || value.containsSensitive
                if !value.isKnown { known = false; continue }
                if value.isNull {
                    error("Invalid template interpolation value", "The expression result is null. Cannot include a null value in a string template.", at: expression.range, context: range)
                    continue
                }
                guard let text = try? value.converted(to: .string).stringValue else {
                    error("Invalid template interpolation value", "Cannot include the given value in a string template: string required, but have \(value.type.friendlyName).", at: expression.range, context: range)
                    continue
                }
                output += text
            case .conditional(let conditionExpression, let then, let otherwise, let directiveRange):
                let condition = evaluate(conditionExpression)
                sensitive = sensitive || condition.isSensitive
                if !condition.isKnown { known = false; continue }
                guard !condition.isNull, let choice = try? condition.converted(to: .bool).boolValue else {
                    error("Invalid template if condition", "The condition of an %{ if } directive must be a bool.", at: conditionExpression.range, context: directiveRange)
                    continue
                }
                render(choice ? then : otherwise, into: &output, known: &known, sensitive: &sensitive, range: range)
            case .loop(let keyName, let valueName, let collectionExpression, let body, let directiveRange):
                let collection = evaluate(collectionExpression)
                sensitive = sensitive || collection.isSensitive
                if !collection.isKnown { known = false; continue }
                guard !collection.isNull, let pairs = Evaluator.iterationPairs(of: collection) else {
                    error("Invalid template for collection", "The collection of a %{ for } directive must be a list, set, map or object.", at: collectionExpression.range, context: directiveRange)
                    continue
                }
                for (key, value) in pairs {
                    var names = [valueName: value]
                    if let keyName { names[keyName] = key }
                    var inner = Evaluator(context: context.binding(names), splatItems: splatItems)
                    inner.render(body, into: &output, known: &known, sensitive: &sensitive, range: range)
                    diagnostics.append(contentsOf: inner.diagnostics)
                }
            }
        }
    }
}
