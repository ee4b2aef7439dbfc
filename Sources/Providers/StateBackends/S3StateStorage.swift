import Foundation
import Provisioner
import ResourceGraph

/// States as objects in an S3 bucket, written with S3's conditional writes: `If-None-Match: *`
/// creates an object only if none exists, `If-Match: <ETag>` replaces only the version read
/// before. Either answers 412 PreconditionFailed when the condition does not hold (409
/// ConditionalRequestConflict while another conditional write to the key is in flight, which
/// is the same race lost).
struct S3StateStorage: RemoteStateStorage {
    /// The user metadata that marks a version with the write that made it.
    static let writeIDHeader = "x-amz-meta-prov-write-id"

    /// Server-side encryption for what is written (`encrypt = true`): S3-managed keys, or KMS
    /// with `kms_key_id`.
    enum Encryption: Sendable, Equatable {
        case s3Managed
        case kms(keyID: String)
    }

    let client: AWSClient
    let bucket: String
    let forcePathStyle: Bool
    let encryption: Encryption?

    func location(of key: String) -> String { "s3://\(bucket)/\(key)" }

    func read(_ key: String) async throws -> RemoteObject? {
        let response: RESTResponse
        do {
            response = try await call("GetObject", "GET", key: key)
        } catch let error as AWSError where error.hasCode("NoSuchKey") {
            return nil
        }
        guard let etag = response.header("ETag") else {
            throw StateBackendError("Unreadable state object", "S3 returned \(location(of: key)) without an ETag, so prov cannot make conditional writes to it.")
        }
        return RemoteObject(data: response.body, etag: etag, writeID: response.header(Self.writeIDHeader))
    }

    func write(_ key: String, data: Data, if condition: RemoteWriteCondition, writeID: String, contentType: String) async throws -> String {
        var headers: HTTPHeaders = [:]
        switch condition {
        case .absent: headers.add("If-None-Match", "*")
        case .matches(let etag): headers.add("If-Match", etag)
        }
        switch encryption {
        case .s3Managed:
            headers.add("x-amz-server-side-encryption", "AES256")
        case .kms(let keyID):
            headers.add("x-amz-server-side-encryption", "aws:kms")
            headers.add("x-amz-server-side-encryption-aws-kms-key-id", keyID)
        case nil:
            break
        }
        headers.add(Self.writeIDHeader, writeID)
        headers.add("Content-MD5", Crypto.base64(Crypto.md5(data)))
        let response: RESTResponse
        do {
            response = try await call("PutObject", "PUT", key: key, headers: headers, body: .bytes(data, contentType: contentType))
        } catch let error as AWSError where Self.isLostCondition(error, condition) {
            throw RemotePreconditionFailed(location: location(of: key))
        }
        guard let etag = response.header("ETag") else {
            throw StateBackendError("Unreadable S3 answer", "S3 stored \(location(of: key)) but returned no ETag, so prov cannot make the next conditional write.")
        }
        return etag
    }

    func delete(_ key: String, ifMatch etag: String?) async throws {
        var headers: HTTPHeaders = [:]
        if let etag { headers.add("If-Match", etag) }
        do {
            try await call("DeleteObject", "DELETE", key: key, headers: headers)
        } catch let error as AWSError where error.hasCode("NoSuchKey") || error.status == 404 {
            return
        } catch let error as AWSError where error.hasCode("PreconditionFailed", "ConditionalRequestConflict") {
            throw RemotePreconditionFailed(location: location(of: key))
        }
    }

    func keys(withPrefix prefix: String) async throws -> [String] {
        var keys: [String] = []
        var continuation: String? = nil
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
            if let continuation { query.append(("continuation-token", continuation)) }
            let page = try await call("ListObjectsV2", "GET", key: nil, query: query).xml()
            keys += page.children("Contents").compactMap { $0.string("Key") }
            continuation = page.string("IsTruncated") == "true" ? page.string("NextContinuationToken") : nil
        } while continuation != nil
        return keys
    }

    /// Whether a failed write lost its condition: 412, 409 for a concurrent conditional write,
    /// or (for `If-Match`) 404 because the object it expected was deleted.
    static func isLostCondition(_ error: AWSError, _ condition: RemoteWriteCondition) -> Bool {
        if error.hasCode("PreconditionFailed", "ConditionalRequestConflict") || error.status == 412 || error.status == 409 { return true }
        if case .matches = condition { return error.hasCode("NoSuchKey") }
        return false
    }

    @discardableResult
    private func call(
        _ operation: String, _ method: String, key: String?, query: [(name: String, value: String)] = [],
        headers: HTTPHeaders = [:], body: RESTBody = .none
    ) async throws -> RESTResponse {
        let addressing = S3Addressing(bucket: bucket, key: key, endpoint: try client.endpoint(for: .s3), forcePathStyle: forcePathStyle)
        return try await client.rest(
            .s3, operation: operation, method: method, path: addressing.path, query: query, headers: headers, body: body,
            hostPrefix: addressing.hostPrefix)
    }
}
