import Foundation

@testable import Providers

/// An HTTP/1.1 request as written out in the signing test suite's `*.txt` files, parsed into
/// the parts the signer needs.
///
/// The files are not quite wire format: the request target holds raw spaces and UTF-8 (the
/// tests treat it as the already-encoded wire path), and lines end in "\n".
struct RawHTTPRequest {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var method: String
    var target: String
    /// In file order; a folded (multi-line) value keeps its line breaks.
    var headers: [(name: String, value: String)]
    var body: Data

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        let (head, body) = Self.splitHeadFromBody(bytes)
        self.body = Data(body)

        var lines = String(decoding: head, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first,
              let firstSpace = requestLine.firstIndex(of: " "),
              let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else { throw ParseError(description: "Request line is missing or malformed") }
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])

        headers = []
        for line in lines.dropFirst() {
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else {
                    throw ParseError(description: "Continuation line before any header: \(line)")
                }
                headers[headers.count - 1].value += "\n" + line
            } else {
                guard let colon = line.firstIndex(of: ":") else {
                    throw ParseError(description: "Header line without a colon: \(line)")
                }
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
    }

    /// The part of the target before "?", used as the wire path.
    var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The query's pairs, decoded.
    var query: [(name: String, value: String)] {
        guard let questionMark = target.firstIndex(of: "?") else { return [] }
        return target[target.index(after: questionMark)...]
            .split(separator: "&")
            .map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (
                    AWSURIEncoding.decode(String(parts[0])),
                    AWSURIEncoding.decode(parts.count > 1 ? String(parts[1]) : "")
                )
            }
    }

    func httpRequest() throws -> HTTPRequest {
        guard let host = headers.first(where: { $0.name.lowercased() == "host" })?.value,
              let endpoint = URL(string: "https://" + host.trimmingCharacters(in: .whitespaces))
        else { throw ParseError(description: "Request has no usable Host header") }
        var httpHeaders = HTTPHeaders()
        for header in headers { httpHeaders.add(header.name, header.value) }
        return HTTPRequest(method: method, endpoint: endpoint, path: path, query: query, headers: httpHeaders, body: body)
    }

    /// Head and body split at the first empty line; without one, the whole file is the head.
    private static func splitHeadFromBody(_ bytes: [UInt8]) -> (head: ArraySlice<UInt8>, body: ArraySlice<UInt8>) {
        let newline = UInt8(ascii: "\n")
        var index = bytes.startIndex
        while let lineEnd = bytes[index...].firstIndex(of: newline) {
            var next = lineEnd + 1
            if next < bytes.endIndex, bytes[next] == UInt8(ascii: "\r") { next += 1 }
            if next < bytes.endIndex, bytes[next] == newline {
                return (bytes[..<lineEnd], bytes[(next + 1)...])
            }
            index = lineEnd + 1
        }
        return (bytes[...], [])
    }
}
