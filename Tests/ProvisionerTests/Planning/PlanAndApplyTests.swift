import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct PlanAndApplyTests {
    static let twoThings = """
    variable "prefix" {
      default = "app"
    }
    resource "fake_thing" "parent" {
      name = "${var.prefix}-parent"
      tags = { Role = "parent" }
    }
    resource "fake_thing" "child" {
      count     = 2
      name      = "${var.prefix}-child-${count.index}"
      parent_id = fake_thing.parent.id
      size      = count.index + 5
    }
    output "child_ids" {
      value = fake_thing.child[*].id
    }
    """

    @Test func createsThenPlansNothingThenDestroysInReverseOrder() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.twoThings)

        let (plan, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.actionsByAddress == ["fake_thing.parent": .create, "fake_thing.child[0]": .create, "fake_thing.child[1]": .create])
        #expect(harness.cloud.count == 3)
        let log = harness.cloud.callLog
        let parentIndex = try #require(log.firstIndex(of: "create fake_thing.parent"))
        #expect(log.firstIndex(of: "create fake_thing.child[0]")! > parentIndex)

        let state = try harness.state()
        #expect(state.resources.count == 3)
        let child = try #require(state.resources[InstanceAddress.parse("fake_thing.child[1]")!])
        #expect(child.value[attribute: "size"] == .number(6))
        #expect(child.value[attribute: "parent_id"] == state.resources[InstanceAddress.parse("fake_thing.parent")!]!.value[attribute: "id"])
        #expect(child.dependencies.map(\.description) == ["fake_thing.parent"])
        #expect(state.outputs["child_ids"]?.value.elements?.count == 2)

        let (second, secondDiagnostics) = try await harness.plan()
        #expect(!secondDiagnostics.hasErrors)
        #expect(second?.hasChanges == false, "\(second?.actionsByAddress ?? [:])")

        harness.cloud.resetLog()
        let (destroy, destroyDiagnostics) = try await harness.apply(.destroy)
        #expect(!destroyDiagnostics.hasErrors, "\(destroyDiagnostics)")
        #expect(destroy?.actionsByAddress.values.allSatisfy { $0 == .delete } == true)
        #expect(harness.cloud.count == 0)
        let destroyLog = harness.cloud.callLog.filter { $0.hasPrefix("delete") }
        #expect(destroyLog.last == "delete fake_thing.parent", "children are deleted before their parent: \(destroyLog)")
        #expect(try harness.state().resources.isEmpty)
        #expect(try harness.state().outputs.isEmpty)
    }

    @Test func updatesInPlaceAndReplacesWhenAForceNewArgumentChanges() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.twoThings)
        try await harness.apply()

        try harness.write(Self.twoThings.replacingOccurrences(of: "Role = \"parent\"", with: "Role = \"root\""))
        let (update, _) = try await harness.plan()
        #expect(update?.action("fake_thing.parent") == .update)
        #expect(update?.action("fake_thing.child[0]") == .noOp)

        try harness.write(Self.twoThings.replacingOccurrences(of: "-parent\"", with: "-root\""))
        let (replace, _) = try await harness.plan()
        #expect(replace?.action("fake_thing.parent") == .deleteThenCreate)
        #expect(replace?.changes.first { $0.address.description == "fake_thing.parent" }?.replacePaths == [["name"]])
        // The children's parent_id will change, and it forces replacement too.
        #expect(replace?.action("fake_thing.child[0]") == .deleteThenCreate)

        harness.cloud.resetLog()
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let log = harness.cloud.callLog
        #expect(log.firstIndex(of: "delete fake_thing.child[0]")! < log.firstIndex(of: "delete fake_thing.parent")!)
        #expect(log.firstIndex(of: "delete fake_thing.parent")! < log.firstIndex(of: "create fake_thing.parent")!)
        #expect(log.firstIndex(of: "create fake_thing.parent")! < log.firstIndex(of: "create fake_thing.child[0]")!)
        #expect(harness.cloud.count == 3)
    }

    @Test func removingACountInstanceDeletesOnlyIt() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.twoThings)
        try await harness.apply()
        try harness.write(Self.twoThings.replacingOccurrences(of: "count     = 2", with: "count     = 1"))
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.child[1]") == .delete)
        #expect(plan?.changes.first { $0.address.description == "fake_thing.child[1]" }?.reason == .noLongerExpanded)
        #expect(plan?.action("fake_thing.child[0]") == .noOp)
        try await harness.apply()
        #expect(harness.cloud.count == 2)
    }

    @Test func objectsDeletedOutsideAreRecreated() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.twoThings)
        try await harness.apply()
        let parentID = try #require(try harness.state().resources[InstanceAddress.parse("fake_thing.parent")!]?.id)
        harness.cloud.remove(parentID)
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.parent") == .create)
        #expect(plan?.drift.contains { $0.address.description == "fake_thing.parent" && $0.action == .delete } == true)
    }

    @Test func aCreateThatFailsAfterTheObjectExistsIsKeptAsTainted() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.twoThings)
        harness.cloud.failAfterCreate = ["app-parent"]
        let (_, diagnostics) = try await harness.apply()
        #expect(diagnostics.errors.contains { $0.summary.contains("Tagging fake_thing.parent failed") })
        let parent = try #require(try harness.state().resources[InstanceAddress.parse("fake_thing.parent")!])
        #expect(parent.status == .tainted)
        // The children depend on the failed parent, so they were never attempted.
        #expect(!harness.cloud.callLog.contains { $0.contains("child") })

        harness.cloud.failAfterCreate = []
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.parent") == .deleteThenCreate)
        #expect(plan?.changes.first { $0.address.description == "fake_thing.parent" }?.reason == .tainted)
        try await harness.apply()
        #expect(harness.cloud.count == 3)
    }

    @Test func aTakenNameSuggestsImportingTheObject() async throws {
        let harness = try EngineHarness()
        try harness.write("resource \"fake_thing\" \"dup\" {\n  name = \"dup\"\n}\n")
        harness.cloud.taken = ["dup"]
        let (_, diagnostics) = try await harness.apply()
        let error = try #require(diagnostics.errors.first)
        #expect(error.detail.contains("prov import fake_thing.dup <id>"))
    }

    /// Wide levels of `count` and `for_each` instances referring to the level before: every
    /// instance sees its own `count.index` or `each` and its parent's values; an argument
    /// wrong in one instance only is reported once, for it.
    static let wideLevels = """
    variable "prefix" {
      default = "w"
    }
    resource "fake_thing" "root" {
      count = 40
      name  = "${var.prefix}-root-${count.index}"
      size  = count.index * 2
    }
    resource "fake_thing" "mid" {
      for_each  = toset([for i in range(40) : tostring(i)])
      name      = "mid-${each.key}"
      parent_id = fake_thing.root[tonumber(each.key)].id
      tags      = { Parent = fake_thing.root[tonumber(each.key)].name }
    }
    resource "fake_thing" "leaf" {
      count = 40
      name  = "leaf-${count.index}"
      size  = fake_thing.root[count.index].size + 1
      tags  = { Mid = fake_thing.mid[tostring(count.index)].name }
    }
    """

    @Test func wideLevelsPlanAsTheWalkWould() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.wideLevels)
        let (plan, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.changes.count == 120)
        let state = try harness.state()
        for i in [0, 17, 39] {
            let leaf = try #require(state.resources[InstanceAddress.parse("fake_thing.leaf[\(i)]")!])
            #expect(leaf.value[attribute: "size"] == .number(2 * i + 1))
            #expect(leaf.value[attribute: "tags"]?[attribute: "Mid"] == .string("mid-\(i)"))
            let mid = try #require(state.resources[InstanceAddress.parse("fake_thing.mid[\"\(i)\"]")!])
            #expect(mid.value[attribute: "tags"]?[attribute: "Parent"] == .string("w-root-\(i)"))
        }
        let (again, _) = try await harness.plan()
        #expect(again?.hasChanges == false)

        try harness.write(Self.wideLevels.replacingOccurrences(of: "size  = fake_thing.root[count.index].size + 1", with: "size  = count.index == 7 ? \"seven\" : count.index"))
        let (_, wrong) = try await harness.plan()
        #expect(wrong.errors.map(\.summary) == ["Incorrect attribute value type"], "\(wrong)")
        #expect(wrong.errors.first?.subject?.start.line == 18)
    }

    @Test func independentBranchesFinishWhenOneFails() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "good" { name = "good" }
        resource "fake_thing" "bad" { name = "bad" }
        resource "fake_thing" "after_bad" {
          name      = "after"
          parent_id = fake_thing.bad.id
        }
        """)
        harness.cloud.failCreate = ["bad"]
        let (_, diagnostics) = try await harness.apply()
        #expect(diagnostics.hasErrors)
        let state = try harness.state()
        #expect(state.resources.keys.map(\.description) == ["fake_thing.good"])
        #expect(try StateStore.open(at: harness.statePath).unresolvedOperations().isEmpty)
    }

    @Test func aConfigurationTheProviderRefusesIsAPlanErrorAtTheResource() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "fine" {
          name = "fine"
        }

        resource "fake_thing" "refused" {
          name = "refused"
        }
        """)
        harness.cloud.refusePlan = ["refused"]
        let (_, diagnostics) = try await harness.plan()
        let error = try #require(diagnostics.errors.first)
        #expect(diagnostics.errors.count == 1)
        #expect(error.summary == "Invalid fake_thing configuration")
        #expect(error.detail == "fake_thing.refused: the name refused is not allowed")
        #expect(error.subject?.start.line == 5)
        #expect(harness.cloud.callLog.filter { $0.hasPrefix("create") }.isEmpty)
    }

    @Test func forEachAndDataSourcesAndModules() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        data "fake_lookup" "zone" {
          name = "zone-a"
        }
        resource "fake_thing" "each" {
          for_each = toset(["x", "y"])
          name     = "${each.key}-${data.fake_lookup.zone.result}"
        }
        module "child" {
          source = "./modules/child"
          label  = fake_thing.each["x"].name
        }
        output "from_module" {
          value = module.child.name
        }
        """)
        try harness.write("""
        variable "label" {}
        resource "fake_thing" "inner" {
          name = "inner-${var.label}"
        }
        output "name" {
          value = fake_thing.inner.name
        }
        """, to: "modules/child/main.tf")
        let (plan, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.action("fake_thing.each[\"x\"]") == .create)
        #expect(plan?.action("module.child.fake_thing.inner") == .create)
        let state = try harness.state()
        #expect(state.resources[InstanceAddress.parse("fake_thing.each[\"y\"]")!]?.value[attribute: "name"] == .string("y-found-zone-a"))
        #expect(state.outputs["from_module"]?.value == .string("inner-x-found-zone-a"))
        let (again, _) = try await harness.plan()
        #expect(again?.hasChanges == false)
    }

    @Test func destroyWorksFromStateEvenWhenTheConfigurationNoLongerEvaluates() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.twoThings)
        try await harness.apply()
        try harness.write(Self.twoThings
            .replacingOccurrences(of: "count     = 2", with: "count     = -1")
            .replacingOccurrences(of: "size      = count.index + 5", with: "size      = tonumber(\"not a number\")"))
        let (broken, brokenDiagnostics) = try await harness.plan()
        #expect(broken == nil && brokenDiagnostics.hasErrors, "a normal plan reports the errors")
        let (plan, diagnostics) = try await harness.apply(.destroy)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.changes.count == 3)
        #expect(harness.cloud.count == 0)
        #expect(try harness.state().resources.isEmpty)
    }

    @Test func sensitiveArgumentsStayMarkedThroughState() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "s" {
          name   = "s"
          secret = "hunter2"
        }
        """)
        try await harness.apply()
        let object = try #require(try harness.state().resources[InstanceAddress.parse("fake_thing.s")!])
        #expect(object.value[attribute: "secret"]?.isSensitive == true)
    }
}
