import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov graph [-type=...]`: prints a dependency graph in Graphviz's DOT language, for
/// `dot -Tsvg` and similar tools.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the dependency graph in DOT format.",
        discussion: """
            -type=plan (the default), plan-refresh-only and plan-destroy print the configuration \
            graph that planning walks, without state or AWS. -type=apply and -type=destroy make a \
            plan (reading state and AWS, as prov plan does) and print the graph applying it walks.
            """)

    enum GraphType: String, CaseIterable, ExpressibleByArgument {
        case plan, apply, destroy
        case planRefreshOnly = "plan-refresh-only"
        case planDestroy = "plan-destroy"
    }

    @Option(name: .customLong("type", withSingleDash: true), help: "Which graph: plan, plan-refresh-only, plan-destroy, apply or destroy.")
    var type: GraphType = .plan

    @OptionGroup var state: StateOptions
    @OptionGroup var planning: PlanningOptions

    func run() async throws {
        let terminal = Terminal.detect(noColor: state.noColor)
        let dot: String?
        switch type {
        case .plan, .planRefreshOnly, .planDestroy:
            let result = Session.configurationGraphDOT(directory: FileManager.default.currentDirectoryPath)
            Runtime.printDiagnostics(result.diagnostics, sources: result.sources, terminal: terminal, warningsToStandardError: true)
            dot = result.dot
        case .apply, .destroy:
            let runner = OperationRunner(state: state, planning: planning)
            // Planning's progress would mix into the graph on standard output.
            let options = try runner.options(mode: type == .destroy ? .destroy : .normal)
            dot = try await runner.withSession(operation: "OperationTypePlan", observer: SilentObserver()) { session in
                let (graph, result) = await session.applyGraphDOT(options)
                Runtime.printDiagnostics(result.diagnostics, sources: result.sources, terminal: terminal, warningsToStandardError: true)
                return graph
            }
        }
        guard let dot else { throw Runtime.fail() }
        Console.out(dot)
    }
}
