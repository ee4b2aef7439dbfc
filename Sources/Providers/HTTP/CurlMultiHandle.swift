import CCurl

/// Owns a libcurl multi handle for as long as anyone can still wake it.
///
/// `@unchecked Sendable`: only `wakeUp()` (curl_multi_wakeup, which libcurl documents as safe to
/// call from any thread) is used off the event loop's thread. Everything else is called on that
/// one thread, or before it starts, or after it has finished.
final class CurlMultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init(maxConnectionsPerHost: Int, maxIdleConnections: Int) {
        CurlLibrary.initializeOnce()
        guard let raw = curl_multi_init() else {
            preconditionFailure("libcurl could not create a multi handle (out of memory)")
        }
        self.raw = raw
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost))
        // Without an explicit size the cache shrinks to four connections per transfer still
        // running, so every burst of calls would reconnect (and renegotiate TLS) from scratch.
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, max(1, maxIdleConnections))
    }

    /// Makes a `curl_multi_poll` in progress (or the next one) return at once.
    func wakeUp() {
        _ = curl_multi_wakeup(raw)
    }

    deinit {
        curl_multi_cleanup(raw)
    }
}
