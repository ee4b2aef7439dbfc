import Foundation

/// Keeps the data key wrapped (AES-256-GCM) under a key derived from a passphrase
/// (`PROV_STATE_PASSPHRASE`) with PBKDF2-HMAC-SHA-256 and a random salt stored in the state.
/// Only the wrapped key, the salt and the iteration count are recorded.
public struct PassphraseKeyProvider: StateKeyProvider {
    /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA-256; recorded with each state, so it
    /// can be raised later without making older states unreadable.
    public static let recommendedIterations = 600_000

    public let kind = "passphrase"
    public let displayName = "the passphrase in PROV_STATE_PASSPHRASE"
    let passphrase: String
    let iterations: Int

    /// `iterations` is for tests that need many states quickly; a real run uses the default.
    public init(passphrase: String, iterations: Int = recommendedIterations) {
        self.passphrase = passphrase
        self.iterations = iterations
    }

    public func wrap(_ key: DataKey, _ context: StateKeyContext) async throws -> (record: StateKeyRecord, notice: String?) {
        let salt = SecureRandom.bytes(16)
        let wrapping = PBKDF2.deriveKey(passphrase: passphrase, salt: salt, iterations: iterations)
        let wrapped = AESGCM.seal(key.bytes, key: wrapping, associatedData: Self.associatedData(context))
        let record = StateKeyRecord(kind: kind, fields: [
            "kdf": "pbkdf2-hmac-sha256",
            "salt": Data(salt).base64EncodedString(),
            "iterations": String(iterations),
            "wrapped_key": Data(wrapped).base64EncodedString(),
        ])
        return (record, nil)
    }

    public func unwrap(_ record: StateKeyRecord, _ context: StateKeyContext) async throws -> DataKey {
        guard record.fields["kdf"] == "pbkdf2-hmac-sha256",
              let salt = record.fields["salt"].flatMap({ Data(base64Encoded: $0) }),
              let iterations = record.fields["iterations"].flatMap(Int.init), iterations > 0,
              let wrapped = record.fields["wrapped_key"].flatMap({ Data(base64Encoded: $0) }) else {
            throw StateKeyError("State key record damaged", "The state at \(context.statePath) records a passphrase-protected key that prov cannot read; prov changed nothing.")
        }
        let wrapping = PBKDF2.deriveKey(passphrase: passphrase, salt: [UInt8](salt), iterations: iterations)
        guard let bytes = try? AESGCM.open([UInt8](wrapped), key: wrapping, associatedData: Self.associatedData(context)),
              let key = DataKey(bytes: bytes) else {
            throw StateKeyError("Wrong passphrase", "The passphrase in PROV_STATE_PASSPHRASE does not unlock the secrets in \(context.statePath): they were protected with a different passphrase. prov changed nothing.")
        }
        return key
    }

    private static func associatedData(_ context: StateKeyContext) -> [UInt8] {
        Array("prov state key of state \(context.lineage)".utf8)
    }
}
