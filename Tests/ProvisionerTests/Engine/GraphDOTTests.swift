import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// `prov graph`: the configuration graph and the apply graphs as DOT.
@Suite struct GraphDOTTests {
    static let provider = #"provider[\"registry.terraform.io/hashicorp/fake\"]"#

    static func lines(_ dot: String) -> [String] {
        dot.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func theConfigurationGraphNamesEveryNodeAndPointsDependentsAtDependencies() throws {
        let harness = try EngineHarness()
        try harness.write(PlanAndApplyTests.twoThings + """

        module "child" {
          source = "./child"
        }
        """)
        try harness.write("resource \"fake_thing\" \"inner\" {\n  name = \"inner\"\n}\n", to: "child/main.tf")
        let (dot, diagnostics, _) = Session.configurationGraphDOT(directory: harness.directory)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let text = try #require(dot)
        let lines = Self.lines(text)
        #expect(lines.first == "digraph {")
        #expect(lines.contains(#""[root] fake_thing.child" [label = "fake_thing.child", shape = "box"]"#))
        #expect(lines.contains(#""[root] var.prefix" [label = "var.prefix", shape = "note"]"#))
        #expect(lines.contains("\"[root] \(Self.provider)\" [label = \"\(Self.provider)\", shape = \"diamond\"]"))
        #expect(lines.contains(#""[root] fake_thing.child" -> "[root] fake_thing.parent""#))
        #expect(lines.contains(#""[root] fake_thing.parent" -> "[root] var.prefix""#))
        #expect(lines.contains(#""[root] output.child_ids" -> "[root] fake_thing.child""#))
        #expect(lines.contains("\"[root] fake_thing.parent\" -> \"[root] \(Self.provider)\""), "resources point at the provider they use")
        #expect(lines.contains("\"[root] module.child.fake_thing.inner\" -> \"[root] \(Self.provider)\""), "child modules inherit the root's provider")
        #expect(!lines.contains(#""[root] fake_thing.parent" -> "[root] fake_thing.child""#))
        #expect(Session.configurationGraphDOT(directory: harness.directory).dot == text, "the same configuration prints the same text")

        let nodeLines = lines.filter { $0.contains("[label") }
        #expect(nodeLines == nodeLines.sorted(), "nodes are listed in a stable order")
    }

    @Test func theApplyGraphOrdersReplacementsAndTheDestroyGraphReversesDependencies() async throws {
        let harness = try EngineHarness()
        try harness.write(PlanAndApplyTests.twoThings)
        try await harness.apply()
        try harness.write(PlanAndApplyTests.twoThings.replacingOccurrences(of: "-parent\"", with: "-root\""))

        let session = try await harness.session()
        defer { session.close() }
        let (apply, applyResult) = await session.applyGraphDOT(PlanOptions(directory: harness.directory))
        #expect(!applyResult.diagnostics.hasErrors, "\(applyResult.diagnostics)")
        let applyLines = Self.lines(try #require(apply))
        #expect(applyLines.contains(#""[root] fake_thing.parent" -> "[root] fake_thing.parent (destroy)""#), "delete-then-create deletes first")
        #expect(applyLines.contains(#""[root] fake_thing.parent (destroy)" -> "[root] fake_thing.child (destroy)""#), "dependents go first")
        #expect(applyLines.contains("\"[root] fake_thing.parent (destroy)\" -> \"[root] \(Self.provider)\""))

        let (destroy, _) = await session.applyGraphDOT(PlanOptions(directory: harness.directory, mode: .destroy))
        let destroyLines = Self.lines(try #require(destroy))
        #expect(destroyLines.contains(#""[root] fake_thing.parent (destroy)" -> "[root] fake_thing.child (destroy)""#))
        #expect(!destroyLines.contains { $0.hasPrefix(#""[root] var.prefix""#) }, "a destroy does not evaluate the configuration")
    }
}
