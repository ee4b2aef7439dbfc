import Foundation

/// Where an S3 request for a bucket goes: the bucket as the first label of the host
/// (`bucket.s3.eu-west-1.amazonaws.com/key`, virtual-hosted style) or as the first segment of
/// the path (`s3.eu-west-1.amazonaws.com/bucket/key`, path style).
///
/// The choice follows S3's endpoint rules as the AWS SDKs (and so the Terraform provider) apply
/// them: path style when the provider block says `s3_use_path_style = true`, when the endpoint
/// is an IP address (an emulator or proxy on `http://127.0.0.1:4566` has no DNS for bucket
/// names), or when the bucket name cannot be a host label (capitals or underscores in legacy
/// names, or dots over HTTPS, where the wildcard certificate would not match); virtual-hosted
/// style otherwise.
struct S3Addressing: Sendable, Equatable {
    /// The wire path, labels encoded: `/bucket/key` or `/key`.
    var path: String
    /// What goes in front of the endpoint's host: `bucket.` or nothing.
    var hostPrefix: String?

    init(bucket: String, key: String?, endpoint: AWSEndpoint, forcePathStyle: Bool) {
        // S3 keys are signed and sent as they are, so `/`, `..` and `//` stay in the path.
        let encodedKey = key.map { AWSURIEncoding.encode($0, keepSlash: true) }
        if Self.usesPathStyle(bucket: bucket, endpoint: endpoint, forcePathStyle: forcePathStyle) {
            path = "/" + AWSURIEncoding.encode(bucket) + (encodedKey.map { "/" + $0 } ?? "")
            hostPrefix = nil
        } else {
            path = "/" + (encodedKey ?? "")
            hostPrefix = bucket + "."
        }
    }

    static func usesPathStyle(bucket: String, endpoint: AWSEndpoint, forcePathStyle: Bool) -> Bool {
        if forcePathStyle || isIPAddress(endpoint.host) { return true }
        return !isVirtualHostable(bucket, overHTTPS: endpoint.url.scheme?.lowercased() != "http")
    }

    /// Whether the bucket name can be a DNS label in front of S3's host: 3 to 63 characters of
    /// lower-case letters, digits, hyphens and (not over HTTPS) dots, each label starting and
    /// ending with a letter or digit, and not shaped like an IPv4 address.
    static func isVirtualHostable(_ bucket: String, overHTTPS: Bool) -> Bool {
        guard (3...63).contains(bucket.utf8.count), !isIPAddress(bucket) else { return false }
        let labels = bucket.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1 && overHTTPS { return false }
        return labels.allSatisfy { label in
            guard let first = label.utf8.first, let last = label.utf8.last else { return false }
            return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
                && label.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A dotted-quad IPv4 address or a (bracketed) IPv6 address.
    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }
}
