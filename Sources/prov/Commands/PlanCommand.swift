import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov plan`: shows what apply would do.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes needed to make the infrastructure match the configuration.")

    @OptionGroup var state: StateOptions
    @OptionGroup var planning: PlanningOptions

    @Option(name: .customLong("out", withSingleDash: true), help: "Save the plan to a file, for prov apply FILE.")
    var out: String?

    @Flag(name: .customLong("destroy", withSingleDash: true), help: "Plan to destroy every object in the state.")
    var destroy = false

    @Flag(name: .customLong("refresh-only", withSingleDash: true), help: "Plan only to record changes made outside prov.")
    var refreshOnly = false

    @Flag(name: .customLong("detailed-exitcode", withSingleDash: true), help: "Exit 0 with no changes, 2 with changes, 1 on errors.")
    var detailedExitCode = false

    func validate() throws {
        if destroy && refreshOnly { throw ValidationError("-destroy and -refresh-only cannot be used together.") }
    }

    func run() async throws {
        let runner = OperationRunner(state: state, planning: planning)
        try await runner.withSession(operation: "OperationTypePlan") { session in
            try await plan(session, runner: runner)
        }
    }

    private func plan(_ session: Session, runner: OperationRunner) async throws {
        let mode: Plan.Mode = destroy ? .destroy : refreshOnly ? .refreshOnly : .normal
        guard let result = await runner.plan(session, try runner.options(mode: mode)), let plan = result.plan else {
            throw Runtime.fail()
        }
        defer { Runtime.keepUntilExit(result) }
        if let out {
            do {
                guard let cipher = session.store.cipher else { throw PlanFileError("The state's key is not unlocked, so the plan cannot be encrypted.") }
                try PlanFile(plan: plan, sources: result.sources).write(to: out, cipher: cipher)
                Console.out("\nSaved the plan to: \(out)\n\nTo perform exactly these actions, run the following command to apply:\n    prov apply \"\(out)\"\n")
            } catch {
                Runtime.printDiagnostics(Diagnostics([.error("Failed to write plan file", "\(error)")]), sources: [:], terminal: runner.terminal)
                throw Runtime.fail()
            }
        } else if plan.hasChanges {
            Console.out("\n" + runner.terminal.paint("Note: You didn't use the -out option to save this plan, so prov can't guarantee to take exactly these actions if you run \"prov apply\" now.", .dim) + "\n")
        }
        if detailedExitCode, plan.hasChanges { throw ExitCode(2) }
    }
}
