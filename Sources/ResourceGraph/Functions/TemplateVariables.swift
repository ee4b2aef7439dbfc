/// The names a template refers to that are not bound inside it by `for` expressions or
/// `%{ for }` directives, in source order, so `templatefile` can report a missing variable the
/// way Terraform does before evaluating anything.
enum TemplateVariables {
    static func references(in expression: Expression) -> [Traversal] {
        var found: [Traversal] = []
        collect(expression, bound: [], into: &found)
        return found
    }

    private static func collect(_ expression: Expression, bound: Set<String>, into found: inout [Traversal]) {
        switch expression.node {
        case .traversal(let traversal):
            if !bound.contains(traversal.root) { found.append(traversal) }
        case .template(let parts):
            for part in parts { collect(part, bound: bound, into: &found) }
        case .forExpression(let loop):
            collect(loop.collection, bound: bound, into: &found)
            let inner = bound.union([loop.keyVariable, loop.valueVariable].compactMap { $0 })
            for child in [loop.keyExpression, loop.valueExpression, loop.condition].compactMap({ $0 }) {
                collect(child, bound: inner, into: &found)
            }
        default:
            for child in expression.node.children { collect(child, bound: bound, into: &found) }
        }
    }

    private static func collect(_ part: TemplatePart, bound: Set<String>, into found: inout [Traversal]) {
        switch part {
        case .literal: break
        case .interpolation(let expression): collect(expression, bound: bound, into: &found)
        case .conditional(let condition, let then, let otherwise, _):
            collect(condition, bound: bound, into: &found)
            for inner in then + otherwise { collect(inner, bound: bound, into: &found) }
        case .loop(let key, let value, let collection, let body, _):
            collect(collection, bound: bound, into: &found)
            let inner = bound.union([key, value].compactMap { $0 })
            for part in body { collect(part, bound: inner, into: &found) }
        }
    }
}
