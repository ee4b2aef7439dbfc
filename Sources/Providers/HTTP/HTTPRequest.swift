import Foundation

/// An HTTP request as the AWS layer builds it, kept in the parts that signing needs: the path as
/// it goes on the wire (already percent-encoded), the query as decoded name/value pairs (encoded
/// by `AWSURIEncoding` both when sent and when signed, so the two always agree), headers, body.
public struct HTTPRequest: Sendable {
    public var method: String
    /// Scheme, host and port, e.g. `https://ec2.eu-west-1.amazonaws.com` or `http://127.0.0.1:5000`.
    public var endpoint: URL
    /// The percent-encoded path, starting with "/".
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: HTTPHeaders
    public var body: Data
    /// Send on a new connection. libcurl sends a request again by itself when a reused
    /// connection closes before any answer arrives (the server may have acted on it): a request
    /// that must not be repeated (a create without a client token) is never given that chance.
    public var needsFreshConnection = false

    public init(
        method: String, endpoint: URL, path: String = "/",
        query: [(name: String, value: String)] = [], headers: HTTPHeaders = [:], body: Data = Data()
    ) {
        self.method = method
        self.endpoint = endpoint
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The host header value: host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        let host = endpoint.host ?? ""
        guard let port = endpoint.port else { return host }
        let isDefault = (endpoint.scheme == "https" && port == 443) || (endpoint.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    /// The query string as sent: pairs in their given order, each part encoded.
    public var encodedQuery: String {
        query.map { AWSURIEncoding.encode($0.name) + "=" + AWSURIEncoding.encode($0.value) }
            .joined(separator: "&")
    }

    /// The full URL to send the request to.
    public var url: String {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let basePath = endpoint.path == "/" ? "" : endpoint.path
        if !basePath.isEmpty, base.hasSuffix(basePath) { base.removeLast(basePath.count) }
        let queryPart = query.isEmpty ? "" : "?" + encodedQuery
        return base + basePath + path + queryPart
    }
}

/// An HTTP response: status, headers and the whole body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// Send on a new connection. libcurl sends a request again by itself when a reused
    /// connection closes before any answer arrives (the server may have acted on it): a request
    /// that must not be repeated (a create without a client token) is never given that chance.
    public var needsFreshConnection = false

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// AWS's URI encoding (RFC 3986 unreserved characters kept, everything else as %XX with
/// upper-case hex), used for query strings and canonical requests alike.
public enum AWSURIEncoding {
    public static func encode(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return out
    }

    /// Decodes %XX sequences (and leaves anything malformed as it is).
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]),
               let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else if plusAsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
             UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static let hexDigits = (0..<16).map { String($0, radix: 16, uppercase: true) }
}
