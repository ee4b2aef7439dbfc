import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

@Suite struct ImportTests {
    @Test func importAdoptsAnExistingObjectUnderADeclaredAddress() async throws {
        let harness = try EngineHarness()
        try harness.write("""
        resource "fake_thing" "adopted" {
          name = "existing"
          size = 3
        }
        """)
        harness.cloud.store(.object(["id": .string("thing-99"), "name": .string("existing"), "size": .number(3), "arn": .string("arn:fake:::thing-99")]), id: "thing-99")

        let session = try await harness.session()
        let diagnostics = await session.importObject(to: InstanceAddress.parse("fake_thing.adopted")!, id: "thing-99", options: PlanOptions(directory: harness.directory))
        session.close()
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        #expect(try harness.state().resources[InstanceAddress.parse("fake_thing.adopted")!]?.id == "thing-99")

        let (plan, _) = try await harness.plan()
        #expect(plan?.action("fake_thing.adopted") == .noOp, "the imported object matches its configuration")

        let again = try await harness.session()
        let twice = await again.importObject(to: InstanceAddress.parse("fake_thing.adopted")!, id: "thing-99", options: PlanOptions(directory: harness.directory))
        again.close()
        #expect(twice.errors.first?.summary == "Resource already managed by prov")
    }

    @Test func importRefusesAddressesTheConfigurationDoesNotDeclare() async throws {
        let harness = try EngineHarness()
        try harness.write("resource \"fake_thing\" \"a\" {\n  name = \"a\"\n}\n")
        let session = try await harness.session()
        defer { session.close() }
        let diagnostics = await session.importObject(to: InstanceAddress.parse("fake_thing.b")!, id: "x", options: PlanOptions(directory: harness.directory))
        #expect(diagnostics.errors.first?.summary == "Configuration for import target does not exist")
    }
}
