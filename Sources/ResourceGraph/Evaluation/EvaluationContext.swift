/// What names mean while evaluating: root variables (`var`, `local`, `count`, `each`, `path`, …),
/// the functions, and a resolver for names that are better looked up on demand than built into
/// one big object up front (resources, data sources and modules, of which there may be
/// thousands).
public struct EvaluationContext: Sendable {
    public var variables: [String: Value]
    public var functions: [String: Function]
    /// Resolves a traversal whose root is not in `variables`. Returns the value reached and how
    /// many of the traversal's steps it consumed, or nil when the name is unknown.
    public var resolver: (@Sendable (Traversal) -> Resolution?)?
    /// Set while planning: impure functions then yield unknown values.
    public var isPlanning: Bool

    public init(
        variables: [String: Value] = [:], functions: [String: Function] = [:],
        resolver: (@Sendable (Traversal) -> Resolution?)? = nil, isPlanning: Bool = false
    ) {
        self.variables = variables
        self.functions = functions
        self.resolver = resolver
        self.isPlanning = isPlanning
    }

    public enum Resolution: Sendable {
        case value(Value, consumedSteps: Int)
        case failure(Diagnostic)
    }

    /// A child context with more names bound, as inside a `for` expression.
    public func binding(_ names: [String: Value]) -> EvaluationContext {
        var copy = self
        copy.variables.merge(names) { _, new in new }
        return copy
    }
}
