import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// `state rm`, `taint` and `untaint`, and how state commands find and order instances.
@Suite struct StateEditTests {
    @Test func forgettingAnInstanceLeavesTheRemoteObjectAndTheNextPlanCreatesItAgain() async throws {
        let harness = try EngineHarness()
        try harness.write(PlanAndApplyTests.twoThings)
        try await harness.apply()
        let store = try StateStore.open(at: harness.statePath)
        let lookup = StateLookup.instances(["fake_thing.child"], in: try store.snapshot(), allowMissing: false)
        #expect(lookup.instances.map(\.description) == ["fake_thing.child[0]", "fake_thing.child[1]"])
        try store.forget(lookup.instances)

        #expect(harness.cloud.count == 3, "the remote objects are not deleted")
        #expect(try harness.state().instanceAddresses.map(\.description) == ["fake_thing.parent"])
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.child[0]") == .create)
        #expect(plan?.action("fake_thing.parent") == .noOp)
    }

    @Test func forgettingRemovesDeposedObjectsToo() throws {
        let harness = try EngineHarness()
        let store = try StateStore.open(at: harness.statePath)
        let address = InstanceAddress.parse("fake_thing.a")!
        try store.put(ResourceInstanceObject(address: address, providerKey: "provider[\"fake\"]", value: .object(["id": .string("old")])))
        try store.depose(address, key: "00000001")
        try store.put(ResourceInstanceObject(address: address, providerKey: "provider[\"fake\"]", value: .object(["id": .string("new")])))
        #expect(try store.snapshot().deposed[address]?.count == 1)
        try store.forget([address])
        #expect(try store.snapshot().isEmpty)
    }

    @Test func taintReplacesOnTheNextPlanAndUntaintUndoesIt() async throws {
        let harness = try EngineHarness()
        try harness.write(PlanAndApplyTests.twoThings)
        try await harness.apply()
        let store = try StateStore.open(at: harness.statePath)
        let parent = InstanceAddress.parse("fake_thing.parent")!

        try store.setStatus(.tainted, of: parent)
        #expect(try store.snapshot().resources[parent]?.status == .tainted)
        let (tainted, _) = try await harness.plan()
        #expect(tainted?.action("fake_thing.parent") == .deleteThenCreate)
        #expect(tainted?.changes.first { $0.address == parent }?.reason == .tainted)

        try store.setStatus(.ready, of: parent)
        let (untainted, _) = try await harness.plan()
        #expect(untainted?.hasChanges == false)

        #expect(throws: StateEditError.self) { try store.setStatus(.tainted, of: InstanceAddress.parse("fake_thing.nothing")!) }
    }

    @Test func targetsParseAndCoverWhatTerraformsDo() {
        #expect(StateTarget.parse("aws_vpc.main") == .resource(ResourceAddress(type: "aws_vpc", name: "main")))
        #expect(StateTarget.parse("aws_subnet.a[0]") == .instance(InstanceAddress(resource: ResourceAddress(type: "aws_subnet", name: "a"), key: .index(0))))
        #expect(StateTarget.parse("module.net[\"x.y\"].module.inner") == .module(ModulePath.root.child("net", key: .key("x.y")).child("inner")))
        #expect(StateTarget.parse("module.") == nil)
        #expect(StateTarget.parse("not an address") == nil)

        let keyed = InstanceAddress.parse("module.net[1].fake_thing.a")!
        #expect(StateTarget.parse("module.net")!.contains(keyed), "a module without a key covers every key")
        #expect(StateTarget.parse("module.net[1]")!.contains(keyed))
        #expect(!StateTarget.parse("module.net[0]")!.contains(keyed))
        #expect(!StateTarget.parse("module.ne")!.contains(keyed))
    }

    @Test func instancesAreListedInTerraformsOrder() {
        var snapshot = StateSnapshot(lineage: "l", serial: 1)
        for text in ["module.b.fake_thing.x", "fake_thing.z", "data.fake_lookup.a", "fake_thing.a[\"k\"]", "fake_thing.a[10]", "fake_thing.a[2]", "module.a.module.c.fake_thing.y", "module.a.fake_thing.y"] {
            let address = InstanceAddress.parse(text)!
            snapshot.resources[address] = ResourceInstanceObject(address: address, providerKey: "provider[\"fake\"]", value: .emptyObject)
        }
        #expect(snapshot.instanceAddresses.map(\.description) == [
            "data.fake_lookup.a", "fake_thing.a[2]", "fake_thing.a[10]", "fake_thing.a[\"k\"]", "fake_thing.z",
            "module.a.fake_thing.y", "module.b.fake_thing.x", "module.a.module.c.fake_thing.y",
        ])
        let lookup = StateLookup.instances(["module.a", "fake_thing.nope", "bad address"], in: snapshot, allowMissing: false)
        #expect(lookup.instances.map(\.description) == ["module.a.fake_thing.y", "module.a.module.c.fake_thing.y"])
        #expect(lookup.diagnostics.errors.map(\.summary) == ["Unknown resource", "Invalid address"])
    }
}
