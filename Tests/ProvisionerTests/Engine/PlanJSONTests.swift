import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// `show -json PLANFILE`: Terraform's plan shape for every kind of action, with unknown and
/// sensitive parts marked in their trees, and the same document after a round trip through a
/// saved plan file.
@Suite struct PlanJSONTests {
    static func configuration(second: Bool) -> String {
        """
        resource "fake_thing" "kept" {
          name = "kept"
        }
        resource "fake_thing" "grown" {
          name = "grown"
          size = \(second ? 3 : 2)
        }
        resource "fake_thing" "renamed" {
          name = "\(second ? "new" : "old")"
        }
        resource "fake_thing" "cbd" {
          name = "cbd-\(second ? 2 : 1)"
          lifecycle {
            create_before_destroy = true
          }
        }
        resource "fake_thing" "sick" {
          name = "sick"
        }
        resource "fake_thing" "counted" {
          count = \(second ? 1 : 2)
          name  = "counted-${count.index}"
        }
        \(second ? "" : "resource \"fake_thing\" \"gone\" {\n  name = \"gone\"\n}")
        \(second ? """
        resource "fake_thing" "fresh" {
          name   = "fresh"
          secret = "s3cret"
          tags   = { Team = "a" }
          rule {
            port = 80
          }
        }
        data "fake_lookup" "later" {
          name = fake_thing.fresh.id
        }
        output "fresh_id" {
          value = fake_thing.fresh.id
        }
        output "fresh_secret" {
          value     = fake_thing.fresh.secret
          sensitive = true
        }
        """ : "")
        output "kept_name" {
          value = fake_thing.kept.name
        }
        """
    }

