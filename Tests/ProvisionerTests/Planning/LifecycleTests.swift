import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct LifecycleTests {
    static func configuration(size: Int, role: String, trigger: String) -> String {
        """
        resource "fake_thing" "source" {
          name = "source"
          size = \(size)
          tags = { Role = "\(role)" }
        }
        resource "fake_thing" "follower" {
          count = 2
          name  = "follower-${count.index}"
          lifecycle {
            replace_triggered_by = [\(trigger)]
          }
        }
        """
    }

    @Test func replaceTriggeredByAnAttributeFiresOnlyWhenThatAttributeChanges() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.configuration(size: 1, role: "a", trigger: "fake_thing.source.size"))
        try await harness.apply()

        try harness.write(Self.configuration(size: 1, role: "b", trigger: "fake_thing.source.size"))
        let (tagsOnly, _) = try await harness.plan()
        #expect(tagsOnly?.action("fake_thing.source") == .update)
        #expect(tagsOnly?.action("fake_thing.follower[0]") == .noOp)

        try harness.write(Self.configuration(size: 2, role: "a", trigger: "fake_thing.source.size"))
        let (sizeChange, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(sizeChange?.action("fake_thing.follower[1]") == .deleteThenCreate)
        #expect(sizeChange?.changes.first { $0.address.description == "fake_thing.follower[1]" }?.reason == .replaceTriggered)
    }

    @Test func replaceTriggeredByAWholeResourceFiresOnAnyChangeOfIt() async throws {
        let harness = try EngineHarness()
        try harness.write(Self.configuration(size: 1, role: "a", trigger: "fake_thing.source"))
        try await harness.apply()
        let (unchanged, _) = try await harness.plan()
        #expect(unchanged?.hasChanges == false)

        try harness.write(Self.configuration(size: 1, role: "b", trigger: "fake_thing.source"))
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.follower[0]") == .deleteThenCreate)
        try await harness.apply()
        #expect(harness.cloud.count == 3)
    }

    @Test func preventDestroyStopsAPlanThatWouldDestroy() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "kept" {
          name = "kept"
          lifecycle {
            prevent_destroy = true
          }
        }
        """)
        try await harness.apply()
        let (plan, diagnostics) = try await harness.plan(.destroy)
        #expect(plan == nil)
        let error = try #require(diagnostics.errors.first)
        #expect(error.summary == "Instance cannot be destroyed")
        #expect(error.subject?.start.line == 1)
    }

    @Test func preventDestroyMayComeFromAVariable() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        variable "protect" {
          type    = bool
          default = true
        }
        resource "fake_thing" "kept" {
          name = "kept"
          lifecycle {
            prevent_destroy = var.protect
          }
        }
        """)
        try await harness.apply()
        let (refused, diagnostics) = try await harness.plan(.destroy)
        #expect(refused == nil)
        #expect(diagnostics.errors.first?.summary == "Instance cannot be destroyed")
        let (allowed, _) = try await harness.apply(.destroy, variables: [.assignment("protect=false")])
        #expect(allowed?.action("fake_thing.kept") == .delete)
        #expect(harness.cloud.count == 0)
    }

    @Test func preventDestroyMayNotDependOnResources() throws {
        let (_, diagnostics) = ConfigurationLoader.load(files: [SourceFile(filename: "main.tf", text: """
            resource "fake_thing" "a" {
              name = "a"
              lifecycle {
                prevent_destroy = fake_thing.b.size > 1
              }
            }
            """)])
        let error = try #require(diagnostics.errors.first)
        #expect(error.summary == "Invalid prevent_destroy value")
        #expect(error.subject?.start.line == 4)
        #expect(error.subject?.start.column == 23)
    }

    @Test func ignoreChangesKeepsThePriorValue() async throws {
        let harness = try EngineHarness()
        let template = """
        resource "fake_thing" "t" {
          name = "t"
          size = SIZE
          tags = { Owner = "OWNER" }
          lifecycle {
            ignore_changes = [tags]
          }
        }
        """
        try harness.write(template.replacingOccurrences(of: "SIZE", with: "1").replacingOccurrences(of: "OWNER", with: "a"))
        try await harness.apply()
        try harness.write(template.replacingOccurrences(of: "SIZE", with: "1").replacingOccurrences(of: "OWNER", with: "b"))
        #expect(try await harness.plan().0?.hasChanges == false)
        try harness.write(template.replacingOccurrences(of: "SIZE", with: "2").replacingOccurrences(of: "OWNER", with: "b"))
        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.t") == .update)
        #expect(plan?.changes.first?.after?[attribute: "tags"]?.attributes?["Owner"] == .string("a"))
    }
}
