import CCurl
import Foundation

/// What runs on a `CurlHTTPClient`'s own thread: starts queued transfers, drives them all with
/// `curl_multi_perform`, resumes their callers when they finish, and otherwise sleeps in
/// `curl_multi_poll` until a socket is ready, a timer is due or `send` wakes it. Created on that
/// thread and never touched from any other.
final class CurlEventLoop {
    private let multi: CurlMultiHandle
    private let queue: CurlTransferQueue
    private let configuration: CurlHTTPClient.Configuration
    private let pool: CurlEasyHandlePool
    private var transfersByHandle: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var handlesByID: [UInt64: UnsafeMutableRawPointer] = [:]

    /// New work always comes with a wake-up and libcurl shortens the wait for its own timers, so
    /// this only bounds how long an idle loop sleeps between needless checks.
    private static let idlePollMilliseconds: Int32 = 10_000

    init(multi: CurlMultiHandle, queue: CurlTransferQueue, configuration: CurlHTTPClient.Configuration) {
        self.multi = multi
        self.queue = queue
        self.configuration = configuration
        pool = CurlEasyHandlePool(capacity: configuration.maxIdleConnections)
    }

    /// Returns once the client has shut down.
    func run() {
        while true {
            let work = queue.takeWork()
            if work.isShutDown {
                abandonEverything(work.jobsToStart)
                return
            }
            for job in work.jobsToStart { start(job) }
            for id in work.idsToAbort { abort(id) }
            var stillRunning: Int32 = 0
            _ = curl_multi_perform(multi.raw, &stillRunning)
            completeFinishedTransfers()
            _ = curl_multi_poll(multi.raw, nil, 0, Self.idlePollMilliseconds, nil)
        }
    }

    private func start(_ job: CurlJob) {
        guard let easy = pool.take() else {
            fail(job, with: .transfer(
                code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "out of memory",
                url: CurlTransfer.displayURL(for: job.request)))
            return
        }
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(job: job, easy: easy, pool: pool, configuration: configuration)
        } catch {
            fail(job, with: error)
            return
        }
        let added = curl_multi_add_handle(multi.raw, easy)
        guard added == CURLM_OK else {
            fail(job, with: .transfer(
                code: Int(CURLE_FAILED_INIT.rawValue),
                message: "could not start the transfer: \(String(cString: curl_multi_strerror(added)))",
                url: CurlTransfer.displayURL(for: job.request)))
            return
        }
        transfersByHandle[easy] = transfer
        handlesByID[job.id] = easy
    }

    private func completeFinishedTransfers() {
        var messagesLeft: Int32 = 0
        while let message = curl_multi_info_read(multi.raw, &messagesLeft) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = transfersByHandle.removeValue(forKey: easy)
            else { continue }
            // Read before removing the handle: that invalidates `message`.
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi.raw, easy)
            handlesByID[transfer.job.id] = nil
            let result = transfer.result(code)
            queue.finish(transfer.job.id)
            transfer.job.continuation.resume(with: result)
        }
    }

    /// Stops a running transfer whose caller was cancelled. Removing the handle closes its
    /// connection if the exchange was incomplete, so nothing half-read is ever reused.
    private func abort(_ id: UInt64) {
        guard let easy = handlesByID.removeValue(forKey: id),
              let transfer = transfersByHandle.removeValue(forKey: easy)
        else { return }
        curl_multi_remove_handle(multi.raw, easy)
        queue.finish(id)
        transfer.job.continuation.resume(throwing: CancellationError())
    }

    private func fail(_ job: CurlJob, with error: HTTPTransportError) {
        queue.finish(job.id)
        job.continuation.resume(throwing: error)
    }

    /// Only reachable if a `send` outlived its client, which holding the client prevents; its
    /// callers still get an answer rather than hanging forever.
    private func abandonEverything(_ unstartedJobs: [CurlJob]) {
        for job in unstartedJobs {
            queue.finish(job.id)
            job.continuation.resume(throwing: CancellationError())
        }
        for id in Array(handlesByID.keys) { abort(id) }
    }
}
