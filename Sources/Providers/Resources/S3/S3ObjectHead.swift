import Foundation
import Provisioner
import ResourceGraph

/// What HeadObject says about an object, as `aws_s3_object` attributes.
struct S3ObjectHead {
    var headers: [String: String]
    var metadata: [String: String]

    init(_ response: RESTResponse) {
        var headers: [String: String] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in response.headers.fields {
            let lowered = name.lowercased()
            if lowered.hasPrefix("x-amz-meta-") {
                metadata[String(lowered.dropFirst("x-amz-meta-".count))] = value
            } else {
                headers[lowered] = value
            }
        }
        self.headers = headers
        self.metadata = metadata
    }

    private func text(_ name: String) -> String { headers[name] ?? "" }

    /// A header for an argument that is only ever set by configuration: null when S3 has none,
    /// as an unset argument is.
    private func optional(_ name: String) -> Value {
        .string(headers[name].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The attributes S3 reports. `kms_key_id` keeps the prior value when S3 names no key, as
    /// the provider does.
    func attributes(current: Value) -> [String: Value] {
        var attributes: [String: Value] = [
            "bucket_key_enabled": .bool(headers["x-amz-server-side-encryption-bucket-key-enabled"]?.lowercased() == "true"),
            "cache_control": optional("cache-control"),
            "content_disposition": optional("content-disposition"),
            "content_encoding": optional("content-encoding"),
            "content_language": optional("content-language"),
            "content_type": .string(text("content-type")),
            // S3 quotes ETags.
            "etag": .string(text("etag").trimmingCharacters(in: CharacterSet(charactersIn: "\""))),
            "metadata": metadata.isEmpty ? .null(.map(.string)) : .stringMap(metadata),
            "object_lock_legal_hold_status": optional("x-amz-object-lock-legal-hold"),
            "object_lock_mode": optional("x-amz-object-lock-mode"),
            "object_lock_retain_until_date": .string(Self.date(headers["x-amz-object-lock-retain-until-date"]).map(Self.rfc3339)),
            "server_side_encryption": .string(text("x-amz-server-side-encryption")),
            // S3 leaves the header out for STANDARD, the default.
            "storage_class": .string(headers["x-amz-storage-class"].flatMap { $0.isEmpty ? nil : $0 } ?? "STANDARD"),
            "version_id": .string(text("x-amz-version-id")),
            "website_redirect": optional("x-amz-website-redirect-location"),
        ]
        for name in S3ObjectResource.checksumAttributes {
            attributes[name] = .string(text("x-amz-" + name.replacingOccurrences(of: "_", with: "-")))
        }
        if let key = headers["x-amz-server-side-encryption-aws-kms-key-id"] {
            attributes["kms_key_id"] = .string(key)
        } else {
            attributes["kms_key_id"] = current[attribute: "kms_key_id"].flatMap { $0.isKnown ? $0 : nil } ?? .string("")
        }
        return attributes
    }

    /// A retain-until date as the provider writes it: RFC 3339 in UTC, whole seconds.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// An ISO 8601 date with or without fractional seconds.
    static func date(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
