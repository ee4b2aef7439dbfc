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
    /// Ctrl-C handling of the open session, told when changes are being applied.
    private let interrupts = InterruptSlot()
    /// The working directory's configuration, loaded once for the backend block, the
    /// `encryption` settings and the plan.
    private let loaded = ConfigurationSlot()

    init(state: StateOptions, planning: PlanningOptions) {
        self.terminal = Terminal.detect(noColor: state.noColor)
        self.state = state
        self.planning = planning
    }

    /// Opens (and, unless -lock=false, locks) the selected workspace's state, unlocks the key
    /// that protects its secrets, runs `body` on a session over it, then saves the state and
    /// releases the lock, whatever happened. Progress goes to `observer` (by default printed
    /// as it happens).
    func withSession<T>(operation: String, observer: (any EngineObserver)? = nil, _ body: (Session) async throws -> T) async throws -> T {
        let configuration = loaded.configuration()
        let encryption = try StateKeys.encryptionSettings(in: configuration, terminal: terminal)
        let opener = try StateOpener(statePath: state.state, terminal: terminal, configuration: configuration.configuration)
        let lock = state.lock ? StateLockRequest(operation: operation, timeout: try state.lockTimeoutDuration()) : nil
        let opened = try await opener.open(lock: lock)
        return try await opener.with(opened) { handler in
            let session: Session
            do {
                session = try await Session.open(
                    state: opened, plugins: Runtime.plugins, observer: observer ?? ProgressPrinter(terminal: terminal),
                    keyring: StateKeys.keyring(encryption: encryption))
            } catch {
                Runtime.printDiagnostics(Diagnostics([StateKeys.diagnostic(for: error)]), sources: [:], terminal: terminal)
                throw Runtime.fail()
            }
            StateKeys.printNotices(session.keyNotices)
            if let log = StateWriteTimingLog(environment: Runtime.environment) { session.store.timeWrites(log.record) }
            interrupts.handler = handler
            defer {
                interrupts.handler = nil
                session.close()
            }
            return try await body(session)
        }
    }

    /// The plan options from the command line; fails (with the errors shown) when a -target,
    /// -exclude or -replace address is malformed.
    func options(mode: Plan.Mode, variables: [String: Value]? = nil, targeting saved: Targeting? = nil) throws -> PlanOptions {
        var options = PlanOptions(
            directory: FileManager.default.currentDirectoryPath, mode: mode, refresh: planning.refresh,
            variables: planning.commandLineVariables(rawArguments: Runtime.arguments), environment: Runtime.environment,
            parallelism: planning.parallelism, workspace: WorkingDirectory.selectedWorkspace)
        options.resolvedVariables = variables
        options.configuration = loaded.configuration()
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
        let renderingStarted = ContinuousClock.now
        let text = PlanRenderer(terminal: terminal).render(plan)
        DebugLog.shared.write(.info, "prov", "rendered the plan (\(text.utf8.count) bytes) in \(DebugLog.milliseconds(since: renderingStarted))")
        Console.out(text)
        return result
    }

    /// Asks for "yes" on the terminal; refuses (with a message) when there is no terminal.
    func confirm(question: String, explanation: String) throws -> Bool {
        try Confirmation.ask(question: question, explanation: explanation, skipFlag: "-auto-approve", terminal: terminal)
    }

    /// Applies, printing diagnostics; returns whether everything succeeded.
    func apply(_ session: Session, _ result: PlanResult) async -> Bool {
        interrupts.handler?.applying(session.stop)
        let diagnostics = await session.apply(result)
        interrupts.handler?.applying(nil)
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

/// The interrupt handler of the session a runner has open, if any.
private final class InterruptSlot: @unchecked Sendable {
    // @unchecked: only touched by the command's own flow, one step after another.
    var handler: InterruptHandler?
}

/// The configuration a runner's command works on, loaded when first asked for.
private final class ConfigurationSlot: @unchecked Sendable {
    // @unchecked: only touched by the command's own flow, one step after another.
    private var loaded: LoadedConfiguration?

    func configuration() -> LoadedConfiguration {
        if let loaded { return loaded }
        let configuration = LoadedConfiguration.load(directory: FileManager.default.currentDirectoryPath)
        loaded = configuration
        return configuration
    }
}
