import Foundation
import ResourceGraph

/// One command's use of the engine: the state opened and (usually) locked, plans made against
/// it, and applies of those plans. Close it to release the lock.
public final class Session: @unchecked Sendable {
    // @unchecked: immutable after init except `closed`, guarded by `lock`.
    public let store: StateStore
    public let providers: ProviderSet
    public let observer: EngineObserver
    public let stop = StopSignal()
    private let stateLock: LockInfo?
    private let lock = NSLock()
    private var closed = false
    /// What unlocking the state's key had to say (where a new key file was written, a key that
    /// moved to another provider), for the command to show once.
    public let keyNotices: [String]

    /// Opens the state at `statePath` (creating it if needed) and, unless `locking` is false,
    /// takes its lock for `operation`, waiting up to `lockTimeout`. Then unlocks the key that
    /// protects the state's secrets (creating one for a new state) from `keyring`; if that
    /// fails, the lock is released and nothing has changed.
    public static func open(
        statePath: String, plugins: [any ProviderPlugin], observer: EngineObserver,
        operation: String, locking: Bool = true, lockTimeout: Duration = .zero,
        keyring: StateKeyring = .standard(environment: ProcessInfo.processInfo.environment)
    ) async throws -> Session {
        let store = try StateStore.open(at: statePath)
        // An existing key is unlocked before the lock is taken, so a wrong or missing key fails
        // without writing anything; a new key (or a move) waits for the lock.
        _ = try await keyring.unlock(store, creating: false)
        let info = locking ? try await store.acquireLock(operation: operation, timeout: lockTimeout) : nil
        let notices: [String]
        do {
            notices = try await keyring.unlock(store, creating: true)
        } catch {
            if let info { try? store.releaseLock(info) }
            throw error
        }
        return Session(store: store, plugins: plugins, observer: observer, lock: info, keyNotices: notices)
    }

    /// A session on a state a backend opened (and locked, if asked): the backend's `close`
    /// releases that lock, not this session's. The key protecting the state's secrets is
    /// unlocked from `keyring` (created for a new state). When the backend cannot save a
    /// change, the session stops starting new operations, as on Ctrl-C.
    public static func open(
        state: OpenedState, plugins: [any ProviderPlugin], observer: EngineObserver,
        keyring: StateKeyring = .standard(environment: ProcessInfo.processInfo.environment)
    ) async throws -> Session {
        let notices = try await keyring.unlock(state.store, creating: true)
        let session = Session(store: state.store, plugins: plugins, observer: observer, lock: nil, keyNotices: notices)
        state.onSaveFailure { [stop = session.stop] in stop.stop() }
        return session
    }

