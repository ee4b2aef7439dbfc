import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct TargetingTests {
    /// base ← app[0..1] ← edge; base ← module.extra.inner; lonely stands alone.
    static let configuration = """
    resource "fake_thing" "base" {
      name = "base"
    }
    resource "fake_thing" "app" {
      count     = 2
      name      = "app-${count.index}"
      parent_id = fake_thing.base.id
    }
    resource "fake_thing" "edge" {
      name      = "edge"
      parent_id = fake_thing.app[0].id
    }
    resource "fake_thing" "lonely" {
      name = "lonely"
    }
    module "extra" {
      source = "./extra"
      parent = fake_thing.base.id
    }
    output "edge_id" {
      value = fake_thing.edge.id
    }
    """

    static let module = """
    variable "parent" {}
    resource "fake_thing" "inner" {
      name      = "inner"
      parent_id = var.parent
    }
    """

    func harness() throws -> EngineHarness {
        let harness = try EngineHarness()
        try harness.write(Self.configuration)
        try harness.write(Self.module, to: "extra/main.tf")
        return harness
    }

    func targeting(targets: [String] = [], excludes: [String] = [], replace: [String] = []) -> Targeting {
        let (targeting, diagnostics) = Targeting.parse(targets: targets, excludes: excludes, replace: replace)
        precondition(!diagnostics.hasErrors)
        return targeting
    }

    @Test func aTargetBringsItsDependenciesAndNothingElse() async throws {
        let harness = try harness()
        let (plan, diagnostics) = try await harness.plan(targeting: targeting(targets: ["fake_thing.edge"]))
        #expect(diagnostics.items.contains { $0.summary == "Resource targeting is in effect" })
        #expect(Set(plan?.actionsByAddress.keys.map { $0 } ?? []) == ["fake_thing.base", "fake_thing.app[0]", "fake_thing.app[1]", "fake_thing.edge"])
        try await harness.apply(targeting: targeting(targets: ["fake_thing.edge"]))
        #expect(harness.cloud.count == 4)
        #expect(try harness.state().outputs["edge_id"] != nil, "an output whose inputs were all planned is still computed")
    }

    @Test func anInstanceTargetPlansOnlyThatInstance() async throws {
        let harness = try harness()
        let (plan, _) = try await harness.plan(targeting: targeting(targets: ["fake_thing.app[1]"]))
        #expect(Set(plan?.actionsByAddress.keys.map { $0 } ?? []) == ["fake_thing.base", "fake_thing.app[1]"])
    }

    @Test func aModuleTargetPlansEverythingInIt() async throws {
        let harness = try harness()
        let (plan, _) = try await harness.plan(targeting: targeting(targets: ["module.extra"]))
        #expect(Set(plan?.actionsByAddress.keys.map { $0 } ?? []) == ["fake_thing.base", "module.extra.fake_thing.inner"])
    }

    @Test func anExcludeLeavesOutTheResourceAndItsDependents() async throws {
        let harness = try harness()
        let (plan, _) = try await harness.plan(targeting: targeting(excludes: ["fake_thing.app"]))
        #expect(Set(plan?.actionsByAddress.keys.map { $0 } ?? []) == ["fake_thing.base", "fake_thing.lonely", "module.extra.fake_thing.inner"])
    }

    @Test func replaceForcesAReplacementOfOneInstance() async throws {
        let harness = try harness()
        try await harness.apply()
        let (plan, _) = try await harness.plan(targeting: targeting(replace: ["fake_thing.app[0]"]))
        #expect(plan?.action("fake_thing.app[0]") == .deleteThenCreate)
        #expect(plan?.changes.first { $0.address.description == "fake_thing.app[0]" }?.reason == .requested)
        #expect(plan?.action("fake_thing.app[1]") == .noOp)
        #expect(plan?.action("fake_thing.edge") == .deleteThenCreate, "its parent_id changes and forces replacement")
    }

    @Test func aTargetedDestroyRemovesTheTargetAndWhatDependsOnIt() async throws {
        let harness = try harness()
        try await harness.apply()
        harness.cloud.resetLog()
        let (plan, diagnostics) = try await harness.apply(.destroy, targeting: targeting(targets: ["fake_thing.app[0]"]))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(Set(plan?.actionsByAddress.keys.map { $0 } ?? []) == ["fake_thing.app[0]", "fake_thing.edge"])
        let deletes = harness.cloud.callLog.filter { $0.hasPrefix("delete") }
        #expect(deletes == ["delete fake_thing.edge", "delete fake_thing.app[0]"], "dependents first")
        #expect(Set(try harness.state().resources.keys.map(\.description)) == ["fake_thing.base", "fake_thing.app[1]", "fake_thing.lonely", "module.extra.fake_thing.inner"])
    }

    @Test func aDestroyExcludingAResourceKeepsItAndWhatItNeeds() async throws {
        let harness = try harness()
        try await harness.apply()
        let (_, diagnostics) = try await harness.apply(.destroy, targeting: targeting(excludes: ["fake_thing.edge"]))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        // Dependencies are recorded per resource, as Terraform records them: edge needs all of app.
        #expect(Set(try harness.state().resources.keys.map(\.description)) == ["fake_thing.base", "fake_thing.app[0]", "fake_thing.app[1]", "fake_thing.edge"])
    }

    @Test func malformedAddressesAreRefused() {
        let (_, diagnostics) = Targeting.parse(targets: ["not an address"], excludes: [], replace: ["module.x"])
        #expect(diagnostics.errors.map(\.summary) == ["Invalid -target address", "Invalid -replace address"])
    }
}
