import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov apply [PLANFILE]`: makes the changes, after confirmation unless a saved plan or
/// -auto-approve is given.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create, update or delete infrastructure to match the configuration.")

    @OptionGroup var state: StateOptions
    @OptionGroup var planning: PlanningOptions

    @Flag(name: .customLong("auto-approve", withSingleDash: true), help: "Apply without asking for confirmation.")
    var autoApprove = false

    @Flag(name: .customLong("destroy", withSingleDash: true), help: "Destroy every object in the state (as prov destroy).")
    var destroy = false

    @Flag(name: .customLong("refresh-only", withSingleDash: true), help: "Only record changes made outside prov.")
    var refreshOnly = false

    @Argument(help: "A plan saved with prov plan -out=FILE.")
    var planFile: String?

    func run() async throws {
        let runner = OperationRunner(state: state, planning: planning)
        try await runner.withSession(operation: "OperationTypeApply") { session in
            try await apply(session, runner: runner)
        }
    }

    private func apply(_ session: Session, runner: OperationRunner) async throws {
        if let planFile {
            try await applySaved(planFile, runner: runner, session: session)
            return
        }
        let mode: Plan.Mode = destroy ? .destroy : refreshOnly ? .refreshOnly : .normal
        guard let result = await runner.plan(session, try runner.options(mode: mode)), let plan = result.plan else {
            throw Runtime.fail()
        }
        if plan.hasChanges, !autoApprove {
            let question = mode == .destroy ? "Do you really want to destroy all resources?" : "Do you want to perform these actions?"
            let explanation = mode == .destroy
                ? "prov will destroy all your managed infrastructure, as shown above.\n  There is no undo."
                : "prov will perform the actions described above."
            guard try runner.confirm(question: question, explanation: explanation) else {
                Console.out("\nApply cancelled.\n")
                throw Runtime.fail()
            }
        }
        guard await runner.apply(session, result) else { throw Runtime.fail() }
        runner.printSummary(plan)
        runner.printOutputs(session)
    }

    private func applySaved(_ path: String, runner: OperationRunner, session: Session) async throws {
        let saved: PlanFile
        do {
            guard let cipher = session.store.cipher else { throw PlanFileError("The state's key is not unlocked, so the plan cannot be decrypted.") }
            saved = try PlanFile.read(from: path, cipher: cipher)
        } catch {
            Runtime.printDiagnostics(Diagnostics([.error("Failed to load plan file", "\(error)")]), sources: [:], terminal: runner.terminal)
            throw Runtime.fail()
        }
        let result = await session.plan(try runner.options(mode: saved.mode, variables: saved.variables, targeting: saved.targeting))
        Runtime.printDiagnostics(result.diagnostics, sources: result.sources, terminal: runner.terminal)
        guard let plan = result.plan else { throw Runtime.fail() }
        if let reason = saved.staleness(comparedWith: plan, sources: result.sources) {
            Runtime.printDiagnostics(Diagnostics([.error("Saved plan is stale", "The plan in \(path) can no longer be applied: \(reason) Make a new plan with prov plan -out=\(path).")]), sources: [:], terminal: runner.terminal)
            throw Runtime.fail()
        }
        guard await runner.apply(session, result) else { throw Runtime.fail() }
        runner.printSummary(plan)
        runner.printOutputs(session)
    }
}
