import Foundation
import Provisioner
import ResourceGraph

/// The PutObject request an `aws_s3_object` makes from its planned attributes: the body (from
/// `source`, `content` or `content_base64`) and the headers that carry its settings. Settings
/// left unset or empty are not sent, so S3 applies its defaults, as the provider does.
struct S3ObjectUpload {
    var body: Data
    var headers: HTTPHeaders

    /// Arguments whose change means uploading the object again (S3 cannot change them on an
    /// object in place), as the provider lists them.
    static let contentAttributes = [
        "bucket_key_enabled", "cache_control", "checksum_algorithm", "content_base64", "content_disposition",
        "content_encoding", "content_language", "content_type", "content", "etag", "kms_key_id", "metadata",
        "server_side_encryption", "source", "source_hash", "storage_class", "website_redirect",
    ]

    /// Plain headers: argument and header name.
    static let headerArguments: [(attribute: String, header: String)] = [
        ("acl", "x-amz-acl"),
        ("cache_control", "Cache-Control"),
        ("content_disposition", "Content-Disposition"),
        ("content_encoding", "Content-Encoding"),
        ("content_language", "Content-Language"),
        ("content_type", "Content-Type"),
        ("object_lock_legal_hold_status", "x-amz-object-lock-legal-hold"),
        ("object_lock_mode", "x-amz-object-lock-mode"),
        ("storage_class", "x-amz-storage-class"),
        ("website_redirect", "x-amz-website-redirect-location"),
    ]

    init(_ planned: Value, tags: [String: String]) throws {
        body = try Self.body(planned)
        var headers: HTTPHeaders = [:]
        for (attribute, header) in Self.headerArguments {
            if let value = planned.string(attribute), !value.isEmpty { headers.add(header, value) }
        }
        if planned.bool("bucket_key_enabled") == true { headers.add("x-amz-server-side-encryption-bucket-key-enabled", "true") }
        // A KMS key implies SSE-KMS unless server_side_encryption says otherwise (aws:kms:dsse).
        let kmsKey = planned.string("kms_key_id").flatMap { $0.isEmpty ? nil : $0 }
        let encryption = planned.string("server_side_encryption").flatMap { $0.isEmpty ? nil : $0 } ?? (kmsKey == nil ? nil : "aws:kms")
        if let encryption { headers.add("x-amz-server-side-encryption", encryption) }
        if let kmsKey { headers.add("x-amz-server-side-encryption-aws-kms-key-id", kmsKey) }
        if let date = planned.string("object_lock_retain_until_date"), !date.isEmpty {
            headers.add("x-amz-object-lock-retain-until-date", date)
        }
        for (key, value) in (planned.stringMap("metadata") ?? [:]).sorted(by: { $0.key < $1.key }) {
            headers.add("x-amz-meta-" + key, value)
        }
        if !tags.isEmpty { headers.add("x-amz-tagging", Self.tagging(tags)) }
        self.headers = headers
    }

    /// The object's bytes: the file `source` names (`~` is the home directory, a relative path
    /// is taken from the working directory), the text `content`, the decoded `content_base64`,
    /// or nothing.
    static func body(_ planned: Value) throws -> Data {
        if let source = planned.string("source"), !source.isEmpty {
            let path = (source as NSString).expandingTildeInPath
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ProviderError("Opening S3 object source (\(path))", detail: "\(error.localizedDescription)")
            }
        }
        if let content = planned.string("content"), !content.isEmpty { return Data(content.utf8) }
        if let encoded = planned.string("content_base64"), !encoded.isEmpty {
            guard let data = Data(base64Encoded: encoded) else {
                throw ProviderError("Decoding content_base64", detail: "the value is not valid base64 (standard alphabet, with padding).")
            }
            return data
        }
        return Data()
    }

    /// Tags as PutObject's `x-amz-tagging` header takes them: URL query form.
    static func tagging(_ tags: [String: String]) -> String {
        tags.keys.sorted().map { AWSURIEncoding.encode($0) + "=" + AWSURIEncoding.encode(tags[$0]!) }.joined(separator: "&")
    }
}
