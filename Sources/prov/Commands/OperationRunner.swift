import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// The steps plan, apply and destroy share: open and lock the state, plan, show the plan, ask
/// for confirmation, apply, and show the outcome and outputs.
struct OperationRunner {
    let terminal: Terminal
    let state: StateOptions
    let planning: PlanningOptions

    init(state: StateOptions, planning: PlanningOptions) {
        self.terminal = Terminal.detect(noColor: state.noColor)
        self.state = state
        self.planning = planning
    }

    /// Opens and locks the state; progress goes to `observer` (by default printed as it happens).
    func openSession(operation: String, observer: (any EngineObserver)? = nil) async throws -> Session {
        let encryption = try StateKeys.encryptionSettings(terminal: terminal)
        do {
            let session = try await Session.open(
                statePath: state.statePath, plugins: Runtime.plugins, observer: observer ?? ProgressPrinter(terminal: terminal),
                operation: operation, locking: state.lock, lockTimeout: try state.lockTimeoutDuration(),
                keyring: StateKeys.keyring(encryption: encryption))
            StateKeys.printNotices(session.keyNotices)
            if let log = StateWriteTimingLog(environment: Runtime.environment) { session.store.timeWrites(log.record) }
            return session
        } catch let error as StateKeyError {
            Runtime.printDiagnostics(Diagnostics([StateKeys.diagnostic(for: error)]), sources: [:], terminal: terminal)
            throw Runtime.fail()
        } catch let error as StateLockedError {
            Runtime.printDiagnostics(Diagnostics([.error("Error acquiring the state lock", error.description)]), sources: [:], terminal: terminal)
            throw Runtime.fail()
        } catch let error as SQLiteError {
            Runtime.printDiagnostics(Diagnostics([.error("Failed to open state", "The state file \(state.statePath) could not be opened: \(error).")]), sources: [:], terminal: terminal)
            throw Runtime.fail()
        }
    }

    /// The plan options from the command line; fails (with the errors shown) when a -target,
    /// -exclude or -replace address is malformed.
    func options(mode: Plan.Mode, variables: [String: Value]? = nil, targeting saved: Targeting? = nil) throws -> PlanOptions {
        var options = PlanOptions(
            directory: FileManager.default.currentDirectoryPath, mode: mode, refresh: planning.refresh,
            variables: planning.commandLineVariables(rawArguments: Runtime.arguments), environment: Runtime.environment,
            parallelism: planning.parallelism)
        options.resolvedVariables = variables
        if let saved {
            options.targeting = saved
        } else {
            let (targeting, diagnostics) = Targeting.parse(targets: planning.targets, excludes: planning.excludes, replace: planning.replace)
            Runtime.printDiagnostics(diagnostics, sources: [:], terminal: terminal)
            if diagnostics.hasErrors { throw Runtime.fail() }
            options.targeting = targeting
        }
        return options
    }

    /// Plans, printing diagnostics and the plan; nil when planning failed.
    func plan(_ session: Session, _ options: PlanOptions) async -> PlanResult? {
        let result = await session.plan(options)
        Runtime.printDiagnostics(result.diagnostics, sources: result.sources, terminal: terminal)
        guard let plan = result.plan else { return nil }
        Console.out(PlanRenderer(terminal: terminal).render(plan))
        return result
    }

    /// Asks for "yes" on the terminal; refuses (with a message) when there is no terminal.
    func confirm(question: String, explanation: String) throws -> Bool {
        try Confirmation.ask(question: question, explanation: explanation, skipFlag: "-auto-approve", terminal: terminal)
    }

    /// Applies, printing diagnostics; returns whether everything succeeded.
    func apply(_ session: Session, _ result: PlanResult) async -> Bool {
        let interrupts = InterruptHandler { session.stop.stop() }
        let diagnostics = await session.apply(result)
        _ = interrupts
        Runtime.printDiagnostics(diagnostics, sources: result.sources, terminal: terminal)
        return !diagnostics.hasErrors
    }

    func printSummary(_ plan: Plan) {
        let counts = plan.resourceChangeCount
        if plan.mode == .destroy {
            Console.out("\n" + terminal.paint(terminal.bold("Destroy complete! Resources: \(counts.destroy) destroyed."), .green) + "\n")
        } else {
            let imported = plan.importCount > 0 ? "\(plan.importCount) imported, " : ""
            Console.out("\n" + terminal.paint(terminal.bold("Apply complete! Resources: \(imported)\(counts.add) added, \(counts.change) changed, \(counts.destroy) destroyed."), .green) + "\n")
        }
    }

    /// The root module's outputs after an apply, sensitive ones hidden.
    func printOutputs(_ session: Session) {
        guard let outputs = try? session.store.snapshot().outputs, !outputs.isEmpty else { return }
        Console.out("\n" + terminal.paint(terminal.bold("Outputs:"), .green) + "\n\n")
        Console.out(OutputCommand.render(outputs, revealSensitive: false))
    }
}
