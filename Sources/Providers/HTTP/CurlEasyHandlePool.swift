import CCurl

/// Idle easy handles kept for the next transfers, so a steady stream of requests does not
/// allocate and tear down libcurl state for each one. (Connections themselves live in the multi
/// handle's cache and are reused either way.) Used on the event loop thread only.
final class CurlEasyHandlePool {
    private var idle: [UnsafeMutableRawPointer] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// A handle with libcurl's default settings, or nil if libcurl is out of memory.
    func take() -> UnsafeMutableRawPointer? {
        idle.popLast() ?? curl_easy_init()
    }

    /// Takes back a handle that is no longer in the multi handle. Resetting it also drops every
    /// pointer it held into the finished transfer's memory.
    func giveBack(_ easy: UnsafeMutableRawPointer) {
        curl_easy_reset(easy)
        if idle.count < capacity {
            idle.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
    }

    deinit {
        for easy in idle { curl_easy_cleanup(easy) }
    }
}
