import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// Failures injected between the cloud acting and state recording it: a process killed after a
/// create call, an answer lost on the way back, a branch failing half-way. The next run (or the
/// same one) must converge on exactly the declared objects: none doubled, none orphaned.
@Suite struct ReconciliationTests {
    static let network = """
    resource "fake_thing" "vpc" {
      name = "vpc"
    }
    resource "fake_thing" "subnet" {
      count     = 3
      name      = "subnet-${count.index}"
      parent_id = fake_thing.vpc.id
    }
    """

    /// Applies until the create of `name` has acted in the cloud, then abandons the run as a
    /// killed process would: the call never answers, state never records the object, and the
    /// journal entry written before the call stays.
    func applyKilled(afterCreating name: String, _ harness: EngineHarness) async throws {
        harness.cloud.hangAfterCreate = [name]
        let (created, signal) = AsyncStream<String>.makeStream()
        harness.cloud.onCreated = { signal.yield($0) }
        let run = Task { try await harness.apply() }
        // Wait until the object exists, then kill the run.
        for await made in created where made == name { break }
        run.cancel()
        _ = try? await run.value
        harness.cloud.hangAfterCreate = []
        harness.cloud.onCreated = nil
    }

    func names(_ cloud: FakeCloud) -> [String] {
        cloud.all.values.compactMap { $0[attribute: "name"]?.stringValue }.sorted()
    }

    @Test func aCreateKilledAfterTheCallIsAdoptedByTheNextRunNotDoubled() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await applyKilled(afterCreating: "vpc", harness)
        #expect(names(harness.cloud) == ["vpc"])
        #expect(try harness.state().resources.isEmpty, "the killed run never recorded the object")
        let journal = try StateStore.open(at: harness.statePath).unresolvedOperations()
        #expect(journal.map(\.address.description) == ["fake_thing.vpc"])
        #expect(journal.first?.providerKey == "provider[\"fake\"]")

