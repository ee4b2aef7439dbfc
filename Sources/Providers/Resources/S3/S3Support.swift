import Foundation
import Provisioner
import ResourceGraph

/// What S3 resource types share: requests addressed to a bucket, S3's XML documents, errors
/// that mean "not there", and tag sets.
enum S3 {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    /// Calls an operation on a bucket (and key). `subresource` is the bare query parameter that
    /// names bucket-level operations (`versioning`, `tagging`, `policy`). Every request with a
    /// body carries its MD5, which S3 requires for most configuration puts and checks for all.
    @discardableResult
    static func call(
        _ operation: String, _ method: String, bucket: String, key: String? = nil, subresource: String? = nil,
        query: [(name: String, value: String)] = [], headers: HTTPHeaders = [:], body: RESTBody = .none,
        idempotent: Bool? = nil, in context: AWSContext
    ) async throws -> RESTResponse {
        let endpoint = try context.client.endpoint(for: .s3)
        let addressing = S3Addressing(bucket: bucket, key: key, endpoint: endpoint, forcePathStyle: context.settings.s3UsePathStyle)
        var allQuery = query
        if let subresource { allQuery.insert((subresource, ""), at: 0) }
        var allHeaders = headers
        if let payload = payload(of: body), !payload.isEmpty, !allHeaders.contains("Content-MD5") {
            allHeaders.add("Content-MD5", Crypto.base64(Crypto.md5(payload)))
        }
        return try await context.client.rest(
            .s3, operation: operation, method: method, path: addressing.path, query: allQuery, headers: allHeaders,
            body: body, hostPrefix: addressing.hostPrefix, idempotent: idempotent)
    }

    private static func payload(of body: RESTBody) -> Data? {
        switch body {
        case .none: nil
        case .xml(let document): Data(document.utf8)
        case .bytes(let data, _): data
        case .json: nil
        }
    }

    /// A request document: the root element in S3's namespace.
    static func document(_ name: String, _ children: [XMLNode?]) -> RESTBody {
        .xml(XMLNode.element(name, attributes: ["xmlns": namespace], children.compactMap { $0 }).xmlDocument)
    }

    static func leaf(_ name: String, _ text: String?) -> XMLNode? {
        text.map { .leaf(name, $0) }
    }

    // MARK: Errors

    static func hasCode(_ error: any Error, _ codes: String...) -> Bool {
        guard let code = (error as? AWSError)?.code else { return false }
        return codes.contains(code)
    }

    /// The bucket does not exist (a HEAD request's 404 has no body, so no code but `NotFound`).
    static func isNoSuchBucket(_ error: any Error) -> Bool {
        hasCode(error, "NoSuchBucket", "NotFound")
    }

    // MARK: Buckets

    /// Whether the bucket exists and may be used with these credentials.
    static func bucketExists(_ bucket: String, in context: AWSContext) async throws -> Bool {
        do {
            try await call("HeadBucket", "HEAD", bucket: bucket, in: context)
            return true
        } catch where isNoSuchBucket(error) {
            return false
        }
    }

    /// The region the bucket lives in: HeadBucket's `x-amz-bucket-region`, or GetBucketLocation
    /// where that header is missing (an empty location is us-east-1, `EU` is eu-west-1).
    static func bucketRegion(_ bucket: String, in context: AWSContext) async throws -> String {
        let head = try await call("HeadBucket", "HEAD", bucket: bucket, in: context)
        if let region = head.header("x-amz-bucket-region"), !region.isEmpty { return region }
        let location = try await call("GetBucketLocation", "GET", bucket: bucket, subresource: "location", in: context).xml().text
        switch location {
        case "": return "us-east-1"
        case "EU": return "eu-west-1"
        default: return location
        }
    }

    /// Whether the bucket is configured as a website (which gives it website endpoints).
    static func hasWebsite(_ bucket: String, in context: AWSContext) async throws -> Bool {
        do {
            try await call("GetBucketWebsite", "GET", bucket: bucket, subresource: "website", in: context)
            return true
        } catch where hasCode(error, "NoSuchWebsiteConfiguration", "MethodNotAllowed", "NotImplemented", "XNotImplemented") {
            return false
        }
    }

    /// Polls until the bucket answers (a new bucket takes a moment to be visible everywhere)
    /// or, with `exists: false`, until it no longer does.
    static func waitForBucket(_ bucket: String, exists: Bool, timeout: Duration, in context: AWSContext) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(1), maxDelay: .seconds(10), clock: context.client.configuration.clock)
        let what = "S3 Bucket \(bucket) to " + (exists ? "exist" : "be deleted")
        try await waiter.wait(for: what, progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            try await bucketExists(bucket, in: context) == exists ? .done(()) : .pending(exists ? "not visible yet" : "still visible")
        }
    }

    /// Runs `call`, trying again while S3 does not know a bucket made a moment ago.
    @discardableResult
    static func retryingNewBucket<T: Sendable>(in context: AWSContext, _ call: () async throws -> T) async throws -> T {
        try await retrying(timeout: .seconds(120), in: context, when: { $0.code == "NoSuchBucket" }, call)
    }

    /// Runs `call`, trying again while `retryable` says the error will pass (a bucket or an IAM
    /// principal not visible yet, an earlier change still in progress), for at most `timeout`
    /// on the client's clock.
    @discardableResult
    static func retrying<T: Sendable>(
        timeout: Duration, in context: AWSContext, when retryable: (AWSError) -> Bool, _ call: () async throws -> T
    ) async throws -> T {
        let clock = context.client.configuration.clock
        let deadline = clock.now().addingTimeInterval(timeout.timeInterval)
        var delay = Duration.seconds(1)
        while true {
            do {
                return try await call()
            } catch let error as AWSError where retryable(error) && clock.now() < deadline {
                context.progress("\(error.code ?? "retrying"): trying again")
                try await clock.sleep(delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }

    // MARK: Tags

    /// A `Tagging` document for PutBucketTagging and PutObjectTagging.
    static func tagging(_ tags: [String: String]) -> RESTBody {
        document("Tagging", [
            .element("TagSet", tags.keys.sorted().map { key in
                .element("Tag", [.leaf("Key", key), .leaf("Value", tags[key]!)])
            }),
        ])
    }

    static func tags(from document: XMLNode) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in document.all("TagSet", "Tag") {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    /// Tags S3 puts on or the provider is told to leave alone survive a change of the others:
    /// S3's tagging calls replace the whole set.
    static func preservedTags(_ remote: [String: String], settings: AWSProviderBlock) -> [String: String] {
        remote.filter { $0.key.hasPrefix("aws:") || settings.ignoresTag($0.key) }
    }

    static func bucketTags(_ bucket: String, in context: AWSContext) async throws -> [String: String] {
        do {
            return tags(from: try await call("GetBucketTagging", "GET", bucket: bucket, subresource: "tagging", in: context).xml())
        } catch where hasCode(error, "NoSuchTagSet", "NoSuchTagSetError") {
            return [:]
        }
    }

    /// Brings the bucket's tags to `wanted` (PutBucketTagging replaces them all; with none left,
    /// DeleteBucketTagging).
    static func updateBucketTags(_ bucket: String, to wanted: [String: String], in context: AWSContext) async throws {
        let all = preservedTags(try await bucketTags(bucket, in: context), settings: context.settings).merging(wanted) { _, new in new }
        if all.isEmpty {
            try await call("DeleteBucketTagging", "DELETE", bucket: bucket, subresource: "tagging", in: context)
        } else {
            try await call("PutBucketTagging", "PUT", bucket: bucket, subresource: "tagging", body: tagging(all), in: context)
        }
    }
}
