import COpenSSL

/// Message digests and random bytes from OpenSSL's libcrypto.
enum Digest {
    enum Algorithm {
        case md5, sha1, sha256, sha512
    }

    static func hash(_ bytes: [UInt8], _ algorithm: Algorithm) -> [UInt8] {
        let method: OpaquePointer? = switch algorithm {
        case .md5: EVP_md5()
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        case .sha512: EVP_sha512()
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // EVP_Digest fails only when out of memory, which Swift does not survive either.
        guard EVP_Digest(bytes, bytes.count, &digest, &length, method, nil) == 1 else {
            fatalError("EVP_Digest failed")
        }
        return Array(digest.prefix(Int(length)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    /// Cryptographically secure random bytes.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { fatalError("RAND_bytes failed: no source of randomness") }
        return bytes
    }
}
