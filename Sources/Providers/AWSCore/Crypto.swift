import COpenSSL
import Foundation

/// Hashes, HMAC, randomness and the text encodings AWS wants them in, backed by libcrypto.
///
/// Inputs are read in place (`DataProtocol` regions, a string's UTF-8 storage) rather than
/// copied into new arrays first, because signing hashes every request body.
public enum Crypto {
    public static let sha256Length = Int(SHA256_DIGEST_LENGTH)
    public static let md5Length = Int(MD5_DIGEST_LENGTH)

    // MARK: Digests

    public static func sha256(_ data: some DataProtocol) -> [UInt8] {
        digest(data, algorithm: EVP_sha256(), length: sha256Length)
    }

    /// The SHA-256 of the string's UTF-8 bytes.
    public static func sha256(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 {
            digestOneShot(UnsafeRawBufferPointer($0), algorithm: EVP_sha256(), length: sha256Length)
        }
    }

    /// MD5, for the `Content-MD5` header S3 asks for on some requests; not for security.
    public static func md5(_ data: some DataProtocol) -> [UInt8] {
        digest(data, algorithm: EVP_md5(), length: md5Length)
    }

    // MARK: HMAC

    public static func hmacSHA256(key: [UInt8], data: some DataProtocol) -> [UInt8] {
        if data.regions.count == 1, let region = data.regions.first {
            return region.withUnsafeBytes { hmacSHA256(key: key, bytes: $0) }
        }
        // Several regions (rare: a spliced Data) cannot go to the one-shot call as they are.
        let flattened = [UInt8](data)
        return flattened.withUnsafeBytes { hmacSHA256(key: key, bytes: $0) }
    }

    /// The HMAC-SHA256 of the string's UTF-8 bytes.
    public static func hmacSHA256(key: [UInt8], data text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { hmacSHA256(key: key, bytes: UnsafeRawBufferPointer($0)) }
    }

    // MARK: Randomness

    /// Cryptographically secure random bytes.
    public static func randomBytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "Random byte count must not be negative")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                // RAND_bytes fails only when the system cannot provide entropy at all; carrying on
                // with predictable bytes would be worse than stopping, as Swift's own generator does.
                let status = RAND_bytes(buffer.baseAddress, Int32(count))
                precondition(status == 1, "The system random number generator failed")
            }
            initialized = count
        }
    }

    // MARK: Text encodings

    /// Lower-case hexadecimal, as SigV4 uses for hashes and signatures.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = hexDigit(byte >> 4)
                buffer[index + 1] = hexDigit(byte & 0x0F)
                index += 2
            }
            return index
        }
    }

    public static func base64(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString()
    }

    // MARK: libcrypto calls

    private static func digest(
        _ data: some DataProtocol, algorithm: OpaquePointer?, length: Int
    ) -> [UInt8] {
        if data.regions.count == 1, let region = data.regions.first {
            return region.withUnsafeBytes { digestOneShot($0, algorithm: algorithm, length: length) }
        }
        return digestIncrementally(data, algorithm: algorithm, length: length)
    }

    private static func digestOneShot(
        _ bytes: UnsafeRawBufferPointer, algorithm: OpaquePointer?, length: Int
    ) -> [UInt8] {
        withNonNullBase(bytes) { input, count in
            [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
                var written: UInt32 = 0
                let status = EVP_Digest(input, count, output.baseAddress, &written, algorithm, nil)
                precondition(status == 1 && Int(written) == length, "libcrypto could not compute a digest")
                initialized = length
            }
        }
    }

    private static func digestIncrementally(
        _ data: some DataProtocol, algorithm: OpaquePointer?, length: Int
    ) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        precondition(context != nil, "libcrypto could not allocate a digest context")
        defer { EVP_MD_CTX_free(context) }
        let started = EVP_DigestInit_ex(context, algorithm, nil)
        precondition(started == 1, "libcrypto could not start a digest")
        for region in data.regions {
            let status = region.withUnsafeBytes { bytes in
                withNonNullBase(bytes) { EVP_DigestUpdate(context, $0, $1) }
            }
            precondition(status == 1, "libcrypto could not update a digest")
        }
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            var written: UInt32 = 0
            let status = EVP_DigestFinal_ex(context, output.baseAddress, &written)
            precondition(status == 1 && Int(written) == length, "libcrypto could not finish a digest")
            initialized = length
        }
    }

    private static func hmacSHA256(key: [UInt8], bytes: UnsafeRawBufferPointer) -> [UInt8] {
        key.withUnsafeBytes { keyBytes in
            withNonNullBase(keyBytes) { keyBase, keyCount in
                withNonNullBase(bytes) { input, count in
                    [UInt8](unsafeUninitializedCapacity: sha256Length) { output, initialized in
                        var written: UInt32 = 0
                        let result = HMAC(
                            EVP_sha256(), keyBase, Int32(keyCount), input.assumingMemoryBound(to: UInt8.self),
                            count, output.baseAddress, &written)
                        precondition(
                            result != nil && Int(written) == sha256Length, "libcrypto could not compute an HMAC")
                        initialized = sha256Length
                    }
                }
            }
        }
    }

    /// Calls `body` with a non-null address for the bytes: an empty Swift buffer may have no base
    /// address, and not every libcrypto entry point accepts a null pointer even with a zero length
    /// (HMAC treats a null key as "no key set").
    private static func withNonNullBase<Result>(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawPointer, Int) -> Result
    ) -> Result {
        if let base = bytes.baseAddress { return body(base, bytes.count) }
        var placeholder: UInt8 = 0
        return withUnsafeBytes(of: &placeholder) { body($0.baseAddress!, 0) }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
