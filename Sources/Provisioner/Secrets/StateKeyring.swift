import Foundation

/// The key providers a command may use: the one new keys go to (`preferred`: a KMS key from
/// the configuration, else the passphrase in `PROV_STATE_PASSPHRASE`, else a key file in the
/// user's configuration directory), and others that can still give back a key recorded by
/// an earlier run.
public struct StateKeyring: Sendable {
    public var preferred: any StateKeyProvider
    public var others: [any StateKeyProvider]

    public init(preferred: any StateKeyProvider, others: [any StateKeyProvider] = []) {
        self.preferred = preferred
        self.others = others
    }

    /// The providers a run has with nothing configured but the environment, plus `configured`
    /// (from the configuration's `encryption` block) and `unlockers` (providers that can give
    /// back a key recorded with their kind, such as KMS, whose record says which key and region).
    public static func standard(
        environment: [String: String], configured: (any StateKeyProvider)? = nil, unlockers: [any StateKeyProvider] = []
    ) -> StateKeyring {
        let keyFile = LocalKeyFileProvider(directory: LocalKeyFileProvider.defaultDirectory(environment: environment))
        var providers: [any StateKeyProvider] = []
        if let configured { providers.append(configured) }
        if let passphrase = environment["PROV_STATE_PASSPHRASE"], !passphrase.isEmpty {
            providers.append(PassphraseKeyProvider(passphrase: passphrase))
        }
        providers.append(keyFile)
        return StateKeyring(preferred: providers[0], others: Array(providers.dropFirst()) + unlockers)
    }

    /// Unlocks the store's key. A state without a key gets one when `creating` (commands that
    /// write state), along with encryption of any secrets it held in clear. With `creating`,
    /// a key kept by another provider than the preferred one moves to the preferred one.
    /// Returns what the user should be told (where a new key lives, a move). Throws, changing
    /// nothing, when the key cannot be had or is not the state's. A store already unlocked
    /// is not unlocked again (a KMS call, a slow key derivation), only given what `creating`
    /// asks for.
    public func unlock(_ store: StateStore, creating: Bool) async throws -> [String] {
        let context = StateKeyContext(lineage: try store.metadata().lineage, statePath: store.path)
        if try store.keyRecord() == nil {
            guard creating else { return [] }
            let (key, record, notice) = try await preferred.createKey(context)
            if try store.installFirstKey(key, record: record) { return [notice].compactMap { $0 } }
        }
        guard let (record, check) = try store.keyRecord() else {
            throw StateKeyError("State key record missing", "The state at \(store.path) lost its key record while prov was opening it; prov changed nothing.")
        }
        guard let keeper = ([preferred] + others).first(where: { $0.kind == record.kind }) else {
            throw StateKeyError("State key provider not configured", "The secrets in \(store.path) are protected by a key kept by the \(record.kind) key provider, which this run does not have. \(Self.hint(for: record.kind)) prov changed nothing.")
        }
        let key: DataKey
        if let unlocked = store.cipher {
            key = unlocked.key
        } else {
            key = try await keeper.unwrap(record, context)
            try store.unlock(with: key, source: keeper.displayName)
        }
        guard creating, !preferred.keeps(record) else { return [] }
        let (moved, notice) = try await preferred.wrap(key, context)
        try store.saveKeyRecord(moved, check: check)
        var notices = [notice, "The key that protects the secrets in \(store.path) is now kept by \(preferred.displayName) instead of \(keeper.displayName)."]
        if keeper.kind != preferred.kind { notices.append(keeper.forget(context)) }
        return notices.compactMap { $0 }
    }

    private static func hint(for kind: String) -> String {
        switch kind {
        case "passphrase": return "Set PROV_STATE_PASSPHRASE to the passphrase it was protected with."
        case "aws_kms": return "prov reaches KMS with the AWS credentials and region of the environment; check them."
        default: return "Run it with the same prov setup that wrote it."
        }
    }
}
