import COpenSSL

/// AES-256-GCM from libcrypto: authenticated encryption, so a changed byte, a wrong key or
/// different associated data is detected when opening, never turned into wrong plaintext.
///
/// A sealed box is `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`. Every seal draws a fresh
/// random nonce; with 96-bit random nonces one key can seal far more values than a state
/// ever holds before a repeat becomes a concern.
enum AESGCM {
    static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16

    /// Encrypts `plaintext` under `key` (32 bytes), binding `associatedData` (authenticated,
    /// not encrypted). `nonce` is for known-answer tests only; leave it nil.
    static func seal(_ plaintext: [UInt8], key: [UInt8], associatedData: [UInt8], nonce: [UInt8]? = nil) -> [UInt8] {
        precondition(key.count == keyLength, "AES-256 needs a 32-byte key")
        let nonce = nonce ?? SecureRandom.bytes(nonceLength)
        precondition(nonce.count == nonceLength, "GCM nonces are 12 bytes here")
        let context = EVP_CIPHER_CTX_new()
        defer { EVP_CIPHER_CTX_free(context) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: tagLength)
        var length: Int32 = 0
        var total = 0
        // These calls fail only on invalid parameters (checked above) or when out of memory.
        check(EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce))
        if !associatedData.isEmpty {
            check(EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)))
        }
        if !plaintext.isEmpty {
            check(EVP_EncryptUpdate(context, &ciphertext, &length, plaintext, Int32(plaintext.count)))
            total = Int(length)
        }
        check(ciphertext.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(context, $0.baseAddress! + total, &length) })
        total += Int(length)
        check(EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag))
        return nonce + ciphertext.prefix(total) + tag
    }

    /// Decrypts and authenticates a sealed box; throws if it was altered or sealed under
    /// another key or associated data.
    static func open(_ sealed: [UInt8], key: [UInt8], associatedData: [UInt8]) throws(AuthenticationFailure) -> [UInt8] {
        guard key.count == keyLength, sealed.count >= nonceLength + tagLength else { throw AuthenticationFailure() }
        let nonce = Array(sealed.prefix(nonceLength))
        let ciphertext = Array(sealed[nonceLength..<(sealed.count - tagLength)])
        var tag = Array(sealed.suffix(tagLength))
        let context = EVP_CIPHER_CTX_new()
        defer { EVP_CIPHER_CTX_free(context) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var length: Int32 = 0
        var total = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1 else { throw AuthenticationFailure() }
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else { throw AuthenticationFailure() }
        }
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &plaintext, &length, ciphertext, Int32(ciphertext.count)) == 1 else { throw AuthenticationFailure() }
            total = Int(length)
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else { throw AuthenticationFailure() }
        // The final step is where the tag is checked: any change anywhere fails here.
        let verified = plaintext.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(context, $0.baseAddress! + total, &length) }
        guard verified == 1 else { throw AuthenticationFailure() }
        total += Int(length)
        return Array(plaintext.prefix(total))
    }

    /// The sealed box was altered, or the key or associated data is not the one it was sealed
    /// with. Deliberately says nothing more.
    struct AuthenticationFailure: Error {}

    private static func check(_ status: Int32) {
        precondition(status == 1, "libcrypto refused an AES-GCM operation with valid parameters")
    }
}
