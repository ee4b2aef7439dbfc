import Foundation
@testable import Provisioner

/// An object store in memory with S3's conditional-write rules, for testing the remote backend
/// without a network: every version gets a new ETag, `If-None-Match: *` and `If-Match` are
/// checked atomically, and tests can make another writer get in first, lose an answer after
/// the write took effect (as a retried request would see), or fail writes outright.
final class InMemoryObjectStore: RemoteStateStorage, @unchecked Sendable {
    // @unchecked: every field is guarded by `lock`.
    struct Write: Equatable {
        var key: String
        var condition: RemoteWriteCondition
    }

    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "connection refused (simulated)" }
    }

    private let lock = NSLock()
    private var objects: [String: RemoteObject] = [:]
    private var versions = 0
    private var _writes: [Write] = []
    /// Runs before the next write to a key, once: another writer getting in first.
    private var interlopers: [String: () -> Void] = [:]
    /// Keys whose next write takes effect but answers as a lost condition.
    private var lostAnswers: Set<String> = []
    private var failWrites = false

    func location(of key: String) -> String { "mem://bucket/\(key)" }

    func read(_ key: String) async throws -> RemoteObject? {
        lock.withLock { objects[key] }
    }

    func write(_ key: String, data: Data, if condition: RemoteWriteCondition, writeID: String, contentType: String) async throws -> String {
        let interloper = lock.withLock { interlopers.removeValue(forKey: key) }
        interloper?()
        return try lock.withLock {
            if failWrites { throw Unreachable() }
            _writes.append(Write(key: key, condition: condition))
            switch condition {
            case .absent: guard objects[key] == nil else { throw RemotePreconditionFailed(location: location(of: key)) }
            case .matches(let etag): guard objects[key]?.etag == etag else { throw RemotePreconditionFailed(location: location(of: key)) }
            }
            let etag = storeLocked(key, data, writeID: writeID)
            if lostAnswers.remove(key) != nil { throw RemotePreconditionFailed(location: location(of: key)) }
            return etag
        }
    }

    func delete(_ key: String, ifMatch etag: String?) async throws {
        try lock.withLock {
            guard let current = objects[key] else { return }
            if let etag, current.etag != etag { throw RemotePreconditionFailed(location: location(of: key)) }
            objects[key] = nil
        }
    }

    func keys(withPrefix prefix: String) async throws -> [String] {
        lock.withLock { objects.keys.filter { $0.hasPrefix(prefix) }.sorted() }
    }

    // MARK: Test controls

    /// Puts an object as another writer would (no conditions).
    @discardableResult
    func put(_ key: String, _ data: Data, writeID: String? = nil) -> String {
        lock.withLock { storeLocked(key, data, writeID: writeID) }
    }

    func object(_ key: String) -> RemoteObject? { lock.withLock { objects[key] } }

    var writes: [Write] { lock.withLock { _writes } }

    func beforeNextWrite(to key: String, _ action: @escaping () -> Void) {
        lock.withLock { interlopers[key] = action }
    }

    func loseAnswerOfNextWrite(to key: String) {
        lock.withLock { _ = lostAnswers.insert(key) }
    }

    func setFailWrites(_ fail: Bool) {
        lock.withLock { failWrites = fail }
    }

    private func storeLocked(_ key: String, _ data: Data, writeID: String?) -> String {
        versions += 1
        let etag = "\"v\(versions)\""
        objects[key] = RemoteObject(data: data, etag: etag, writeID: writeID)
        return etag
    }
}
