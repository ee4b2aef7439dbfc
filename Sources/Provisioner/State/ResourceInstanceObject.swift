import ResourceGraph

/// One resource instance as recorded in state: the remote object's attributes and what the
/// engine needs to manage it later (its provider, what it depended on, whether it is tainted).
public struct ResourceInstanceObject: Sendable {
    public enum Status: String, Sendable {
        case ready
        /// Created, but something after the create failed: replaced on the next apply.
        case tainted
    }

    public var address: InstanceAddress
    /// The provider configuration that manages it: `aws` or `aws.west` (within its module).
    public var providerKey: String
    public var schemaVersion: Int
    /// The attributes, with sensitive parts marked.
    public var value: Value
    /// Resources this one depended on when it was last applied: the order to destroy in after
    /// it has left the configuration.
    public var dependencies: [ResourceAddress]
    public var status: Status
    public var createBeforeDestroy: Bool
    /// Sensitive parts whose values came from the configuration: state keeps only a keyed
    /// digest of each (`StateCipher.digest`), never the value. Read back from state, `value`
    /// holds null there until planning finds the configuration's value matches the digest.
    public var digests: [ValuePath: String]
    /// Encrypted parts that were not decrypted because the state's key was not unlocked
    /// (`value` holds null there); written back unchanged.
    public var sealed: [ValuePath: String]

    public init(
        address: InstanceAddress, providerKey: String, schemaVersion: Int = 0, value: Value,
        dependencies: [ResourceAddress] = [], status: Status = .ready, createBeforeDestroy: Bool = false,
        digests: [ValuePath: String] = [:], sealed: [ValuePath: String] = [:]
    ) {
        self.address = address
        self.providerKey = providerKey
        self.schemaVersion = schemaVersion
        self.value = value
        self.dependencies = dependencies
        self.status = status
        self.createBeforeDestroy = createBeforeDestroy
        self.digests = digests
        self.sealed = sealed
    }

    /// The remote id, as most providers record it in `id`.
    public var id: String? { value[attribute: "id"]?.stringValue }
}

/// A root module output as stored in state.
public struct OutputState: Sendable {
    public var value: Value
    public var type: ValueType
    public var isSensitive: Bool
    /// The ciphertext of a sensitive output read while the state's key was not unlocked
    /// (`value` is then null); written back unchanged.
    public var sealed: String?

    public init(value: Value, type: ValueType, isSensitive: Bool, sealed: String? = nil) {
        self.value = value
        self.type = type
        self.isSensitive = isSensitive
        self.sealed = sealed
    }
}

/// Everything in the state at one moment. Attribute values are as stored (JSON shapes); the
/// engine conforms them to the provider's schema.
public struct StateSnapshot: Sendable {
    public var lineage: String
    public var serial: Int
    public var resources: [InstanceAddress: ResourceInstanceObject]
    /// Objects replaced with create_before_destroy whose delete has not happened yet, by
    /// address and deposed key.
    public var deposed: [InstanceAddress: [String: ResourceInstanceObject]]
    public var outputs: [String: OutputState]

    public init(lineage: String, serial: Int, resources: [InstanceAddress: ResourceInstanceObject] = [:], deposed: [InstanceAddress: [String: ResourceInstanceObject]] = [:], outputs: [String: OutputState] = [:]) {
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
        self.deposed = deposed
        self.outputs = outputs
    }

    public var isEmpty: Bool { resources.isEmpty && deposed.isEmpty }
}

/// Who holds the state lock and since when.
public struct LockInfo: Sendable, Equatable {
    public var id: String
    public var operation: String
    public var who: String
    public var createdAt: String
    public var processID: Int
    public var host: String
}

/// An operation about to change the cloud, recorded before the call and cleared after it, so a
/// crash leaves a trail the next run can reconcile.
public struct JournalEntry: Sendable {
    public var id: Int64
    public var runID: String
    public var address: InstanceAddress
    public var action: String
    /// The idempotency token sent with the call, where the API takes one.
    public var token: String
    public var details: String
    public var startedAt: String
}
