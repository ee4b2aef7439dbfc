import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// `state mv`: instances, whole resources and modules get new addresses; what depends on them
/// follows; the next plan, with the configuration renamed the same way, has nothing to do.
@Suite struct StateMoveTests {
    static let family = """
    resource "fake_thing" "parent" {
      name = "parent"
    }
    resource "fake_thing" "child" {
      count     = 2
      name      = "child-${count.index}"
      parent_id = fake_thing.parent.id
    }
    resource "fake_thing" "watcher" {
      name = "watcher"
      tags = { Watches = fake_thing.child[0].id }
    }
    """

    func move(_ source: String, _ destination: String, in harness: EngineHarness) throws -> StateMovePlan {
        let store = try StateStore.open(at: harness.statePath)
        let plan = try StateMovePlanner.plan(from: StateTarget.parse(source)!, to: StateTarget.parse(destination)!, in: store.snapshot())
        try store.move(plan.moves)
        return plan
    }

    func dependencies(_ address: String, in harness: EngineHarness) throws -> [String] {
        try #require(try harness.state().resources[InstanceAddress.parse(address)!]).dependencies.map(\.description)
    }

    @Test func aKeylessResourceMovesAsItsInstanceAndDependentsFollowIt() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.family)
        try await harness.apply()
        let serial = try harness.state().serial

        let plan = try move("fake_thing.parent", "fake_thing.root", in: harness)
        #expect(plan.steps == [.init(from: "fake_thing.parent", to: "fake_thing.root")])
        let state = try harness.state()
        #expect(state.resources[InstanceAddress.parse("fake_thing.parent")!] == nil)
        #expect(state.resources[InstanceAddress.parse("fake_thing.root")!]?.value[attribute: "name"] == .string("parent"))
        #expect(state.serial == serial + 1, "one transaction, one serial")
        #expect(try dependencies("fake_thing.child[0]", in: harness) == ["fake_thing.root"])

        try harness.write(Self.family.replacingOccurrences(of: "\"parent\" {", with: "\"root\" {").replacingOccurrences(of: "fake_thing.parent.id", with: "fake_thing.root.id"))
        let (next, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(next?.hasChanges == false, "\(next?.actionsByAddress ?? [:])")
    }

    @Test func aResourceWithCountMovesWithAllItsInstancesAndKeys() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.family)
        try await harness.apply()

        let plan = try move("fake_thing.child", "fake_thing.kid", in: harness)
        #expect(plan.moves.count == 2)
        #expect(try harness.state().instanceAddresses.map(\.description) == ["fake_thing.kid[0]", "fake_thing.kid[1]", "fake_thing.parent", "fake_thing.watcher"])
        #expect(try dependencies("fake_thing.watcher", in: harness) == ["fake_thing.kid"])
        #expect(try dependencies("fake_thing.kid[1]", in: harness) == ["fake_thing.parent"], "the moved objects keep their own dependencies")

        try harness.write(Self.family.replacingOccurrences(of: "\"child\" {", with: "\"kid\" {").replacingOccurrences(of: "fake_thing.child[0]", with: "fake_thing.kid[0]"))
        #expect(try await harness.plan().0?.hasChanges == false)
    }

    @Test func movingOneInstanceKeepsDependentsOnBothResources() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.family)
        try await harness.apply()

        let plan = try move("fake_thing.child[0]", "fake_thing.first", in: harness)
        #expect(plan.moves == [InstanceAddress.parse("fake_thing.child[0]")!: InstanceAddress.parse("fake_thing.first")!])
        #expect(try dependencies("fake_thing.watcher", in: harness) == ["fake_thing.child", "fake_thing.first"])
    }

    @Test func aModuleMovesWithItsNestedModules() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        module "net" {
          source = "./modules/net"
        }
        resource "fake_thing" "user" {
          name = "user"
          tags = { Net = module.net.id }
        }
        """)
        try harness.write("""
        resource "fake_thing" "vpc" {
          name = "vpc"
        }
        module "inner" {
          source = "./inner"
        }
        output "id" {
          value = fake_thing.vpc.id
        }
        """, to: "modules/net/main.tf")
        try harness.write("resource \"fake_thing\" \"deep\" {\n  name = \"deep\"\n}\n", to: "modules/net/inner/main.tf")
        try await harness.apply()
        #expect(try dependencies("fake_thing.user", in: harness) == ["module.net.fake_thing.vpc"])

        let plan = try move("module.net", "module.network", in: harness)
        #expect(plan.steps.map(\.to) == ["module.network", "module.network.module.inner"])
        #expect(try harness.state().instanceAddresses.map(\.description) == [
            "fake_thing.user", "module.network.fake_thing.vpc", "module.network.module.inner.fake_thing.deep",
        ])
        #expect(try dependencies("fake_thing.user", in: harness) == ["module.network.fake_thing.vpc"])

        try harness.write("""
        module "network" {
          source = "./modules/net"
        }
        resource "fake_thing" "user" {
          name = "user"
          tags = { Net = module.network.id }
        }
        """)
        let (next, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(next?.hasChanges == false, "\(next?.actionsByAddress ?? [:])")
    }

    @Test func movesThatCannotBeMadeAreRefusedWithTerraformsReasons() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.family)
        try await harness.apply()
        let snapshot = try harness.state()
        func refusal(_ source: String, _ destination: String) -> Diagnostic? {
            do {
                _ = try StateMovePlanner.plan(from: StateTarget.parse(source)!, to: StateTarget.parse(destination)!, in: snapshot)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal("fake_thing.child[0]", "fake_thing.child[1]")?.detail == "Cannot move to fake_thing.child[1]: there is already a resource instance at that address in the current state.")
        #expect(refusal("fake_thing.child", "fake_thing.parent")?.detail == "Cannot move to fake_thing.parent: there is already a resource at that address in the current state.")
        #expect(refusal("fake_thing.child", "fake_thing.kid[0]")?.summary == "Invalid target address")
        #expect(refusal("fake_thing.parent", "other_thing.parent")?.detail == "Cannot move fake_thing.parent to other_thing.parent: resource types don't match.")
        #expect(refusal("fake_thing.missing", "fake_thing.other")?.summary == "Invalid source address")
        #expect(refusal("module.none", "module.other")?.summary == "Invalid source address")
        #expect(refusal("fake_thing.parent", "data.fake_thing.parent")?.summary == "Invalid state move request")

        // The store refuses on its own too, in one transaction that changes nothing.
        let store = try StateStore.open(at: harness.statePath)
        #expect(throws: StateEditError.self) {
            try store.move([InstanceAddress.parse("fake_thing.parent")!: InstanceAddress.parse("fake_thing.watcher")!])
        }
        #expect(try harness.state().serial == snapshot.serial)
    }
}
