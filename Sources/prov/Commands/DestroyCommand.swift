import ArgumentParser
import Foundation
import Provisioner

/// `prov destroy`: deletes everything the state records, dependents first.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Destroy all infrastructure managed by this configuration's state.")

    @OptionGroup var state: StateOptions
    @OptionGroup var planning: PlanningOptions

    @Flag(name: .customLong("auto-approve", withSingleDash: true), help: "Destroy without asking for confirmation.")
    var autoApprove = false

    func run() async throws {
        let runner = OperationRunner(state: state, planning: planning)
        try await runner.withSession(operation: "OperationTypeApply") { session in
            try await destroy(session, runner: runner)
        }
    }

    private func destroy(_ session: Session, runner: OperationRunner) async throws {
        guard let result = await runner.plan(session, try runner.options(mode: .destroy)), let plan = result.plan else {
            throw Runtime.fail()
        }
        if plan.hasChanges, !autoApprove {
            guard try runner.confirm(question: "Do you really want to destroy all resources?", explanation: "prov will destroy all your managed infrastructure, as shown above.\n  There is no undo.") else {
                Console.out("\nDestroy cancelled.\n")
                throw Runtime.fail()
            }
        }
        guard await runner.apply(session, result) else { throw Runtime.fail() }
        runner.printSummary(plan)
    }
}
