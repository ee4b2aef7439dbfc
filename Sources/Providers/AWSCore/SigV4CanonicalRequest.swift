import Foundation

/// The canonical form of a request that SigV4 hashes and signs, and the rules that produce it.
struct SigV4CanonicalRequest: Sendable, Equatable {
    /// How the request path becomes the canonical URI.
    enum PathRule: Sendable, Equatable {
        /// Remove `.` and `..` segments and repeated slashes, then URI-encode the (already
        /// encoded) wire path once more: what AWS expects for every service but S3.
        case normalizeAndEncode
        /// URI-encode the wire path once more without normalising it.
        case encode
        /// Use the wire path exactly as sent: S3, whose keys may legitimately contain `//` or
        /// `..`, signs the path as it is on the wire.
        case asSent
    }

    /// The whole canonical request, lines joined with "\n".
    let text: String
    /// Lower-case names of the signed headers, sorted and joined with ";".
    let signedHeaders: String

    /// Headers that proxies or HTTP clients may add, drop or rewrite on the way, so signing them
    /// would break the signature; the same list botocore leaves out, plus the signature itself.
    static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
        "x-amzn-trace-id",
    ]

    init(
        method: String, path: String, pathRule: PathRule, query: [(name: String, value: String)],
        headers: HTTPHeaders, payloadHash: String
    ) {
        self.init(
            method: method, path: path, pathRule: pathRule, query: query,
            canonicalHeaders: Self.canonicalHeaders(headers), payloadHash: payloadHash)
    }

    /// For callers that need the signed header names before the request is complete
    /// (pre-signing puts them in the query), so the headers are not canonicalised twice.
    init(
        method: String, path: String, pathRule: PathRule, query: [(name: String, value: String)],
        canonicalHeaders: [(name: String, value: String)], payloadHash: String
    ) {
        signedHeaders = Self.signedHeaderList(canonicalHeaders)

        var text = method.uppercased()
        text += "\n" + Self.canonicalURI(path: path, rule: pathRule)
        text += "\n" + Self.canonicalQuery(query)
        text += "\n"
        for header in canonicalHeaders {
            text += header.name + ":" + header.value + "\n"
        }
        text += "\n" + signedHeaders
        text += "\n" + payloadHash
        self.text = text
    }

    // MARK: URI

    static func canonicalURI(path: String, rule: PathRule) -> String {
        switch rule {
        case .normalizeAndEncode: AWSURIEncoding.encode(normalizedPath(path), keepSlash: true)
        case .encode: AWSURIEncoding.encode(path.isEmpty ? "/" : path, keepSlash: true)
        case .asSent: path.isEmpty ? "/" : path
        }
    }

    /// RFC 3986 dot-segment removal, plus dropping empty segments (AWS treats `//` as `/`).
    /// A trailing slash is kept when something is left before it.
    static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let trailingSlash = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return "/" + segments.joined(separator: "/") + trailingSlash
    }

    // MARK: Query

    /// Each decoded name and value encoded, sorted by encoded name then encoded value.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query
            .map { (name: AWSURIEncoding.encode($0.name), value: AWSURIEncoding.encode($0.value)) }
            .sorted {
                $0.name == $1.name
                    ? $0.value.utf8.lexicographicallyPrecedes($1.value.utf8)
                    : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
            }
            .map { $0.name + "=" + $0.value }
            .joined(separator: "&")
    }

    // MARK: Headers

    /// Signed headers by lower-case name in byte order; the values of a repeated header are
    /// trimmed and joined with "," in the order they appear.
    static func canonicalHeaders(_ headers: HTTPHeaders) -> [(name: String, value: String)] {
        var valuesByName: [String: [String]] = [:]
        for field in headers {
            let name = field.name.lowercased()
            guard !unsignedHeaderNames.contains(name) else { continue }
            valuesByName[name, default: []].append(trimmedHeaderValue(field.value))
        }
        return valuesByName
            .map { (name: $0.key, value: $0.value.joined(separator: ",")) }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    static func signedHeaderList(_ canonicalHeaders: [(name: String, value: String)]) -> String {
        canonicalHeaders.map(\.name).joined(separator: ";")
    }

    /// The value with leading and trailing whitespace removed and every inner run of whitespace
    /// (folded lines included) turned into one space.
    static func trimmedHeaderValue(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(UInt8(ascii: " ")) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C: true
        default: false
        }
    }
}
