import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct ApplyOrderingTests {
    /// root ← mid[0..3] ← leaf; wide[0..7] independent of all.
    static let configuration = """
    resource "fake_thing" "root" {
      name = "root"
    }
    resource "fake_thing" "mid" {
      count     = 4
      name      = "mid-${count.index}"
      parent_id = fake_thing.root.id
    }
    resource "fake_thing" "leaf" {
      name      = "leaf"
      parent_id = fake_thing.mid[3].id
    }
    resource "fake_thing" "wide" {
      count = 8
      name  = "wide-${count.index}"
    }
    """

    static let dependencies: [(dependent: String, dependency: String)] = [
        ("fake_thing.mid[0]", "fake_thing.root"), ("fake_thing.mid[3]", "fake_thing.root"), ("fake_thing.leaf", "fake_thing.mid[0]"),
        ("fake_thing.leaf", "fake_thing.mid[3]"), ("fake_thing.leaf", "fake_thing.root"),
    ]

    func position(_ event: String, in log: [String]) throws -> Int {
        try #require(log.firstIndex(of: event), "missing \(event)")
    }

    @Test func aDependentStartsOnlyAfterItsDependencyFinishesAndDestroyRunsInReverse() async throws {
        let harness = try EngineHarness()
        harness.cloud.latency = .milliseconds(30)
        try harness.write(Self.configuration)
        try await harness.apply()
        let log = harness.cloud.callLog
        for (dependent, dependency) in Self.dependencies {
            #expect(try position("end create \(dependency)", in: log) < position("start create \(dependent)", in: log), "\(dependent) after \(dependency)")
        }
        #expect(harness.cloud.maximumConcurrency > 1, "independent resources run at the same time")

        harness.cloud.resetLog()
        try await harness.apply(.destroy)
        let destroyLog = harness.cloud.callLog
        for (dependent, dependency) in Self.dependencies {
            #expect(try position("end delete \(dependent)", in: destroyLog) < position("start delete \(dependency)", in: destroyLog), "\(dependent) deleted before \(dependency)")
        }
    }

    @Test func parallelismBoundsConcurrentCalls() async throws {
        let harness = try EngineHarness()
        harness.cloud.latency = .milliseconds(30)
        try harness.write(Self.configuration)
        let session = try await harness.session()
        var options = PlanOptions(directory: harness.directory)
        options.parallelism = 3
        let result = await session.plan(options)
        let diagnostics = await session.apply(result)
        session.close()
        #expect(!diagnostics.hasErrors)
        #expect(harness.cloud.maximumConcurrency <= 3)
        #expect(harness.cloud.maximumConcurrency >= 2)
    }

    @Test func stoppingLetsCallsInFlightFinishAndStartsNothingNew() async throws {
        let harness = try EngineHarness()
        harness.cloud.latency = .milliseconds(200)
        try harness.write(Self.configuration)
        let session = try await harness.session()
        let result = await session.plan(PlanOptions(directory: harness.directory))
        // The first Ctrl-C arrives while the first calls are in flight.
        harness.cloud.onStart = { _ in session.stop.stop() }
        let diagnostics = await session.apply(result)
        session.close()
        #expect(diagnostics.errors.contains { $0.summary == "Apply interrupted" })
        let log = harness.cloud.callLog
        let started = log.filter { $0.hasPrefix("start") }.count
        let finished = log.filter { $0.hasPrefix("end") }.count
        #expect(started == finished, "every call that started also finished")
        #expect(started < 14, "not everything was started")
        let state = try harness.state()
        #expect(state.resources.count == harness.cloud.count, "state records every object that exists")
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }

    /// A replaced object (deleted, then created) with a dependent updated in place to point at
    /// the new one, as a new ECS task definition revision and its service: the old object goes,
    /// the new one comes, then the dependent is updated.
    @Test func aDependentUpdateFollowsTheReplacementOfItsDependency() async throws {
        let harness = try EngineHarness()
        func configuration(_ definition: String) -> String {
            """
            resource "fake_thing" "definition" {
              name = "\(definition)"
            }
            resource "fake_thing" "service" {
              name = "service"
              tags = { definition = fake_thing.definition.id }
            }
            """
        }
        try harness.write(configuration("first"))
        try await harness.apply()
        harness.cloud.resetLog()
        try harness.write(configuration("second"))
        let (plan, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.action("fake_thing.definition") == .deleteThenCreate)
        #expect(plan?.action("fake_thing.service") == .update)
        let log = harness.cloud.callLog
        #expect(try position("end delete fake_thing.definition", in: log) < position("start create fake_thing.definition", in: log))
        #expect(try position("end create fake_thing.definition", in: log) < position("update fake_thing.service", in: log))
    }
}
