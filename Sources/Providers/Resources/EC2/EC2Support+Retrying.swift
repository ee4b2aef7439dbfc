import Foundation
import Provisioner
import ResourceGraph

/// Waiting for EC2 objects to appear and go, and deletes that AWS refuses for a while.
extension EC2 {
    /// Runs a delete, retrying while AWS answers with one of `codes` (a security group still
    /// referenced, a network ACL still associated), until `timeout`; then the last refusal is
    /// thrown. An object that is already gone is success.
    static func deleteRetrying(_ what: String, codes: Set<String>, timeout: Duration, in context: AWSContext, _ call: @escaping @Sendable () async throws -> Void) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.seconds(2)
        while true {
            do {
                try await call()
                return
            } catch let error as AWSError where codes.contains(error.code ?? "") && ContinuousClock.now < deadline {
                context.progress("waiting for \(what) to be free to delete (\(error.code ?? ""))")
                try await Task.sleep(for: min(delay, max(deadline - ContinuousClock.now, .milliseconds(1))))
                delay = min(delay * 2, .seconds(20))
            } catch where isNotFound(error) {
                return
            }
        }
    }

    /// Polls until `find` sees the object, as EC2's eventual consistency requires after a
    /// create: a new object can be missing from Describe calls for a moment.
    static func waitUntilExists(_ what: String, timeout: Duration, in context: AWSContext, find: @escaping @Sendable () async throws -> Bool) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(1), maxDelay: .seconds(10))
        try await waiter.wait(for: "\(what) to exist", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            try await find() ? .done(()) : .pending("not visible yet")
        }
    }

    /// Polls until `find` no longer sees the object.
    static func waitUntilGone(_ what: String, timeout: Duration, in context: AWSContext, find: @escaping @Sendable () async throws -> Bool) async throws {
        let waiter = AWSWaiter(timeout: timeout, minDelay: .seconds(1), maxDelay: .seconds(10))
        try await waiter.wait(for: "\(what) to be deleted", progress: { context.progress($0.status) }) { () async throws -> WaitStatus<Void> in
            try await find() ? .pending("still visible") : .done(())
        }
    }
}
