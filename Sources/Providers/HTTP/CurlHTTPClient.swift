import Foundation

/// An `HTTPTransport` on libcurl's multi interface: one dedicated thread drives every transfer,
/// so hundreds of requests can be in flight at once, connections are reused, and no Swift
/// concurrency thread ever blocks on the network.
///
/// `send` hands the request to that thread and suspends until it completes. Cancelling the
/// calling task aborts the transfer and `send` throws `CancellationError`.
public final class CurlHTTPClient: HTTPTransport {
    /// A client for the whole process, created on first use.
    public static let shared = CurlHTTPClient()

    private let queue: CurlTransferQueue

    public init(configuration: Configuration = Configuration()) {
        let multi = CurlMultiHandle(
            maxConnectionsPerHost: configuration.maxConnectionsPerHost,
            maxIdleConnections: configuration.maxIdleConnections)
        let queue = CurlTransferQueue(multi: multi)
        self.queue = queue
        // A thread of its own rather than a task: curl_multi_poll blocks, and the cooperative
        // pool (two threads on a two-core machine) must never be blocked.
        let thread = Thread {
            // Named from inside: on Linux, naming a Thread before it starts does not reach the OS.
            Thread.current.name = "prov-http"
            CurlEventLoop(multi: multi, queue: queue, configuration: configuration).run()
        }
        thread.start()
    }

    deinit {
        queue.shutDown()
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let id = queue.reserve()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.submit(CurlJob(id: id, request: request, timeout: timeout, continuation: continuation))
            }
        } onCancel: {
            queue.cancel(id)
        }
    }
}
