import Foundation
import Provisioner
import ResourceGraph
import Testing

/// Which changes made outside a plan shows beside its changes: as Terraform since 1.2, only the
/// attributes the changing objects refer to, followed back through locals and the arguments
/// those attributes were configured from.
@Suite struct DriftRelevanceTests {
    /// The child refers to the parent's name, which comes from the root's tags through a local.
    static func configuration(childSize: Int) -> String {
        """
        resource "fake_thing" "root" {
          name = "root"
          tags = { Team = "blue" }
        }
        locals {
          team = fake_thing.root.tags["Team"]
        }
        resource "fake_thing" "parent" {
          name = "parent-${local.team}"
        }
        resource "fake_thing" "child" {
          name      = "child"
          parent_id = fake_thing.parent.name
          size      = \(childSize)
        }
        resource "fake_thing" "bystander" {
          name = "bystander"
        }
        """
    }

    /// Applies the configuration, then changes objects outside: the root's tags (which the
    /// child's parent name comes from) and size (which nothing uses), the parent's arn (which
    /// the child does not use), and the bystander's size.
    static func driftedHarness() async throws -> EngineHarness {
        let harness = try EngineHarness()
        try harness.write(configuration(childSize: 1))
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let state = try harness.state()
        func changeOutside(_ address: String, _ attributes: [String: Value]) throws {
            let id = try #require(state.resources[InstanceAddress.parse(address)!]?.id)
            var object = try #require(harness.cloud.object(id)?.attributes)
            object.merge(attributes) { _, new in new }
            harness.cloud.store(.object(object), id: id)
        }
        try changeOutside("fake_thing.root", ["tags": .map(["Team": .string("red")], of: .string), "size": .number(7)])
        try changeOutside("fake_thing.parent", ["arn": .string("arn:fake:::moved")])
        try changeOutside("fake_thing.bystander", ["size": .number(3)])
        return harness
    }

    @Test func onlyAttributesThatLeadToTheChangesAreShown() async throws {
        let harness = try await Self.driftedHarness()
        try harness.write(Self.configuration(childSize: 2))
        let (planned, diagnostics) = try await harness.plan()
        let plan = try #require(planned, "\(diagnostics)")
        #expect(plan.action("fake_thing.child") == .update)
        #expect(Set(plan.drift.map(\.address.description)) == ["fake_thing.root", "fake_thing.parent", "fake_thing.bystander"])

        #expect(plan.relevantAttributes.selection(for: ResourceAddress(type: "fake_thing", name: "parent")) == .attributes(["name"]))
        #expect(plan.relevantAttributes.selection(for: ResourceAddress(type: "fake_thing", name: "root")) == .attributes(["tags"]))
        let shown = plan.relevantDrift
        #expect(shown.map(\.address.description) == ["fake_thing.root"], "the parent's arn and the bystander are not what the child uses")
        let root = try #require(shown.first)
        #expect(root.after?[attribute: "tags"]?[attribute: "Team"] == .string("red"))
        #expect(root.after?[attribute: "size"] == root.before?[attribute: "size"], "the root's size is not what the child uses: shown unchanged")
    }

    @Test func driftNothingChangingUsesIsNotShownButARefreshOnlyPlanShowsAll() async throws {
        let harness = try await Self.driftedHarness()
        // The root and the bystander are planned back to their configuration; the child and
        // the parent stay as they are.
        let (planned, _) = try await harness.plan()
        let plan = try #require(planned)
        #expect(plan.action("fake_thing.root") == .update && plan.action("fake_thing.bystander") == .update)
        #expect(plan.action("fake_thing.child") == .noOp && plan.action("fake_thing.parent") == .noOp)
        #expect(plan.relevantDrift.isEmpty, "what changes refers to nothing that drifted")

        let (refreshOnly, _) = try await harness.plan(.refreshOnly)
        #expect(Set(try #require(refreshOnly).relevantDrift.map(\.address.description)) == ["fake_thing.root", "fake_thing.parent", "fake_thing.bystander"])
    }

    @Test func aSavedPlanKeepsWhatIsRelevant() async throws {
        let harness = try await Self.driftedHarness()
        try harness.write(Self.configuration(childSize: 2))
        let plan = try #require(try await harness.plan().0)
        let path = harness.directory + "/tfplan"
        let cipher = StateCipher(key: DataKey.random(), lineage: plan.priorLineage)
        try PlanFile(plan: plan, sources: [:]).write(to: path, cipher: cipher)
        let saved = try PlanFile.read(from: path, cipher: cipher).plan
        #expect(saved.relevantAttributes == plan.relevantAttributes)
        #expect(saved.relevantDrift.map(\.address.description) == ["fake_thing.root"])
    }

    @Test func wholeResourcesAndModuleBoundariesAreFollowed() async throws {
        let harness = try EngineHarness()
        try harness.write("""
            resource "fake_thing" "zone" {
              name = "zone"
              tags = { Zone = "a" }
            }
            module "network" {
              source = "./network"
              zone   = fake_thing.zone.tags["Zone"]
            }
            resource "fake_thing" "app" {
              name      = "app"
              parent_id = module.network.subnet_name
            }
            output "all_apps" {
              value     = fake_thing.app
              sensitive = true
            }
            """)
        try harness.write("""
            variable "zone" {}
            resource "fake_thing" "subnet" {
              name = "subnet-${var.zone}"
            }
            output "subnet_name" {
              value = fake_thing.subnet.name
            }
            """, to: "network/main.tf")
        let (planned, diagnostics) = try await harness.plan()
        let plan = try #require(planned, "\(diagnostics)")
        #expect(plan.relevantAttributes == RelevantAttributes(), "nothing changed outside, so the plan skips the analysis")
        let configuration = ConfigurationLoader.load(directory: harness.directory).0
        let relevant = RelevantAttributes.analyze(configuration, changes: plan.changes, outputChanges: plan.outputChanges)
        #expect(relevant.selection(for: ResourceAddress(module: ModulePath.root.child("network"), type: "fake_thing", name: "subnet")) == .attributes(["name"]))
        #expect(relevant.selection(for: ResourceAddress(type: "fake_thing", name: "zone")) == .attributes(["tags"]))
        #expect(relevant.selection(for: ResourceAddress(type: "fake_thing", name: "app")) == .whole, "the output refers to the whole resource")
    }
}
