import ResourceGraph

/// A resource type's schema as the engine needs it.
public struct ResourceTypeSchema: Sendable {
    public var block: BlockSchema
    public var version: Int
    /// Whether `prov import` can adopt an existing object of this type by id.
    public var importable: Bool

    public init(block: BlockSchema, version: Int = 0, importable: Bool = true) {
        self.block = block
        self.version = version
        self.importable = importable
    }
}

/// A provider such as `aws`: its schemas, and how to configure it from a provider block.
/// The engine sees providers only through this protocol and `ConfiguredProvider`.
public protocol ProviderPlugin: Sendable {
    var name: String { get }
    var configurationSchema: BlockSchema { get }
    var resourceTypes: [String: ResourceTypeSchema] { get }
    var dataSourceTypes: [String: ResourceTypeSchema] { get }
    /// Makes a provider instance from a provider block's decoded value.
    func configure(_ configuration: Value) async throws -> any ConfiguredProvider
}

/// What the engine tells a provider about the operation it asks for.
public struct OperationContext: Sendable {
    public var address: InstanceAddress
    /// A token derived from the operation journal entry, for APIs that take an idempotency token.
    public var idempotencyToken: String
    /// The stack's stable id (the state's lineage): providers tag what they create with it and
    /// with `address`, so an object whose creation was never recorded can be found again.
    public var stack: String
    /// Reports progress while the provider waits (for example "state: pending").
    public var progress: @Sendable (String) -> Void

    public init(address: InstanceAddress, idempotencyToken: String, stack: String = "", progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.address = address
        self.idempotencyToken = idempotencyToken
        self.stack = stack
        self.progress = progress
    }
}

/// A configured provider instance that creates, reads, updates and deletes objects.
public protocol ConfiguredProvider: Sendable {
    /// Adjusts the engine's proposed new object: may fill attributes known at plan time (such as
    /// `tags_all`), mark others unknown, or ask for replacement. The default keeps the proposal.
    func planChange(type: String, prior: Value?, proposed: Value, configuration: Value) throws -> PlannedChange

    func create(type: String, planned: Value, context: OperationContext) async throws -> Value
    /// The object as it is now, or nil if it no longer exists.
    func read(type: String, current: Value) async throws -> Value?
    /// Whether `readMany` reads objects of this type in fewer calls than one `read` each (one
    /// Describe call for many ids). The engine then hands it every such object at once.
    func readsInBatches(type: String) -> Bool
    /// The objects as they are now, one result per object of `current`, in its order; the
    /// same results `read` gives. The default reads them one by one.
    func readMany(type: String, current: [Value]) async -> [ObjectReadResult]
    func update(type: String, prior: Value, planned: Value, context: OperationContext) async throws -> Value
    func delete(type: String, current: Value, context: OperationContext) async throws
    /// The object with this id, for `prov import`.
    func importObject(type: String, id: String) async throws -> Value
    func readDataSource(type: String, configuration: Value) async throws -> Value
    /// Looks for the object an earlier create of an instance may have made although its result
    /// was never recorded (the process died, or the answer was lost). The default cannot tell.
    func findCreated(type: String, query: CreatedObjectQuery) async throws -> CreatedObjectLookup
    /// Every object carrying the stack's system tags that is not among the `known` ids and
    /// ARNs (the objects state records, which are not read again), for `destroy` to remove
    /// those state no longer knows. The default finds none.
    func stackObjects(stack: String, excluding known: Set<String>) async throws -> [StackObject]
}

public struct PlannedChange: Sendable {
    public var planned: Value
    /// Attribute paths that force replacement, beyond the schema's `forceNew` attributes.
    public var requiresReplace: [ValuePath]

    public init(planned: Value, requiresReplace: [ValuePath] = []) {
        self.planned = planned
        self.requiresReplace = requiresReplace
    }
}

extension ConfiguredProvider {
    public func planChange(type: String, prior: Value?, proposed: Value, configuration: Value) throws -> PlannedChange {
        PlannedChange(planned: proposed)
    }

    public func findCreated(type: String, query: CreatedObjectQuery) async throws -> CreatedObjectLookup { .unsupported }

    public func stackObjects(stack: String, excluding known: Set<String>) async throws -> [StackObject] { [] }
}

/// A failure reported by a provider, ready to show: a summary, a detail, and, when the object
/// was created but a later step failed, what exists so the engine can keep track of it.
public struct ProviderError: Error, CustomStringConvertible, Sendable {
    public var summary: String
    public var detail: String
    /// The object as far as it got, when a create succeeded but a follow-up failed: the engine
    /// records it as tainted so it is repaired or replaced, never forgotten.
    public var partialObject: Value?
    /// The create failed because an object with the same name or identity already exists:
    /// the engine then suggests adopting it with `prov import`.
    public var isAlreadyExists: Bool
    /// The call may have taken effect although no answer says so (the connection dropped after
    /// the request was sent): the engine looks the object up before creating it again.
    public var outcomeUnknown: Bool

    public init(_ summary: String, detail: String = "", partialObject: Value? = nil, isAlreadyExists: Bool = false, outcomeUnknown: Bool = false) {
        self.summary = summary
        self.detail = detail
        self.partialObject = partialObject
        self.isAlreadyExists = isAlreadyExists
        self.outcomeUnknown = outcomeUnknown
    }

    public var description: String { detail.isEmpty ? summary : "\(summary): \(detail)" }
}
