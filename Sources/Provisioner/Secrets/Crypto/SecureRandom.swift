import COpenSSL

/// Random bytes from libcrypto's generator, for keys, salts and nonces.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        // RAND_bytes fails only when the system cannot provide entropy; carrying on with a
        // predictable key would be worse than stopping.
        precondition(RAND_bytes(&bytes, Int32(count)) == 1, "The system random number generator failed")
        return bytes
    }
}
