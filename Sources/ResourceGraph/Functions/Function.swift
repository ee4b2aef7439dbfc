/// A function callable from expressions, described the way cty describes them: typed parameters
/// (arguments are converted to those types before the call), an optional variadic parameter, and
/// what the function accepts beyond plain known values. Calls with unknown or sensitive arguments
/// are handled around the implementation, so each implementation only sees what it asked for.
public struct Function: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var type: ValueType
        /// Whether null may be passed; otherwise a null argument is an error.
        public var allowNull: Bool
        /// Whether the implementation wants unknown values; otherwise the result is unknown.
        public var allowUnknown: Bool

        public init(_ name: String, _ type: ValueType, allowNull: Bool = false, allowUnknown: Bool = false) {
            self.name = name
            self.type = type
            self.allowNull = allowNull
            self.allowUnknown = allowUnknown
        }
    }

    public var parameters: [Parameter]
    public var variadic: Parameter?
    /// The type of the result, given the argument types; used for unknown results.
    public var returnType: @Sendable ([ValueType]) -> ValueType
    /// Functions such as `uuid()` or `timestamp()` give a new result on every call: during
    /// planning their result is unknown.
    public var isImpure: Bool
    /// Whether the function only rearranges its arguments' elements (flatten, concat, slice…),
    /// so unknown values inside a known collection can pass through it, as in Terraform; a
    /// wholly unknown argument still makes the result unknown.
    public var passesNestedUnknowns = false
    /// Functions about sensitivity itself (`sensitive`, `nonsensitive`, `issensitive`) see their
    /// arguments with sensitive marks intact and decide the marks of their result; every other
    /// function gets unmarked arguments and a result marked sensitive if any argument was.
    public var handlesSensitiveMarks: Bool
    public var implementation: @Sendable ([Value]) throws -> Value

    public init(
        parameters: [Parameter], variadic: Parameter? = nil, returns: ValueType,
        impure: Bool = false, handlesSensitiveMarks: Bool = false,
        _ implementation: @escaping @Sendable ([Value]) throws -> Value
    ) {
        self.init(
            parameters: parameters, variadic: variadic, returnType: { _ in returns }, impure: impure,
            handlesSensitiveMarks: handlesSensitiveMarks, implementation)
    }

    public init(
        parameters: [Parameter], variadic: Parameter? = nil, returnType: @escaping @Sendable ([ValueType]) -> ValueType,
        impure: Bool = false, handlesSensitiveMarks: Bool = false,
        _ implementation: @escaping @Sendable ([Value]) throws -> Value
    ) {
        self.parameters = parameters
        self.variadic = variadic
        self.returnType = returnType
        self.isImpure = impure
        self.handlesSensitiveMarks = handlesSensitiveMarks
        self.implementation = implementation
    }
}

extension Function {
    /// This function, marked as passing nested unknown values through.
    func passingNestedUnknowns() -> Function {
        var copy = self
        copy.passesNestedUnknowns = true
        return copy
    }
}

/// An error raised by a function implementation. `argument` names the offending argument so the
/// diagnostic can point at it.
public struct FunctionError: Error, Sendable {
    public var argument: Int?
    public var message: String

    public init(_ message: String, argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}
