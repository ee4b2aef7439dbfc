import ResourceGraph

/// What the engine knows about a create whose outcome it never learned, for the provider to
/// find the object it may have made: by the idempotency token the call carried, by the system
/// tags (stack and address) it put on the object, or by a unique name in the configuration.
public struct CreatedObjectQuery: Sendable {
    public var address: InstanceAddress
    /// The stack id the create tagged the object with (the state's lineage).
    public var stack: String
    /// The token the create call carried.
    public var idempotencyToken: String
    /// The instance's configuration as it is now, with anything not yet known left null; nil
    /// when the configuration no longer declares the instance (or when destroying).
    public var configuration: Value?

    public init(address: InstanceAddress, stack: String, idempotencyToken: String, configuration: Value?) {
        self.address = address
        self.stack = stack
        self.idempotencyToken = idempotencyToken
        self.configuration = configuration
    }
}

/// The answer to a `CreatedObjectQuery`.
public enum CreatedObjectLookup: Sendable {
    /// The object exists: its full value, as `read` returns it.
    case found(Value)
    /// No such object exists: the create did not happen.
    case notFound
    /// The type has no way to look such an object up.
    case unsupported
}

/// An object the provider found carrying a stack's system tags.
public struct StackObject: Sendable {
    /// The address the object was created for (from its address tag).
    public var address: InstanceAddress
    /// Its value, as `read` returns it, ready to be deleted.
    public var value: Value

    public init(address: InstanceAddress, value: Value) {
        self.address = address
        self.value = value
    }
}
