import Foundation

/// Derived SigV4 signing keys, shared by all signers, so that repeated requests with the same
/// credentials, day, region and service skip the four-HMAC derivation.
///
/// Entries are keyed by a SHA-256 digest of the secret key rather than the secret itself, so the
/// cache never holds the secret in clear. (The derived keys it holds are secret too, but each is
/// limited to one day, region and service.)
final class SigningKeyCache: @unchecked Sendable {
    // Unchecked because the mutable `keys` is only touched while `lock` is held. A `Mutex` from
    // Synchronization would let the compiler check that, but it needs macOS 15 and the package
    // still supports macOS 14.

    struct Entry: Hashable, Sendable {
        var secretDigest: [UInt8]
        var date: String
        var region: String
        var service: String
    }

    static let shared = SigningKeyCache(capacity: 64)

    private let capacity: Int
    private let lock = NSLock()
    private var keys: [Entry: [UInt8]] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "Signing key cache capacity must be positive")
        self.capacity = capacity
    }

    /// The cached key for `entry`, or the one `derive` makes (then cached).
    func signingKey(for entry: Entry, derive: () -> [UInt8]) -> [UInt8] {
        if let key = lock.withLock({ keys[entry] }) { return key }
        // Derived outside the lock: two threads may both derive the same key once, which is
        // cheaper than making every other signer wait behind the HMACs.
        let key = derive()
        lock.withLock {
            if keys.count >= capacity {
                // Keys are per day, so a full cache is mostly yesterday's keys; starting afresh
                // is simpler than tracking use and costs one derivation per live combination.
                keys.removeAll(keepingCapacity: true)
            }
            keys[entry] = key
        }
        return key
    }

    var count: Int { lock.withLock { keys.count } }
}
