/// What a state records about its data key: which provider keeps it, and what that provider
/// needs to give it back (a salt, a wrapped key, a KMS key id). Never the key itself.
public struct StateKeyRecord: Sendable, Equatable {
    /// The provider's kind: `local_key_file`, `passphrase`, `aws_kms`.
    public var kind: String
    public var fields: [String: String]

    public init(kind: String, fields: [String: String] = [:]) {
        self.kind = kind
        self.fields = fields
    }
}

/// Who a key operation is for: the state's lineage and where it lives, for messages.
public struct StateKeyContext: Sendable {
    public var lineage: String
    public var statePath: String

    public init(lineage: String, statePath: String) {
        self.lineage = lineage
        self.statePath = statePath
    }
}

/// Keeps data keys: makes a record from which a key can be had again (`wrap`), and gives the
/// key back from such a record (`unwrap`). A passphrase, a key file and AWS KMS are providers;
/// the engine sees them only through this protocol.
public protocol StateKeyProvider: Sendable {
    /// The kind recorded in state, telling later runs which provider unwraps the key.
    var kind: String { get }
    /// How messages name this provider ("the passphrase in PROV_STATE_PASSPHRASE").
    var displayName: String { get }

    /// A new data key for a new state, with its record. The default draws a random key and
    /// wraps it; KMS has its own way (GenerateDataKey).
    func createKey(_ context: StateKeyContext) async throws -> (key: DataKey, record: StateKeyRecord, notice: String?)

    /// A record from which `unwrap` gives `key` back. `notice` is what the user should be
    /// told (where a key file was written), if anything.
    func wrap(_ key: DataKey, _ context: StateKeyContext) async throws -> (record: StateKeyRecord, notice: String?)

    func unwrap(_ record: StateKeyRecord, _ context: StateKeyContext) async throws -> DataKey

    /// Whether a record was made by this provider as configured now (same kind, and for KMS
    /// the same KMS key), so no re-wrapping is needed.
    func keeps(_ record: StateKeyRecord) -> Bool

    /// Called after the key moved to another provider: the place this one kept it, if any,
    /// no longer needs to hold it. Returns what the user should be told.
    func forget(_ context: StateKeyContext) -> String?
}

extension StateKeyProvider {
    public func createKey(_ context: StateKeyContext) async throws -> (key: DataKey, record: StateKeyRecord, notice: String?) {
        let key = DataKey.random()
        let (record, notice) = try await wrap(key, context)
        return (key, record, notice)
    }

    public func keeps(_ record: StateKeyRecord) -> Bool { record.kind == kind }

    public func forget(_ context: StateKeyContext) -> String? { nil }
}