        let (plan, planDiagnostics) = try await harness.plan()
        #expect(!planDiagnostics.hasErrors, "\(planDiagnostics)")
        #expect(plan?.action("fake_thing.vpc") == .noOp, "the plan shows no create for what exists")
        #expect(plan?.changes.first { $0.address.description == "fake_thing.vpc" }?.reconciledID != nil)
        #expect(plan?.action("fake_thing.subnet[0]") == .create)

        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(names(harness.cloud) == ["subnet-0", "subnet-1", "subnet-2", "vpc"])
        let state = try harness.state()
        #expect(state.resources.count == 4)
        let vpcID = state.resources[InstanceAddress.parse("fake_thing.vpc")!]?.value[attribute: "id"]?.stringValue
        #expect(state.resources.values.filter { $0.address.resource.name == "subnet" }.allSatisfy { $0.value[attribute: "parent_id"]?.stringValue == vpcID })
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
        let (after, _) = try await harness.plan()
        #expect(after?.hasChanges == false)
    }

    @Test func aCreateKilledBeforeActingIsClearedAndCreatedOnce() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await harness.apply()
        // A run that recorded its intent to create a fourth subnet, then died before the call.
        let store = try StateStore.open(at: harness.statePath)
        _ = try store.beginOperation(runID: "killed", address: InstanceAddress.parse("fake_thing.subnet[3]")!, action: "create", token: "t", details: JournalEntry.details(providerKey: "provider[\"fake\"]"))
        try harness.write(Self.network.replacingOccurrences(of: "count     = 3", with: "count     = 4"))
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.subnet[3]") == .create)
        #expect(harness.cloud.lookups == ["fake_thing.subnet[3]"])
        try await harness.apply()
        #expect(names(harness.cloud) == ["subnet-0", "subnet-1", "subnet-2", "subnet-3", "vpc"])
        #expect(try store.unresolvedOperations().isEmpty)
    }

    @Test func whatAKilledRunCreatedForAnInstanceNoLongerDeclaredIsDeleted() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await applyKilled(afterCreating: "subnet-2", harness)
        #expect(names(harness.cloud).contains("subnet-2"))
        // The configuration shrank meanwhile: subnet[2] is no longer wanted.
        try harness.write(Self.network.replacingOccurrences(of: "count     = 3", with: "count     = 2"))
        let (plan, _) = try await harness.plan()
        let change = try #require(plan?.changes.first { $0.address.description == "fake_thing.subnet[2]" })
        #expect(change.action == .delete)
        #expect(change.reconciledID != nil)
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(names(harness.cloud) == ["subnet-0", "subnet-1", "vpc"])
        #expect(try harness.state().resources.count == 3)
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }

    @Test func aPlanAloneChangesNothingAndAnApplyAfterItStillReconciles() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await applyKilled(afterCreating: "vpc", harness)
        _ = try await harness.plan()
        _ = try await harness.plan()
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().count == 1, "plan does not write")
        try await harness.apply()
        #expect(names(harness.cloud).filter { $0 == "vpc" }.count == 1)
    }

    @Test func aTypeThatCannotBeLookedUpWarnsAndClearsTheEntry() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await applyKilled(afterCreating: "vpc", harness)
        harness.cloud.supportsLookup = false
        let (plan, diagnostics) = try await harness.apply()
        #expect(plan?.action("fake_thing.vpc") == .create)
        #expect(diagnostics.items.contains { $0.severity == .warning && $0.summary == "Interrupted create not reconciled" && $0.detail.contains("prov import") })
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }

    // MARK: Lost answers within a run

    @Test func aCreateWhoseAnswerIsLostIsLookedUpNotRepeated() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        harness.cloud.loseAnswers = ["vpc": 1, "subnet-1": 2]
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(names(harness.cloud) == ["subnet-0", "subnet-1", "subnet-2", "vpc"], "nothing created twice")
        #expect(harness.cloud.lookups.sorted() == ["fake_thing.subnet[1]", "fake_thing.vpc"])
        #expect(try harness.state().resources.count == 4)
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }

    /// The answer was lost before the create's follow-up ran: the object found is brought up
    /// to date with the configuration in the same run.
    @Test func anObjectFoundAfterALostAnswerIsBroughtUpToDate() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "tagged" {
          name = "tagged"
          tags = { Team = "a" }
        }
        """)
        harness.cloud.loseAnswersBeforeFollowUp = ["tagged": 1]
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(harness.cloud.callLog.contains("update fake_thing.tagged"))
        #expect(harness.cloud.all.values.first?.stringMapValue("tags") == ["Team": "a"])
        #expect(harness.cloud.count == 1)
        let (plan, _) = try await harness.plan()
        #expect(plan?.hasChanges == false)
    }

    @Test func aCreateWhoseAnswerIsLostBeforeItActedIsSentAgain() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        harness.cloud.failWithoutAnswer = ["vpc": 2]
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(names(harness.cloud) == ["subnet-0", "subnet-1", "subnet-2", "vpc"])
        #expect(harness.cloud.callLog.filter { $0 == "create fake_thing.vpc" }.count == 3)
    }

    @Test func answersLostTooOftenLeaveTheEntryForTheNextRun() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        harness.cloud.failWithoutAnswer = ["vpc": Applier.lostAnswerAttempts]
        let (_, diagnostics) = try await harness.apply()
        #expect(diagnostics.errors.contains { $0.detail.contains("The next run looks for the object before creating it again") })
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().map(\.address.description) == ["fake_thing.vpc"])
        try await harness.apply()
        #expect(names(harness.cloud) == ["subnet-0", "subnet-1", "subnet-2", "vpc"])
    }

    // MARK: Partial failures

    @Test func aFailedFollowUpTaintsWhileIndependentBranchesFinish() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network + "\n" + """
        resource "fake_thing" "other" {
          count = 2
          name  = "other-${count.index}"
        }
        """)
        harness.cloud.failAfterCreate = ["subnet-1"]
        let (_, diagnostics) = try await harness.apply()
        #expect(diagnostics.hasErrors)
        let state = try harness.state()
        #expect(state.resources.count == 6, "everything created is recorded, the failed one included")
        #expect(state.resources[InstanceAddress.parse("fake_thing.subnet[1]")!]?.status == .tainted)
        #expect(state.resources[InstanceAddress.parse("fake_thing.other[1]")!]?.status == .ready)

        harness.cloud.failAfterCreate = []
        let (plan, _) = try await harness.apply()
        #expect(plan?.action("fake_thing.subnet[1]") == .deleteThenCreate)
        #expect(names(harness.cloud) == ["other-0", "other-1", "subnet-0", "subnet-1", "subnet-2", "vpc"])
    }

    // MARK: Destroy

    @Test func destroyRemovesObjectsTaggedWithTheStackThatStateDoesNotKnow() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await harness.apply()
        let lineage = try harness.state().lineage
        // An object a killed run made whose journal entry is gone too (a state restored from
        // a backup), and one of another stack that must be left alone.
        let stray = harness.cloud.newID("thing")
        harness.cloud.store(.object(["id": .string(stray), "name": .string("stray"), "arn": .string("arn:fake:::\(stray)")]), id: stray)
        harness.cloud.tag(stray, stack: lineage, address: "fake_thing.subnet[1]")
        let foreign = harness.cloud.newID("thing")
        harness.cloud.store(.object(["id": .string(foreign), "name": .string("foreign")]), id: foreign)
        harness.cloud.tag(foreign, stack: "another-stack", address: "fake_thing.vpc")

        let (plan, _) = try await harness.plan(.destroy)
        let untracked = try #require(plan?.changes.first { $0.reason == .untracked })
        #expect(untracked.address.description == "fake_thing.subnet[1]")
        #expect(untracked.deposedKey == stray)
        #expect(plan?.resourceChangeCount.destroy == 5)

        harness.cloud.resetLog()
        let (_, diagnostics) = try await harness.apply(.destroy)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(names(harness.cloud) == ["foreign"])
        let log = harness.cloud.callLog
        let strayDeleted = try #require(log.lastIndex(of: "end delete fake_thing.subnet[1]"))
        #expect(strayDeleted < (log.firstIndex(of: "start delete fake_thing.vpc") ?? -1), "an untracked subnet goes before the VPC it depends on")
    }

    @Test func destroyLeavesAloneWhatStateRmReleased() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await harness.apply()
        try StateStore.open(at: harness.statePath).forget([InstanceAddress.parse("fake_thing.subnet[0]")!])
        let (plan, _) = try await harness.plan(.destroy)
        #expect(plan?.changes.contains { $0.reason == .untracked } == false)
        try await harness.apply(.destroy)
        #expect(names(harness.cloud) == ["subnet-0"], "the released object is no longer prov's to delete")
    }

    @Test func destroyAfterAKilledApplyLeavesNothing() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        try await applyKilled(afterCreating: "subnet-0", harness)
        let (_, diagnostics) = try await harness.apply(.destroy)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(harness.cloud.count == 0)
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }

    // MARK: Ctrl-C

    @Test func theFirstInterruptNamesTheCallsInFlightAndFailsTheApply() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.network)
        let events = EventLog()
        let session = try await Session.open(statePath: harness.statePath, plugins: [FakeProvider(cloud: harness.cloud)], observer: events, operation: "test", keyring: harness.keyring)
        let result = await session.plan(PlanOptions(directory: harness.directory))
        harness.cloud.onStart = { what in if what == "create fake_thing.vpc" { session.stop.stop() } }
        let diagnostics = await session.apply(result)
        session.close()
        #expect(events.interruptions == [["fake_thing.vpc"]], "the calls in flight are named")
        #expect(diagnostics.errors.contains { $0.summary == "Apply interrupted" })
        #expect(harness.cloud.count == 1, "the call in flight finished, nothing new started")
        #expect(try harness.state().resources.keys.map(\.description) == ["fake_thing.vpc"])
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }
}

/// Records the engine's interrupt events.
final class EventLog: EngineObserver, @unchecked Sendable {
    // @unchecked: `recorded` is guarded by `lock`.
    private let lock = NSLock()
    private var recorded: [[String]] = []

    func event(_ event: EngineEvent) {
        if case .interrupted(let inFlight) = event {
            lock.withLock { recorded.append(inFlight.map(\.description)) }
        }
    }

    var interruptions: [[String]] { lock.withLock { recorded } }
}

extension Value {
    func stringMapValue(_ name: String) -> [String: String]? {
        self[attribute: name]?.attributes?.compactMapValues(\.stringValue)
    }
}
