import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// `show -json`: the state in Terraform's shape.
@Suite struct StateJSONTests {
    @Test func resourcesSitInTheirModulesWithIdentityValuesAndMarks() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "each" {
          for_each = toset(["a"])
          name     = "each-${each.key}"
          secret   = "s3cret"
        }
        resource "fake_thing" "counted" {
          count     = 1
          name      = "counted"
          parent_id = fake_thing.each["a"].id
        }
        module "net" {
          source = "./net"
        }
        output "secret" {
          value     = fake_thing.each["a"].secret
          sensitive = true
        }
        """)
        try harness.write("module \"deeper\" {\n  source = \"./deeper\"\n}\n", to: "net/main.tf")
        try harness.write("resource \"fake_thing\" \"deep\" {\n  name = \"deep\"\n}\n", to: "net/deeper/main.tf")
        let (_, diagnostics) = try await harness.apply()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        try StateStore.open(at: harness.statePath).setStatus(.tainted, of: InstanceAddress.parse("fake_thing.counted[0]")!)

        let document = StateJSON.document(try harness.state())
        #expect(document[attribute: "format_version"] == .string("1.0"))
        #expect(document[attribute: "terraform_version"] == .string("1.9.0"))
        let values = try #require(document[attribute: "values"])
        #expect(values[attribute: "outputs"]?[attribute: "secret"] == .object(["sensitive": .true, "type": .string("string"), "value": .string("s3cret")]))

        let root = try #require(values[attribute: "root_module"])
        let resources = root[attribute: "resources"]?.elements ?? []
        #expect(resources.compactMap { $0[attribute: "address"]?.stringValue } == ["fake_thing.counted[0]", "fake_thing.each[\"a\"]"])
        let counted = resources[0], each = resources[1]
        #expect(counted[attribute: "index"] == .number(0))
        #expect(counted[attribute: "tainted"] == .true)
        #expect(counted[attribute: "depends_on"] == .tuple([.string("fake_thing.each")]))
        #expect(counted[attribute: "mode"] == .string("managed"))
        #expect(counted[attribute: "type"] == .string("fake_thing"))
        #expect(counted[attribute: "name"] == .string("counted"))
        #expect(counted[attribute: "schema_version"] == .number(0))
        #expect(each[attribute: "index"] == .string("a"))
        #expect(each[attribute: "tainted"] == nil)
        // A secret from the configuration is kept only as a keyed digest: no value to show.
        #expect(each[attribute: "values"]?[attribute: "secret"] == .null)
        #expect(each[attribute: "sensitive_values"]?[attribute: "secret"] == .true)
        #expect(each[attribute: "hashed_values"]?[attribute: "secret"] == .true)
        #expect(counted[attribute: "hashed_values"] == nil)
        #expect(each[attribute: "sensitive_values"]?[attribute: "name"] == nil)

        let net = try #require(root[attribute: "child_modules"]?.elements?.first)
        #expect(net[attribute: "address"] == .string("module.net"))
        #expect(net[attribute: "resources"] == nil, "a module holding only modules still has its entry")
        let deeper = try #require(net[attribute: "child_modules"]?.elements?.first)
        #expect(deeper[attribute: "address"] == .string("module.net.module.deeper"))
        #expect(deeper[attribute: "resources"]?.elements?.first?[attribute: "address"] == .string("module.net.module.deeper.fake_thing.deep"))
    }

    @Test func anEmptyStateIsOnlyItsFormatVersion() {
        #expect(StateJSON.document(StateSnapshot(lineage: "l", serial: 0)) == .object(["format_version": .string("1.0")]))
    }
}
