import Foundation

/// An object store that can hold states: read, conditional write, conditional delete, list.
/// S3 is the one prov has (in Providers); the engine sees it only through this protocol.
public protocol RemoteStateStorage: Sendable {
    /// Where an object is, for messages: `s3://bucket/key`.
    func location(of key: String) -> String

    /// The object at `key`, or nil when there is none.
    func read(_ key: String) async throws -> RemoteObject?

    /// Writes `data` to `key` if `condition` holds, marking the object with `writeID` (so a
    /// retried write can recognise its own earlier attempt). Returns the new object's ETag.
    /// Throws `RemotePreconditionFailed` when the condition does not hold.
    func write(_ key: String, data: Data, if condition: RemoteWriteCondition, writeID: String, contentType: String) async throws -> String

    /// Deletes `key`, if its ETag is `etag` when one is given. A missing object is not an
    /// error. Throws `RemotePreconditionFailed` when the object has another ETag.
    func delete(_ key: String, ifMatch etag: String?) async throws

    /// Every key that starts with `prefix`.
    func keys(withPrefix prefix: String) async throws -> [String]
}

/// An object's contents and identity.
public struct RemoteObject: Sendable {
    public var data: Data
    /// The version's ETag exactly as the store gave it (quotes included), to send back in
    /// `If-Match`.
    public var etag: String
    /// The `writeID` it was written with, when prov wrote it.
    public var writeID: String?

    public init(data: Data, etag: String, writeID: String?) {
        self.data = data
        self.etag = etag
        self.writeID = writeID
    }
}

/// When a write may happen.
public enum RemoteWriteCondition: Sendable, Equatable {
    /// Only if no object exists (`If-None-Match: *`).
    case absent
    /// Only if the object is still this version (`If-Match: etag`).
    case matches(String)
}

/// A conditional write or delete found the object not as expected.
public struct RemotePreconditionFailed: Error, CustomStringConvertible {
    public var location: String

    public init(location: String) { self.location = location }

    public var description: String { "\(location) is not the version this run expected" }
}
