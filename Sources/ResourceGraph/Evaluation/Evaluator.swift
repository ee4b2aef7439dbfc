/// Evaluates expressions to values. Errors become diagnostics pointing at the exact
/// sub-expression, and the failed part evaluates to an unknown value so that one mistake does not
/// cascade into a dozen follow-on errors.
public struct Evaluator {
    let context: EvaluationContext
    var diagnostics = Diagnostics()
    /// The elements a splat is currently iterating over, innermost last.
    var splatItems: [Value] = []

    public static func evaluate(_ expression: Expression, in context: EvaluationContext) -> (Value, Diagnostics) {
        var evaluator = Evaluator(context: context)
        let value = evaluator.evaluate(expression)
        return (value, evaluator.diagnostics)
    }

    init(context: EvaluationContext) {
        self.context = context
    }

    mutating func error(_ summary: String, _ detail: String, at range: SourceRange, context: SourceRange? = nil) {
        diagnostics.append(Diagnostic(.error, summary: summary, detail: detail, subject: range, context: context))
    }

    mutating func evaluate(_ expression: Expression) -> Value {
        switch expression.node {
        case .literal(let value):
            return value
        case .template(let parts):
            return evaluateTemplate(parts, range: expression.range)
        case .templateWrap(let inner):
            return evaluate(inner)
        case .traversal(let traversal):
            return evaluateTraversal(traversal)
        case .relativeTraversal(let base, let steps):
            return apply(steps[...], to: evaluate(base))
        case .functionCall(let call):
            return evaluateCall(call, range: expression.range)
        case .tuple(let elements):
            return .tuple(elements.map { evaluate($0) })
        case .object(let items):
            return evaluateObject(items, range: expression.range)
        case .unary(let op, let operand):
            return evaluateUnary(op, operand, range: expression.range)
        case .binary(let op, let lhs, let rhs):
            return evaluateBinary(op, lhs, rhs, range: expression.range)
        case .conditional(let condition, let then, let otherwise):
            return evaluateConditional(condition, then, otherwise, range: expression.range)
        case .index(let collection, let key):
            let keyValue = evaluate(key)
            return index(evaluate(collection), by: keyValue, range: key.range, context: expression.range)
        case .splat(let source, let each):
            return evaluateSplat(source: source, each: each, range: expression.range)
        case .splatItem:
            return splatItems.last ?? .unknown()
        case .forExpression(let forExpression):
            return evaluateFor(forExpression, range: expression.range)
        case .parenthesized(let inner):
            return evaluate(inner)
        }
    }

    /// Evaluates in a separate evaluator that shares this one's context and splat state, so the
    /// caller can decide what to do with the diagnostics (as `try`, `can` and conditionals do).
    func evaluateIsolated(_ expression: Expression, bindings: [String: Value]? = nil) -> (Value, Diagnostics) {
        var inner = Evaluator(context: bindings.map { context.binding($0) } ?? context)
        inner.splatItems = splatItems
        let value = inner.evaluate(expression)
        return (value, inner.diagnostics)
    }
}
