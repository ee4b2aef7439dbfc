import CCurl
import Foundation

/// One request on its way through libcurl: the easy handle and its settings, the memory those
/// settings point into, and the response as it arrives. Lives on the event loop thread only, and
/// must stay alive while its easy handle is in the multi handle (libcurl calls back into it).
final class CurlTransfer {
    let job: CurlJob
    let easy: UnsafeMutableRawPointer
    private let pool: CurlEasyHandlePool
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let requestBody: UnsafeMutableRawBufferPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var responseFields: [(name: String, value: String)] = []
    private var responseBody = Data()

    /// Sets `easy` up to send `job.request` byte for byte. On failure the handle goes back to
    /// the pool and nothing is left allocated.
    init(
        job: CurlJob, easy: UnsafeMutableRawPointer, pool: CurlEasyHandlePool,
        configuration: CurlHTTPClient.Configuration
    ) throws(HTTPTransportError) {
        self.job = job
        self.easy = easy
        self.pool = pool
        // libcurl reads POST data from our memory for the whole transfer; Data gives no pointer
        // that outlives a closure, so the bytes are copied once into memory this object owns.
        // A zero-byte buffer still needs a real address: a null one means "read from stdin".
        requestBody = .allocate(byteCount: max(job.request.body.count, 1), alignment: 1)
        requestBody.copyBytes(from: job.request.body)
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure(configuration)
    }

    deinit {
        // The handle must forget our memory before it is freed.
        pool.giveBack(easy)
        curl_slist_free_all(headerList)
        requestBody.deallocate()
        errorBuffer.deallocate()
    }

    private var request: HTTPRequest { job.request }

    /// Whether the request goes out with a body (and so with a Content-Length). POST, PUT and
    /// PATCH always do, if only `Content-Length: 0`, which servers such as S3 insist on.
    private var carriesBody: Bool {
        !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
    }

    private func configure(_ configuration: CurlHTTPClient.Configuration) throws(HTTPTransportError) {
        headerList = try makeHeaderList()
        try set(CURLOPT_NOSIGNAL, 1)  // signals cannot be used from a thread of a multi-threaded process
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        // The path was signed as it is: curl must not squash "/../" or "/./" in it.
        try set(CURLOPT_PATH_AS_IS, 1)
        // A redirect would replay a signed request somewhere else; the caller sees the 3xx.
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        if request.needsFreshConnection { try set(CURLOPT_FRESH_CONNECT, 1) }
        let milliseconds = Self.milliseconds(job.timeout)
        try set(CURLOPT_TIMEOUT_MS, milliseconds)
        try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        try set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        if let path = configuration.caBundlePath { try set(CURLOPT_CAINFO, path) }
        if let path = configuration.caDirectoryPath { try set(CURLOPT_CAPATH, path) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_setopt_write_function(easy) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.responseBody.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        try set(CURLOPT_WRITEDATA, context)
        try check(ccurl_setopt_header_function(easy) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        try set(CURLOPT_HEADERDATA, context)

        if request.method == "HEAD" {
            try set(CURLOPT_NOBODY, 1)
        } else if carriesBody {
            try check(ccurl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            try set(CURLOPT_POSTFIELDS, requestBody.baseAddress!)
            if request.method != "POST" { try set(CURLOPT_CUSTOMREQUEST, request.method) }
        } else if request.method == "GET" {
            try set(CURLOPT_HTTPGET, 1)
        } else {
            try set(CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    /// The request's own header lines, plus blank overrides for the headers curl would otherwise
    /// add by itself, so the wire carries what was signed and nothing that was not. (curl does
    /// write a request's own Host field under the name "Host", whatever its case; field names
    /// are case-insensitive, and signing lower-cases them anyway.)
    private func makeHeaderList() throws(HTTPTransportError) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        for (name, value) in request.headers {
            guard Self.isValidHeaderName(name), Self.isValidHeaderValue(value) else {
                throw .invalidHeader(name: String(name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }))
            }
            // "Name:" would tell curl to drop the header; "Name;" is its syntax for an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if !request.headers.contains("Expect") { lines.append("Expect:") }
        if !request.headers.contains("Accept") { lines.append("Accept:") }
        if carriesBody, !request.headers.contains("Content-Type") { lines.append("Content-Type:") }

        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw .transfer(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "out of memory", url: Self.displayURL(for: request))
            }
            list = longer
        }
        return list
    }

    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        // Trimmed as bytes: to Swift, "\r\n" is a single Character.
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        let line = Substring(String(decoding: bytes[..<end], as: UTF8.self))
        if line.hasPrefix("HTTP/") {
            // A new status line: whatever came before belonged to an interim (1xx) response.
            responseFields.removeAll()
        } else if let first = line.first, first == " " || first == "\t" {
            // An obsolete folded continuation of the previous field's value.
            if !responseFields.isEmpty {
                responseFields[responseFields.count - 1].value += " " + Self.trimmed(line)
            }
        } else if let colon = line.firstIndex(of: ":") {
            responseFields.append((String(line[..<colon]), Self.trimmed(line[line.index(after: colon)...])))
        }
    }

    /// The outcome, once libcurl reports the transfer done with `code`.
    func result(_ code: CURLcode) -> Result<HTTPResponse, HTTPTransportError> {
        guard code == CURLE_OK else {
            var osErrno = 0
            _ = ccurl_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno)
            let detail = errorBuffer.pointee != 0
                ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            return .failure(HTTPTransportError(
                curlCode: code, osErrno: Int32(truncatingIfNeeded: osErrno), detail: detail,
                request: request, timeout: job.timeout))
        }
        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var headers = HTTPHeaders()
        for field in responseFields { headers.add(field.name, field.value) }
        return .success(HTTPResponse(status: status, headers: headers, body: responseBody))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPTransportError) {
        try check(ccurl_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPTransportError) {
        try check(ccurl_setopt_string(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(HTTPTransportError) {
        try check(ccurl_setopt_pointer(easy, option, value))
    }

    private func check(_ code: CURLcode) throws(HTTPTransportError) {
        guard code == CURLE_OK else {
            throw .transfer(
                code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)),
                url: Self.displayURL(for: request))
        }
    }

    /// curl reads a timeout of 0 as "no timeout", so anything shorter than 1 ms becomes 1 ms.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? 1 : Int.max }
        return max(1, Int(clamping: scaled + attoseconds / 1_000_000_000_000_000))
    }

    /// The request's URL as error messages may show it: without the query string (presigned
    /// URLs carry their signature there) and without any user information.
    static func displayURL(for request: HTTPRequest) -> String {
        guard var components = URLComponents(string: request.url) else {
            return "\(request.endpoint.scheme ?? "http")://\(request.hostHeader)"
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "\(request.endpoint.scheme ?? "http")://\(request.hostHeader)"
    }

    private static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }

    private static func isValidHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    private static func isValidHeaderValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 != 0x0A && $0 != 0x0D && $0 != 0x00 }
    }
}
