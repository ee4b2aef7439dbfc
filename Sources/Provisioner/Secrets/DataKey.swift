import Foundation

/// The random 256-bit key that protects one state's secrets (and its saved plans). Key
/// providers keep it (a file, a passphrase, KMS); the state only records how to get it back.
///
/// It is never used directly: one key per purpose is derived from it, so a digest can never
/// be mistaken for a ciphertext or the check value for either.
public struct DataKey: Sendable, CustomStringConvertible {
    static let length = 32

    /// The key material, for key providers that wrap it (KMS Encrypt); never to be shown.
    public let bytes: [UInt8]

    /// Wraps existing key material; fails unless it is exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.length else { return nil }
        self.bytes = bytes
    }

    /// A fresh random key.
    public static func random() -> DataKey {
        DataKey(bytes: SecureRandom.bytes(length))!
    }

    /// The key for AES-256-GCM encryption of cloud-only secrets, outputs and plan files.
    var encryptionKey: [UInt8] { derived("prov encryption key v1") }

    /// The key for HMAC-SHA-256 digests of secrets that came from the configuration.
    var digestKey: [UInt8] { derived("prov digest key v1") }

    /// A value stored beside the state's key record, to tell a wrong key from a damaged state
    /// before anything is decrypted.
    public var checkValue: String {
        Data(derived("prov key check v1").prefix(16)).base64EncodedString()
    }

    private func derived(_ purpose: String) -> [UInt8] {
        HMACSHA256.authenticationCode(for: Array(purpose.utf8), key: bytes)
    }

    /// Never the key itself, so a stray interpolation cannot print it.
    public var description: String { "DataKey(redacted)" }
}
