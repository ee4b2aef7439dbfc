import Foundation

/// A request waiting for the event loop, with the continuation its caller is suspended on.
struct CurlJob: Sendable {
    let id: UInt64
    let request: HTTPRequest
    let timeout: Duration
    let continuation: CheckedContinuation<HTTPResponse, any Error>
}

/// What the event loop has to do next.
struct CurlWork {
    var jobsToStart: [CurlJob] = []
    var idsToAbort: [UInt64] = []
    var isShutDown = false
}

/// The hand-over point between the tasks calling `send` and the event loop thread.
///
/// Every request id goes through `reserved → queued → running → (removed)`, and whoever moves a
/// job out of `queued` owns its continuation and resumes it exactly once: the event loop when it
/// starts the job, or a cancellation that arrives first. A cancellation that arrives before the
/// job is even submitted (the task was already cancelled) leaves `cancelledEarly` behind so that
/// the submission fails at once.
///
/// `@unchecked Sendable`: all mutable state is guarded by `lock`.
final class CurlTransferQueue: @unchecked Sendable {
    private enum Phase {
        case reserved
        case cancelledEarly
        case queued(CurlJob)
        case running
    }

    private let lock = NSLock()
    private let multi: CurlMultiHandle
    private var phases: [UInt64: Phase] = [:]
    private var startOrder: [UInt64] = []
    private var abortOrder: [UInt64] = []
    private var nextID: UInt64 = 0
    private var isShutDown = false

    init(multi: CurlMultiHandle) {
        self.multi = multi
    }

    /// Allocates the id under which a request is submitted and cancelled.
    func reserve() -> UInt64 {
        lock.withLock {
            nextID += 1
            phases[nextID] = .reserved
            return nextID
        }
    }

    func submit(_ job: CurlJob) {
        let accepted: Bool = lock.withLock {
            guard case .reserved = phases[job.id], !isShutDown else {
                phases[job.id] = nil
                return false
            }
            phases[job.id] = .queued(job)
            startOrder.append(job.id)
            return true
        }
        if accepted {
            multi.wakeUp()
        } else {
            job.continuation.resume(throwing: CancellationError())
        }
    }

    func cancel(_ id: UInt64) {
        let (unstartedJob, mustWake): (CurlJob?, Bool) = lock.withLock {
            switch phases[id] {
            case .reserved:
                phases[id] = .cancelledEarly
                return (nil, false)
            case let .queued(job):
                // Its id stays in `startOrder`; `takeWork` skips ids without a queued job.
                phases[id] = nil
                return (job, false)
            case .running:
                abortOrder.append(id)
                return (nil, true)
            case .cancelledEarly, nil:
                return (nil, false)
            }
        }
        unstartedJob?.continuation.resume(throwing: CancellationError())
        if mustWake { multi.wakeUp() }
    }

    /// Called by the event loop: hands over the jobs to start (now `running`) and the running ids
    /// to abort.
    func takeWork() -> CurlWork {
        lock.withLock {
            var work = CurlWork(isShutDown: isShutDown)
            for id in startOrder {
                if case let .queued(job) = phases[id] {
                    phases[id] = .running
                    work.jobsToStart.append(job)
                }
            }
            startOrder.removeAll(keepingCapacity: true)
            work.idsToAbort = abortOrder
            abortOrder.removeAll(keepingCapacity: true)
            return work
        }
    }

    /// Called by the event loop before it resumes a running job, so a late cancellation finds
    /// nothing left to abort.
    func finish(_ id: UInt64) {
        lock.withLock { phases[id] = nil }
    }

    /// Asks the event loop to stop. Jobs handed to it afterwards fail with `CancellationError`.
    func shutDown() {
        lock.withLock { isShutDown = true }
        multi.wakeUp()
    }
}
