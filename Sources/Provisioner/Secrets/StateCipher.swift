import Foundation
import ResourceGraph

/// Protects one state's sensitive values with its data key: a keyed digest (HMAC-SHA-256) for
/// values the configuration supplies, which planning can compare against the configuration
/// again; AES-256-GCM for values only the cloud knows, and for outputs and saved plans, which
/// must be read back.
///
/// Everything sealed is bound to the state's lineage, so a ciphertext copied from another
/// state does not open here even if both happen to share a key.
public struct StateCipher: Sendable {
    static let digestPrefix = "hmac-sha256:"
    static let sealedPrefix = "aes-256-gcm:"

    let key: DataKey
    public let lineage: String

    public init(key: DataKey, lineage: String) {
        self.key = key
        self.lineage = lineage
    }

    // MARK: Digests

    /// The keyed digest of a value: equal values (same JSON) give equal digests, and without
    /// the key nothing about the value can be learnt or guessed offline.
    public func digest(_ value: Value) -> String {
        let text = (try? JSONEncoding.encode(value.unmarkedDeep())) ?? "null"
        let code = HMACSHA256.authenticationCode(for: Array(text.utf8), key: key.digestKey)
        return Self.digestPrefix + Data(code).base64EncodedString()
    }

    /// Whether `value` is the value `digest` was made from.
    public func matches(_ value: Value, digest: String) -> Bool {
        HMACSHA256.equal(Array(self.digest(value).utf8), Array(digest.utf8))
    }

    // MARK: Values

    /// A value encrypted as text, for a state column.
    func seal(_ value: Value) throws -> String {
        let text = try JSONEncoding.encode(value.unmarkedDeep())
        return Self.sealedPrefix + Data(seal(Array(text.utf8), purpose: "value")).base64EncodedString()
    }

    /// The value sealed by `seal(_:)`.
    func open(_ sealed: String) throws(StateKeyError) -> Value {
        guard sealed.hasPrefix(Self.sealedPrefix), let box = Data(base64Encoded: String(sealed.dropFirst(Self.sealedPrefix.count))) else {
            throw StateKeyError.damaged("a sealed value in the state is not in prov's format")
        }
        let text = try open([UInt8](box), purpose: "value")
        do {
            return try JSONParser.parse(text)
        } catch {
            throw StateKeyError.damaged("a sealed value in the state does not decode")
        }
    }

    // MARK: Bytes

    /// Encrypts bytes for one purpose (`value`, `plan`); a box sealed for one purpose does not
    /// open for another.
    func seal(_ bytes: [UInt8], purpose: String) -> [UInt8] {
        AESGCM.seal(bytes, key: key.encryptionKey, associatedData: associatedData(purpose))
    }

    func open(_ box: [UInt8], purpose: String) throws(StateKeyError) -> [UInt8] {
        do {
            return try AESGCM.open(box, key: key.encryptionKey, associatedData: associatedData(purpose))
        } catch {
            throw StateKeyError.damaged("an encrypted \(purpose) does not open with this state's key: it was altered, or encrypted for another state")
        }
    }

    private func associatedData(_ purpose: String) -> [UInt8] {
        Array("prov \(purpose) of state \(lineage)".utf8)
    }
}
