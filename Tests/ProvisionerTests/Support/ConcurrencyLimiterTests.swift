import Foundation
import Testing

@testable import Provisioner

/// The adaptive limit: how it moves with the outcomes providers report, driven call by call
/// (no clocks, no sleeping) with operations that hold their permits until released.
struct ConcurrencyLimiterTests {
    /// Operations that take a permit and hold it until `releaseAll`.
    final class HeldOperations: @unchecked Sendable {
        // @unchecked: guarded by `lock`.
        private let lock = NSLock()
        private var started = 0
        private var gates: [CheckedContinuation<Void, Never>] = []
        private var released = false

        var startedCount: Int { lock.withLock { started } }

        func start(_ count: Int, on limiter: ConcurrencyLimiter) -> [Task<Void, Never>] {
            (0..<count).map { _ in
                Task {
                    await limiter.run {
                        await withCheckedContinuation { gate in
                            let open = self.lock.withLock { () -> Bool in
                                self.started += 1
                                if self.released { return true }
                                self.gates.append(gate)
                                return false
                            }
                            if open { gate.resume() }
                        }
                    }
                }
            }
        }

        func releaseAll() {
            let waiting = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
                released = true
                defer { gates = [] }
                return gates
            }
            waiting.forEach { $0.resume() }
        }

        /// Waits (yielding, not sleeping) until `count` operations hold a permit.
        func waitUntilStarted(_ count: Int) async {
            while startedCount < count { await Task.yield() }
        }
    }

    static func quick(_ operation: String = "ec2:CreateSubnet") -> CallOutcome {
        .succeeded(operation: operation, latency: .milliseconds(100))
    }

    @Test func startsAtTenAndLetsOneMoreRunPerQuickSuccessWhileWorkWaits() async {
        let limiter = ConcurrencyLimiter(adaptiveFrom: 10, maximum: 40)
        let held = HeldOperations()
        let tasks = held.start(30, on: limiter)
        await held.waitUntilStarted(10)
        #expect(held.startedCount == 10)
        for _ in 0..<5 { await limiter.record(Self.quick()) }
        await held.waitUntilStarted(15)
        #expect(await limiter.currentLimit == 15)
        #expect(held.startedCount == 15)
        held.releaseAll()
        for task in tasks { await task.value }
    }

    @Test func neverGrowsPastTheUsersMaximum() async {
        let limiter = ConcurrencyLimiter(adaptiveFrom: 10, maximum: 12)
        let held = HeldOperations()
        let tasks = held.start(30, on: limiter)
        await held.waitUntilStarted(10)
        for _ in 0..<10 { await limiter.record(Self.quick()) }
        #expect(await limiter.currentLimit == 12)
        held.releaseAll()
        for task in tasks { await task.value }
    }

    @Test func aMaximumBelowTenIsWhereItStarts() async {
        #expect(await ConcurrencyLimiter.forRun(maximum: 3).currentLimit == 3)
        #expect(await ConcurrencyLimiter.forRun(maximum: nil).currentLimit == 10)
    }

    @Test func doesNotGrowWithoutWorkWaiting() async {
        let limiter = ConcurrencyLimiter(adaptiveFrom: 10, maximum: 64)
        for _ in 0..<20 { await limiter.record(Self.quick()) }
        #expect(await limiter.currentLimit == 10, "a limit raised while idle would let a later burst through at once")
    }

    @Test func slowAnswersHoldTheLimit() async {
        let limiter = ConcurrencyLimiter(adaptiveFrom: 10, maximum: 64)
        let held = HeldOperations()
        let tasks = held.start(20, on: limiter)
        await held.waitUntilStarted(10)
        await limiter.record(.succeeded(operation: "ec2:DescribeSubnets", latency: .milliseconds(100)))
        #expect(await limiter.currentLimit == 11)
        await limiter.record(.succeeded(operation: "ec2:DescribeSubnets", latency: .milliseconds(900)))
        #expect(await limiter.currentLimit == 11, "nine times slower than its fastest: the cloud is busy")
        await limiter.record(.succeeded(operation: "rds:CreateDBInstance", latency: .seconds(2)))
        #expect(await limiter.currentLimit == 12, "what is quick is judged per operation")
        held.releaseAll()
        for task in tasks { await task.value }
    }

    @Test func throttlingHalvesTheLimitOncePerRound() async {
        let limiter = ConcurrencyLimiter(adaptiveFrom: 10, maximum: 64)
        let held = HeldOperations()
        let tasks = held.start(40, on: limiter)
        await held.waitUntilStarted(10)
        for _ in 0..<10 { await limiter.record(Self.quick()) }
        #expect(await limiter.currentLimit == 20)
        for _ in 0..<5 { await limiter.record(.throttled) }
        #expect(await limiter.currentLimit == 10, "the calls in flight when the cloud pushed back count once")
        for _ in 0..<6 { await limiter.record(.throttled) }
        #expect(await limiter.currentLimit == 5, "a round later (as many reports as the limit), it halves again")
        for _ in 0..<20 { await limiter.record(.throttled) }
        #expect(await limiter.currentLimit == 1, "down to one, never below")
        held.releaseAll()
        for task in tasks { await task.value }
    }

    @Test func aFixedLimitIgnoresFeedback() async {
        let limiter = ConcurrencyLimiter(limit: 4)
        await limiter.record(.throttled)
        await limiter.record(Self.quick())
        #expect(await limiter.currentLimit == 4)
    }
}
