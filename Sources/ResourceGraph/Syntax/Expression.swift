/// An expression of HCL's native syntax with its source range. Every node keeps its range so
/// that any diagnostic can point at exactly the part of the source that caused it.
public struct Expression: Sendable {
    public indirect enum Node: Sendable {
        case literal(Value)
        /// A string template: literal text, interpolations and directives.
        case template([TemplatePart])
        /// A template made of a single interpolation, `"${x}"`: yields `x` itself, unconverted.
        case templateWrap(Expression)
        /// A reference to a named value with static steps: `var.x`, `aws_vpc.main.id`, `a[0]`.
        case traversal(Traversal)
        /// Static steps applied to the result of another expression: `f(x).a[0]`.
        case relativeTraversal(Expression, [TraversalStep])
        case functionCall(FunctionCall)
        case tuple([Expression])
        case object([ObjectItem])
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case conditional(condition: Expression, then: Expression, else: Expression)
        /// `collection[key]` where the key is not a literal.
        case index(collection: Expression, key: Expression)
        /// `source[*].rest` or `source.*.rest`: `each` is evaluated with `splatItem` standing for
        /// each element of `source`.
        case splat(source: Expression, each: Expression)
        /// The current element inside a splat's `each` expression.
        case splatItem
        case forExpression(ForExpression)
        case parenthesized(Expression)
    }

    public var node: Node
    public var range: SourceRange
    /// The depth of this expression's tree. The parser refuses trees deeper than
    /// `Parser.maximumNestingDepth`, so every recursive walk over expressions is bounded.
    public private(set) var height: Int

    public init(_ node: Node, range: SourceRange) {
        self.node = node
        self.range = range
        if case .template(let parts) = node {
            self.height = 1 + parts.reduce(0) { max($0, $1.height) }
        } else {
            self.height = 1 + node.children.reduce(0) { max($0, $1.height) }
        }
    }

    /// A stand-in for an expression that failed to parse, so parsing can continue.
    public static func placeholder(_ range: SourceRange) -> Expression {
        Expression(.literal(.unknown()), range: range)
    }
}

public struct Traversal: Sendable, Hashable {
    public var root: String
    public var rootRange: SourceRange
    public var steps: [TraversalStep]

    public init(root: String, rootRange: SourceRange, steps: [TraversalStep] = []) {
        self.root = root
        self.rootRange = rootRange
        self.steps = steps
    }

    /// The range from the root through the last step.
    public var range: SourceRange { steps.last.map { rootRange.through($0.range) } ?? rootRange }

    /// `aws_vpc.main[0].id` as written (index keys rendered as HCL).
    public var description: String {
        root + steps.map { step -> String in
            switch step {
            case .attribute(let name, _): return "." + name
            case .index(let key, _): return "[" + key.debugDescription + "]"
            }
        }.joined()
    }
}

public enum TraversalStep: Sendable, Hashable {
    case attribute(String, SourceRange)
    case index(Value, SourceRange)

    public var range: SourceRange {
        switch self {
        case .attribute(_, let r), .index(_, let r): return r
        }
    }
}

public struct FunctionCall: Sendable {
    /// The name as written, including any namespace (`provider::aws::arn_parse`).
    public var name: String
    public var nameRange: SourceRange
    public var arguments: [Expression]
    /// The last argument was followed by `...`: its elements become separate arguments.
    public var expandFinalArgument: Bool
    public var openParenRange: SourceRange
    public var closeParenRange: SourceRange
}

public struct ObjectItem: Sendable {
    public var key: ObjectKey
    public var value: Expression
}

/// An object constructor's key. A bare identifier is the key's name; anything else is evaluated.
public enum ObjectKey: Sendable {
    case name(String, SourceRange)
    case expression(Expression)

    public var range: SourceRange {
        switch self {
        case .name(_, let r): return r
        case .expression(let e): return e.range
        }
    }
}

public struct ForExpression: Sendable {
    public var keyVariable: String?
    public var valueVariable: String
    public var collection: Expression
    /// The key expression of an object `for`; nil for a tuple `for`.
    public var keyExpression: Expression?
    public var valueExpression: Expression
    public var condition: Expression?
    /// The `...` grouping mode of an object `for`.
    public var grouped: Bool
    public var openRange: SourceRange
    public var closeRange: SourceRange
}

public enum UnaryOperator: String, Sendable {
    case not = "!"
    case negate = "-"
}

public enum BinaryOperator: String, Sendable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!="
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", modulo = "%"

    /// Higher binds tighter, as in the HCL specification.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual: return 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .modulo: return 6
        }
    }
}

extension Expression.Node {
    /// The direct sub-expressions, in source order.
    public var children: [Expression] {
        switch self {
        case .literal, .traversal, .splatItem: return []
        case .template(let parts): return parts.flatMap(\.expressions)
        case .templateWrap(let e), .relativeTraversal(let e, _), .unary(_, let e), .parenthesized(let e): return [e]
        case .functionCall(let call): return call.arguments
        case .tuple(let es): return es
        case .object(let items):
            return items.flatMap { item -> [Expression] in
                if case .expression(let key) = item.key { return [key, item.value] }
                return [item.value]
            }
        case .binary(_, let a, let b): return [a, b]
        case .conditional(let c, let t, let e): return [c, t, e]
        case .index(let c, let k): return [c, k]
        case .splat(let s, let e): return [s, e]
        case .forExpression(let f):
            return [f.collection, f.keyExpression, f.valueExpression, f.condition].compactMap { $0 }
        }
    }
}

/// A piece of a string template.
public indirect enum TemplatePart: Sendable {
    case literal(String, SourceRange)
    case interpolation(Expression)
    case conditional(condition: Expression, then: [TemplatePart], else: [TemplatePart], range: SourceRange)
    case loop(keyVariable: String?, valueVariable: String, collection: Expression, body: [TemplatePart], range: SourceRange)

    /// The depth of this part's tree: each directive is a level, as each bracket is, because
    /// evaluating and walking templates recurse through directives too.
    public var height: Int {
        switch self {
        case .literal: return 0
        case .interpolation(let e): return e.height
        case .conditional(let c, let t, let e, _): return 1 + (t + e).reduce(c.height) { max($0, $1.height) }
        case .loop(_, _, let collection, let body, _): return 1 + body.reduce(collection.height) { max($0, $1.height) }
        }
    }

    /// The expressions inside this part, at any depth of directives.
    public var expressions: [Expression] {
        switch self {
        case .literal: return []
        case .interpolation(let e): return [e]
        case .conditional(let c, let t, let e, _): return [c] + t.flatMap(\.expressions) + e.flatMap(\.expressions)
        case .loop(_, _, let collection, let body, _): return [collection] + body.flatMap(\.expressions)
        }
    }
}
