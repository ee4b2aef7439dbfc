import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct MovedBlockTests {
    @Test func aRenamedResourceIsMovedNotRecreated() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "old" {
          name = "kept"
        }
        resource "fake_thing" "user" {
          name      = "user"
          parent_id = fake_thing.old.id
        }
        """)
        try await harness.apply()
        let id = try #require(try harness.state().resources[InstanceAddress.parse("fake_thing.old")!]?.id)

        try harness.write("""
        resource "fake_thing" "new" {
          name = "kept"
        }
        resource "fake_thing" "user" {
          name      = "user"
          parent_id = fake_thing.new.id
        }
        moved {
          from = fake_thing.old
          to   = fake_thing.new
        }
        """)
        let (plan, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.action("fake_thing.new") == .noOp)
        #expect(plan?.changes.first { $0.address.description == "fake_thing.new" }?.movedFrom?.description == "fake_thing.old")
        #expect(plan?.action("fake_thing.user") == .noOp, "the dependent's parent_id is unchanged")
        #expect(plan?.hasChanges == true, "a move must be applied to be recorded")

        harness.cloud.resetLog()
        try await harness.apply()
        #expect(!harness.cloud.callLog.contains { $0.hasPrefix("create") || $0.hasPrefix("delete") })
        let state = try harness.state()
        #expect(state.resources[InstanceAddress.parse("fake_thing.new")!]?.id == id)
        #expect(state.resources[InstanceAddress.parse("fake_thing.old")!] == nil)
        #expect(state.resources[InstanceAddress.parse("fake_thing.user")!]?.dependencies.map(\.description) == ["fake_thing.new"])
        #expect(try await harness.plan().0?.hasChanges == false, "once recorded, the moved block is a no-op")
    }

    @Test func countInstancesMoveToForEachKeys() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "zone" {
          count = 2
          name  = "zone-${count.index}"
        }
        """)
        try await harness.apply()
        try harness.write("""
        resource "fake_thing" "zone" {
          for_each = { a = 0, b = 1 }
          name     = "zone-${each.value}"
        }
        moved {
          from = fake_thing.zone[0]
          to   = fake_thing.zone["a"]
        }
        moved {
          from = fake_thing.zone[1]
          to   = fake_thing.zone["b"]
        }
        """)
        let (plan, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(plan?.actionsByAddress == ["fake_thing.zone[\"a\"]": .noOp, "fake_thing.zone[\"b\"]": .noOp])
    }

    @Test func aMoveFromAStillDeclaredResourceIsAnError() async throws {
        let harness = try EngineHarness()
        try harness.write("resource \"fake_thing\" \"a\" {\n  name = \"a\"\n}\n")
        try await harness.apply()
        try harness.write("""
        resource "fake_thing" "a" {
          name = "a"
        }
        resource "fake_thing" "b" {
          name = "b"
        }
        moved {
          from = fake_thing.a
          to   = fake_thing.b
        }
        """)
        let (_, diagnostics) = try await harness.plan()
        let error = try #require(diagnostics.errors.first)
        #expect(error.summary == "Moved object still exists")
        #expect(error.subject?.start.line == 7)
    }

    @Test func movedBlocksNeedMatchingKinds() {
        let (_, diagnostics) = ConfigurationLoader.load(files: [SourceFile(filename: "main.tf", text: """
            moved {
              from = fake_thing.a
              to   = module.b
            }
            """)])
        #expect(diagnostics.errors.first?.summary == "Invalid \"moved\" addresses")
    }
}

@Suite struct ImportBlockTests {
    @Test func anImportBlockAdoptsTheObjectWhenApplied() async throws {
        let harness = try EngineHarness()
        harness.cloud.store(.object(["id": .string("thing-7"), "name": .string("adopt-me"), "size": .number(1), "arn": .string("arn:fake:::thing-7")]), id: "thing-7")
        try harness.write("""
        variable "existing_id" {
          default = "thing-7"
        }
        import {
          to = fake_thing.adopted
          id = var.existing_id
        }
        resource "fake_thing" "adopted" {
          name = "adopt-me"
          size = 2
        }
        """)
        let (plan, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let change = try #require(plan?.changes.first)
        #expect(change.importID == "thing-7")
        #expect(change.action == .update, "imported, then its size is changed")
        #expect(plan?.importCount == 1)

        harness.cloud.resetLog()
        try await harness.apply()
        #expect(harness.cloud.callLog == ["configure", "update fake_thing.adopted"])
        #expect(try harness.state().resources[InstanceAddress.parse("fake_thing.adopted")!]?.id == "thing-7")
        let (after, _) = try await harness.plan()
        #expect(after?.hasChanges == false, "once in state, the import block does nothing")
    }

    @Test func importBlocksReportAMissingObject() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        import {
          to = fake_thing.ghost
          id = "thing-404"
        }
        resource "fake_thing" "ghost" {
          name = "ghost"
        }
        """)
        let (_, diagnostics) = try await harness.plan()
        let error = try #require(diagnostics.errors.first)
        #expect(error.summary == "Cannot import thing-404")
        #expect(error.subject?.start.line == 1)
    }
}
