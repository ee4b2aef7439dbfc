import CCurl

/// libcurl's process-wide setup, which must run once before any handle is created and never
/// concurrently with itself.
enum CurlLibrary {
    /// A `static let` is initialised exactly once, under the runtime's own once-lock.
    private static let globalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    static func initializeOnce() {
        let result = globalInitResult
        precondition(
            result == CURLE_OK,
            "libcurl could not initialise: \(String(cString: curl_easy_strerror(result)))")
    }
}
