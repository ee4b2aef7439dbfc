import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// The apply's parallelism adapts: it grows past Terraform's 10 while the cloud answers, backs
/// off when it throttles, and stays under the user's -parallelism.
@Suite struct AdaptiveParallelismTests {
    @Test func growsPastTenAndBacksOffWhenTheCloudThrottles() async throws {
        let harness = try EngineHarness()
        harness.cloud.capacity = 24
        harness.cloud.workYields = 40
        try harness.write("""
            resource "fake_thing" "many" {
              count = 150
              name  = "many-${count.index}"
            }
            """)
        let session = try await harness.session()
        var options = PlanOptions(directory: harness.directory)
        options.parallelism = 40
        let result = await session.plan(options)
        let diagnostics = await session.apply(result)
        session.close()
        #expect(!diagnostics.hasErrors)
        #expect(harness.cloud.count == 150)
        #expect(harness.cloud.maximumConcurrency > 10, "more than the starting 10 ran at once while calls succeeded")
        #expect(harness.cloud.throttledCalls > 0, "the cloud's capacity was reached")
        let finalLimit = try #require(await result.context?.limiter.currentLimit)
        #expect(finalLimit < 40, "throttling brought the limit down from the maximum (it ended at \(finalLimit))")
    }

    @Test func aSetParallelismIsNeverExceeded() async throws {
        let harness = try EngineHarness()
        harness.cloud.workYields = 40
        try harness.write("""
            resource "fake_thing" "many" {
              count = 60
              name  = "many-${count.index}"
            }
            """)
        let session = try await harness.session()
        var options = PlanOptions(directory: harness.directory)
        options.parallelism = 12
        let result = await session.plan(options)
        let diagnostics = await session.apply(result)
        session.close()
        #expect(!diagnostics.hasErrors)
        #expect(harness.cloud.maximumConcurrency <= 12)
    }
}