    /// A plan with every action: made after applying the first configuration, tainting one
    /// object, and switching to the second.
    static func mixedPlan() async throws -> (Plan, EngineHarness) {
        let harness = try EngineHarness()
        try harness.write(configuration(second: false))
        let (_, applied) = try await harness.apply()
        #expect(!applied.hasErrors, "\(applied)")
        try StateStore.open(at: harness.statePath).setStatus(.tainted, of: InstanceAddress.parse("fake_thing.sick")!)
        try harness.write(configuration(second: true))
        let (plan, diagnostics) = try await harness.plan()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return (try #require(plan), harness)
    }

    static func changes(_ document: Value) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: (document[attribute: "resource_changes"]?.elements ?? []).map { ($0[attribute: "address"]!.stringValue!, $0) })
    }

    @Test func everyActionHasTerraformsSpellingAndReason() async throws {
        let (plan, _) = try await Self.mixedPlan()
        let document = PlanJSON.document(plan)
        #expect(document[attribute: "format_version"] == .string("1.2"))
        let changes = Self.changes(document)
        func actions(_ address: String) -> [String]? { changes[address]?[attribute: "change"]?[attribute: "actions"]?.elements?.compactMap(\.stringValue) }
        func reason(_ address: String) -> String? { changes[address]?[attribute: "action_reason"]?.stringValue }

        #expect(actions("fake_thing.kept") == ["no-op"])
        #expect(actions("fake_thing.grown") == ["update"])
        #expect(actions("fake_thing.renamed") == ["delete", "create"])
        #expect(reason("fake_thing.renamed") == "replace_because_cannot_update")
        #expect(changes["fake_thing.renamed"]?[attribute: "change"]?[attribute: "replace_paths"] == .tuple([.tuple([.string("name")])]))
        #expect(actions("fake_thing.cbd") == ["create", "delete"])
        #expect(actions("fake_thing.sick") == ["delete", "create"])
        #expect(reason("fake_thing.sick") == "replace_because_tainted")
        #expect(actions("fake_thing.gone") == ["delete"])
        #expect(reason("fake_thing.gone") == "delete_because_no_resource_config")
        #expect(actions("fake_thing.counted[1]") == ["delete"])
        #expect(reason("fake_thing.counted[1]") == "delete_because_count_index")
        #expect(changes["fake_thing.counted[1]"]?[attribute: "index"] == .number(1))
        #expect(actions("fake_thing.fresh") == ["create"])
        #expect(actions("data.fake_lookup.later") == ["read"])
        #expect(changes["data.fake_lookup.later"]?[attribute: "mode"] == .string("data"))
        #expect(reason("fake_thing.kept") == nil)
        #expect(changes["fake_thing.kept"]?[attribute: "provider_name"] == .string("registry.terraform.io/hashicorp/fake"))
        // Sorted by address, as Terraform lists them.
        let addresses = (document[attribute: "resource_changes"]?.elements ?? []).compactMap { $0[attribute: "address"]?.stringValue }
        #expect(addresses == addresses.sorted())
    }

    @Test func unknownAndSensitivePartsAreMarkedInTheirTrees() async throws {
        let (plan, _) = try await Self.mixedPlan()
        let document = PlanJSON.document(plan)
        let fresh = try #require(Self.changes(document)["fake_thing.fresh"]?[attribute: "change"])
        #expect(fresh[attribute: "before"] == .null)
        #expect(fresh[attribute: "before_sensitive"] == .false)
        let after = try #require(fresh[attribute: "after"])
        #expect(after[attribute: "id"] == nil, "unknown attributes are left out of after")
        #expect(after[attribute: "secret"] == .string("s3cret"), "sensitive values are present in JSON, as in Terraform's")
        #expect(fresh[attribute: "after_unknown"] == .object(["id": .true, "arn": .true, "rule": .tuple([.emptyObject]), "tags": .emptyObject]))
        #expect(fresh[attribute: "after_sensitive"] == .object(["secret": .true, "rule": .tuple([.emptyObject]), "tags": .emptyObject]))

        let kept = try #require(Self.changes(document)["fake_thing.kept"]?[attribute: "change"])
        #expect(kept[attribute: "after_unknown"] == .emptyObject, "a wholly known value has an empty tree")
        let gone = try #require(Self.changes(document)["fake_thing.gone"]?[attribute: "change"])
        #expect(gone[attribute: "after"] == .null)
        #expect(gone[attribute: "after_sensitive"] == .false)
        #expect(gone[attribute: "before"]?[attribute: "name"] == .string("gone"))

        let outputs = try #require(document[attribute: "output_changes"])
        #expect(outputs[attribute: "fresh_id"]?[attribute: "actions"] == .tuple([.string("create")]))
        #expect(outputs[attribute: "fresh_id"]?[attribute: "after_unknown"] == .true)
        #expect(outputs[attribute: "fresh_secret"]?[attribute: "after_sensitive"] == .true)
        #expect(outputs[attribute: "kept_name"]?[attribute: "actions"] == .tuple([.string("no-op")]))
        #expect(outputs[attribute: "kept_name"]?[attribute: "after_unknown"] == .false)

        let planned = try #require(document[attribute: "planned_values"])
        let resources = planned[attribute: "root_module"]?[attribute: "resources"]?.elements ?? []
        #expect(!resources.contains { $0[attribute: "address"] == .string("fake_thing.gone") }, "deleted objects are not planned values")
        #expect(planned[attribute: "outputs"]?[attribute: "fresh_id"]?[attribute: "value"] == nil, "unknown output values are left out")
    }

    @Test func aSavedPlanReadsBackToTheSameDocumentWithItsMarks() async throws {
        let (plan, harness) = try await Self.mixedPlan()
        let path = harness.directory + "/tfplan"
        let cipher = StateCipher(key: .random(), lineage: plan.priorLineage)
        try PlanFile(plan: plan, sources: [:]).write(to: path, cipher: cipher)
        let saved = try PlanFile.read(from: path, cipher: cipher)

        #expect(try JSONEncoding.encode(PlanJSON.document(saved.plan)) == JSONEncoding.encode(PlanJSON.document(plan)))
        let fresh = try #require(saved.plan.changes.first { $0.address.description == "fake_thing.fresh" }?.after)
        #expect(fresh[attribute: "id"]?.isKnown == false)
        #expect(fresh[attribute: "secret"]?.isSensitive == true)
        #expect(fresh[attribute: "secret"]?.unmarkedDeep() == .string("s3cret"))
        #expect(saved.plan.changes.first { $0.address.description == "fake_thing.sick" }?.reason == .tainted)
        #expect(saved.plan.outputChanges.first { $0.name == "fresh_secret" }?.isSensitive == true)
        #expect(saved.staleness(comparedWith: plan, sources: [:]) == nil)

        var moved = plan
        moved.priorSerial += 1
        #expect(saved.staleness(comparedWith: moved, sources: [:])?.contains("the state has changed") == true)
    }

    @Test func planFilesOfTheFirstFormatAreRefused() throws {
        let harness = try EngineHarness()
        let path = harness.directory + "/old.tfplan"
        try #"{"format": "prov-plan", "format_version": 1, "actions": []}"#.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PlanFileError.self) { try PlanFile.read(from: path, cipher: StateCipher(key: .random(), lineage: "l")) }
    }

    @Test func markTreesDecodeBackToTheSameValue() {
        let value = Value.object([
            "list": .list([.string("a"), .unknown(.string)], of: .string),
            "set": Value(.set([.unknown(.number), .unknown(.number)], .number)),
            "map": .map(["k": .string("v").markedSensitive(), "u": .unknown(.string)], of: .string),
            "null": .null(.string),
            "whole": .unknown(.list(.string)),
        ])
        let decoded = MarkedValueDecoder.decode(json: value.omittingUnknowns(), type: value.type, unknown: value.unknownTree, sensitive: value.sensitiveTree)
        #expect(decoded == value)
    }
}