    private init(store: StateStore, plugins: [any ProviderPlugin], observer: EngineObserver, lock: LockInfo?, keyNotices: [String]) {
        self.store = store
        self.providers = ProviderSet(plugins: Dictionary(plugins.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }))
        self.observer = observer
        self.stateLock = lock
        self.keyNotices = keyNotices
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        if let stateLock { try? store.releaseLock(stateLock) }
    }

    deinit { close() }

    /// Makes a plan of the configuration in `options` (loaded now unless the command already
    /// did). The result carries what apply needs.
    public func plan(_ options: PlanOptions) async -> PlanResult {
        let loaded = options.configuration ?? LoadedConfiguration.load(directory: options.directory)
        var diagnostics = loaded.diagnostics
        guard !diagnostics.hasErrors else { return PlanResult(plan: nil, diagnostics: diagnostics, context: nil) }
        let configuration = loaded.configuration

        let functions = FunctionLibrary.standard(baseDirectory: options.directory)
        let variables: [String: Value]
        var redactor = SecretRedactor()
        if let resolved = options.resolvedVariables {
            variables = resolved
        } else {
            let declared = Set(configuration.module.variables.keys)
            let (raw, collectDiagnostics) = InputVariables.collect(directory: options.directory, commandLine: options.variables, environment: options.environment, declared: declared)
            for (name, given) in raw where configuration.module.variables[name]?.isSensitive == true {
                if case .text(let text, _) = given { redactor.collect(Value.string(text).markedSensitive()) }
                if case .value(let value, _) = given { redactor.collect(value.markedSensitive()) }
            }
            diagnostics.append(contentsOf: collectDiagnostics)
            let (resolved, resolveDiagnostics) = InputVariables.resolve(declarations: configuration.module.variables, raw: raw, functions: functions)
            diagnostics.append(contentsOf: resolveDiagnostics)
            variables = resolved
        }
        variables.values.forEach { redactor.collect($0) }
        DebugLog.shared.hide(redactor)
        guard !diagnostics.hasErrors else {
            return PlanResult(plan: nil, diagnostics: redactor.redact(diagnostics), context: nil)
        }

        let prior: StateSnapshot
        let journal: [JournalEntry]
        let released: Set<String>
        do {
            prior = try store.snapshot()
            journal = try store.unresolvedOperations()
            released = try store.releasedIdentities()
        } catch {
            diagnostics.error("Failed to read state", "The state at \(store.path) could not be read: \(error)")
            return PlanResult(plan: nil, diagnostics: diagnostics, context: nil)
        }
        let evaluation = EvaluationState(functions: functions, rootDirectory: ".", workspace: options.workspace, unknownWhenMissing: false)
        let limiter = ConcurrencyLimiter.forRun(maximum: options.parallelism)
        let planner = Planner(
            configuration: configuration, graph: loaded.graph, providers: providers, evaluation: evaluation, prior: prior,
            rootVariables: variables, purpose: .plan(options.mode), refresh: options.refresh, observer: observer, limiter: limiter,
            targeting: options.targeting, journal: journal, released: released, cipher: store.cipher)
        let planningStarted = ContinuousClock.now
        let (plan, planDiagnostics) = await planner.run()
        DebugLog.shared.write(.info, "engine", "planned \(plan.changes.count) changes in \(DebugLog.milliseconds(since: planningStarted))")
        diagnostics.append(contentsOf: planDiagnostics)
        redactor.collect(prior)
        redactor.collect(plan)
        DebugLog.shared.hide(redactor)
        diagnostics = redactor.redact(diagnostics)
        let context = PlanResult.Context(configuration: configuration, graph: loaded.graph, evaluation: evaluation, prior: prior, limiter: limiter)
        return PlanResult(plan: diagnostics.hasErrors ? nil : plan, diagnostics: diagnostics, context: context)
    }

    /// Carries out a plan made by this session.
    public func apply(_ result: PlanResult) async -> Diagnostics {
        guard let plan = result.plan, let context = result.context else {
            return Diagnostics([.error("No plan to apply", "Planning failed, so there is nothing to apply.")])
        }
        let applier = Applier(
            plan: plan, configuration: context.configuration, configurationGraph: context.graph, providers: providers,
            evaluation: context.evaluation, prior: context.prior, store: store, observer: observer, limiter: context.limiter, stop: stop)
        var redactor = SecretRedactor()
        redactor.collect(plan)
        DebugLog.shared.hide(redactor)
        let diagnostics = await applier.run()
        // What the cloud made during the apply (generated secrets) is in state by now.
        if let after = try? store.snapshot() { redactor.collect(after) }
        return redactor.redact(diagnostics)
    }
}

/// A plan and what applying it needs.
public struct PlanResult: Sendable {
    public var plan: Plan?
    public var diagnostics: Diagnostics
    public var context: Context?

    public struct Context: Sendable {
        var configuration: Configuration
        var graph: Graph<ConfigNode>
        var evaluation: EvaluationState
        var prior: StateSnapshot
        var limiter: ConcurrencyLimiter
    }

    /// The source files read, for rendering diagnostics with their lines.
    public var sources: [String: SourceFile] { context?.configuration.sources ?? [:] }
}

/// Checks a configuration the way `prov validate` does: syntax, references, types and provider
/// schemas, with every variable and resource value unknown, and without state or network.
public enum Validator {
    public static func validate(directory: String, plugins: [any ProviderPlugin]) async -> (Diagnostics, [String: SourceFile]) {
        let loaded = LoadedConfiguration.load(directory: directory)
        var diagnostics = loaded.diagnostics
        guard !diagnostics.hasErrors else { return (diagnostics, loaded.configuration.sources) }
        let providers = ProviderSet(plugins: Dictionary(plugins.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }))
        let evaluation = EvaluationState(functions: FunctionLibrary.standard(baseDirectory: directory), rootDirectory: ".", workspace: "default", unknownWhenMissing: true)
        let planner = Planner(
            configuration: loaded.configuration, graph: loaded.graph, providers: providers, evaluation: evaluation,
            prior: StateSnapshot(lineage: "", serial: 0), rootVariables: [:], purpose: .validate, refresh: false,
            observer: SilentObserver(), limiter: ConcurrencyLimiter(limit: 1))
        let (_, planDiagnostics) = await planner.run()
        diagnostics.append(contentsOf: planDiagnostics)
        return (diagnostics, loaded.configuration.sources)
    }
}
