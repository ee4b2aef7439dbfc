import COpenSSL

/// HMAC-SHA-256 from libcrypto: the keyed hash state keeps in place of a sensitive value that
/// came from the configuration, and the way data keys are split into one key per purpose.
enum HMACSHA256 {
    static let length = 32

    static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var written: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(key.count), messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count, &code, &written)
            }
        }
        // HMAC fails only when out of memory, which Swift does not survive either.
        precondition(result != nil && Int(written) == length, "HMAC-SHA-256 failed")
        return Array(code.prefix(length))
    }

    /// Compares two codes in time that does not depend on where they differ.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
