import COpenSSL

/// PBKDF2-HMAC-SHA-256 (RFC 8018) from libcrypto: turns a passphrase and a stored salt into a
/// key, slowly on purpose, so guessing passphrases against a stolen state is expensive.
enum PBKDF2 {
    static func deriveKey(passphrase: String, salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        precondition(iterations > 0 && length > 0, "PBKDF2 needs at least one iteration and one byte")
        var key = [UInt8](repeating: 0, count: length)
        let password = Array(passphrase.utf8)
        let status = password.withUnsafeBufferPointer { passwordBytes in
            passwordBytes.withMemoryRebound(to: CChar.self) { characters in
                PKCS5_PBKDF2_HMAC(characters.baseAddress, Int32(password.count), salt, Int32(salt.count), Int32(iterations), EVP_sha256(), Int32(length), &key)
            }
        }
        precondition(status == 1, "PBKDF2 failed")
        return key
    }
}
