/// What a reference in an expression points at, within the module it appears in.
public enum ReferenceSubject: Hashable, Sendable, CustomStringConvertible {
    case inputVariable(String)
    case localValue(String)
    /// A resource or data source (`mode`, `type`, `name` within the module).
    case resource(ResourceMode, type: String, name: String)
    case moduleCall(String)
    case countAttribute(String)
    case eachAttribute(String)
    case pathAttribute(String)
    case terraformAttribute(String)
    case selfObject

    public var description: String {
        switch self {
        case .inputVariable(let n): return "var.\(n)"
        case .localValue(let n): return "local.\(n)"
        case .resource(.managed, let t, let n): return "\(t).\(n)"
        case .resource(.data, let t, let n): return "data.\(t).\(n)"
        case .moduleCall(let n): return "module.\(n)"
        case .countAttribute(let a): return "count.\(a)"
        case .eachAttribute(let a): return "each.\(a)"
        case .pathAttribute(let a): return "path.\(a)"
        case .terraformAttribute(let a): return "terraform.\(a)"
        case .selfObject: return "self"
        }
    }
}

/// A reference found in an expression: its subject, where it is written, and the steps that
/// follow the subject (`.id` in `aws_vpc.main.id`).
public struct Reference: Sendable {
    public var subject: ReferenceSubject
    public var range: SourceRange
    public var remainingSteps: [TraversalStep]
    public var traversal: Traversal
}

public enum ReferenceExtractor {
    /// Every traversal in the expression that refers to something outside it, with names bound
    /// by `for` expressions and template loops masked out.
    public static func traversals(in expression: Expression) -> [Traversal] {
        var found: [Traversal] = []
        collect(expression, bound: [], into: &found)
        return found
    }

    private static func collect(_ expression: Expression, bound: Set<String>, into found: inout [Traversal]) {
        switch expression.node {
        case .traversal(let t):
            if !bound.contains(t.root) { found.append(t) }
        case .forExpression(let f):
            collect(f.collection, bound: bound, into: &found)
            var inner = bound
            inner.insert(f.valueVariable)
            if let key = f.keyVariable { inner.insert(key) }
            for e in [f.keyExpression, f.valueExpression, f.condition].compactMap({ $0 }) {
                collect(e, bound: inner, into: &found)
            }
        case .template(let parts):
            for part in parts { collect(part, bound: bound, into: &found) }
        default:
            for child in expression.node.children { collect(child, bound: bound, into: &found) }
        }
    }

    private static func collect(_ part: TemplatePart, bound: Set<String>, into found: inout [Traversal]) {
        switch part {
        case .literal: break
        case .interpolation(let e): collect(e, bound: bound, into: &found)
        case .conditional(let c, let t, let f, _):
            collect(c, bound: bound, into: &found)
            for p in t + f { collect(p, bound: bound, into: &found) }
        case .loop(let key, let value, let collection, let body, _):
            collect(collection, bound: bound, into: &found)
            var inner = bound
            inner.insert(value)
            if let key { inner.insert(key) }
            for p in body { collect(p, bound: inner, into: &found) }
        }
    }

    /// Interprets a traversal as a reference, or explains why it is not a valid one.
    public static func reference(from traversal: Traversal) -> Result<Reference, Diagnostic> {
        let steps = traversal.steps
        func attribute(_ i: Int) -> String? {
            guard i < steps.count, case .attribute(let name, _) = steps[i] else { return nil }
            return name
        }
        func make(_ subject: ReferenceSubject, consumed: Int) -> Result<Reference, Diagnostic> {
            let end = consumed > 0 ? steps[consumed - 1].range : traversal.rootRange
            return .success(Reference(subject: subject, range: traversal.rootRange.through(end), remainingSteps: Array(steps.dropFirst(consumed)), traversal: traversal))
        }
        func invalid(_ detail: String) -> Result<Reference, Diagnostic> {
            .failure(.error("Invalid reference", detail, at: traversal.range))
        }
        switch traversal.root {
        case "var":
            guard let name = attribute(0) else { return invalid("The \"var\" object cannot be accessed directly. Instead, access one of its attributes.") }
            return make(.inputVariable(name), consumed: 1)
        case "local":
            guard let name = attribute(0) else { return invalid("The \"local\" object cannot be accessed directly. Instead, access one of its attributes.") }
            return make(.localValue(name), consumed: 1)
        case "module":
            guard let name = attribute(0) else { return invalid("The \"module\" object cannot be accessed directly. Instead, access one of its attributes.") }
            return make(.moduleCall(name), consumed: 1)
        case "data":
            guard let type = attribute(0), let name = attribute(1) else {
                return invalid("The \"data\" object must be followed by two attribute names: the data source type and the resource name.")
            }
            return make(.resource(.data, type: type, name: name), consumed: 2)
        case "count":
            guard let name = attribute(0) else { return invalid("The \"count\" object does not support this operation.") }
            return make(.countAttribute(name), consumed: 1)
        case "each":
            guard let name = attribute(0) else { return invalid("The \"each\" object does not support this operation.") }
            return make(.eachAttribute(name), consumed: 1)
        case "path":
            guard let name = attribute(0) else { return invalid("The \"path\" object does not support this operation.") }
            return make(.pathAttribute(name), consumed: 1)
        case "terraform":
            guard let name = attribute(0) else { return invalid("The \"terraform\" object does not support this operation.") }
            return make(.terraformAttribute(name), consumed: 1)
        case "self":
            return make(.selfObject, consumed: 0)
        default:
            guard let name = attribute(0) else {
                return invalid("A reference to a resource type must be followed by at least one attribute access, specifying the resource name.")
            }
            return make(.resource(.managed, type: traversal.root, name: name), consumed: 1)
        }
    }
}
