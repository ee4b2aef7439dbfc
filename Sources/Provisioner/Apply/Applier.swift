import Foundation
import ResourceGraph

/// Carries out a plan: walks the apply graph with bounded parallelism, calls providers, and
/// writes each object to state as soon as the call that changed it returns.
final class Applier: @unchecked Sendable {
    // @unchecked: mutable state (`collected`) is guarded by `lock`; the rest is immutable or
    // Sendable.
    let plan: Plan
    let configuration: Configuration
    let configurationGraph: Graph<ConfigNode>
    let providers: ProviderSet
    let evaluation: EvaluationState
    let store: StateStore
    let observer: EngineObserver
    let limiter: ConcurrencyLimiter
    let runID: String
    let stop: StopSignal
    let declarations: DeclarationEvaluator
    let changesByResource: [ResourceAddress: [ResourceChange]]

    private let lock = NSLock()
    private var collected = Diagnostics()
    /// Provider calls running now, by address, to say what an interrupted apply waits for.
    private var inFlight: [InstanceAddress: Int] = [:]
    /// The outputs in state before this apply.
    let priorOutputs: [String: OutputState]

    init(plan: Plan, configuration: Configuration, configurationGraph: Graph<ConfigNode>, providers: ProviderSet, evaluation: EvaluationState, prior: StateSnapshot, store: StateStore, observer: EngineObserver, limiter: ConcurrencyLimiter, stop: StopSignal) {
        self.plan = plan
        self.configuration = configuration
        self.configurationGraph = configurationGraph
        self.providers = providers
        self.evaluation = evaluation
        self.store = store
        self.observer = observer
        self.limiter = limiter
        self.stop = stop
        self.runID = UUID().uuidString.lowercased()
        self.changesByResource = Dictionary(grouping: plan.changes, by: \.address.resource)
        self.priorOutputs = prior.outputs
        self.declarations = DeclarationEvaluator(
            configuration: configuration, graph: configurationGraph, providers: providers, evaluation: evaluation,
            plan: plan, prior: prior, observer: observer, limiter: limiter)
    }

    func report(_ diagnostics: Diagnostics) {
        guard !diagnostics.isEmpty else { return }
        lock.lock()
        collected.append(contentsOf: diagnostics)
        lock.unlock()
    }

    func report(_ diagnostic: Diagnostic) { report(Diagnostics([diagnostic])) }

    var diagnostics: Diagnostics {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    /// The stack id providers tag created objects with: the state's lineage.
    var stack: String { plan.priorLineage }

    /// Runs one provider call, counted as in flight while it runs.
    func tracking<T: Sendable>(_ address: InstanceAddress, _ body: () async throws -> T) async throws -> T {
        lock.withLock { inFlight[address, default: 0] += 1 }
        defer {
            lock.withLock {
                inFlight[address, default: 1] -= 1
                if inFlight[address] == 0 { inFlight[address] = nil }
            }
        }
        return try await body()
    }

    private var callsInFlight: [InstanceAddress] {
        lock.withLock { inFlight.keys.sorted() }
    }

    func run() async -> Diagnostics {
        do {
            try recordRefreshResults()
        } catch {
            report(.error("Failed to write state", "Recording the refreshed objects failed: \(error)"))
            return diagnostics
        }
        let includeConfiguration = plan.mode == .normal
        var graph = ApplyGraphBuilder.build(plan: plan, configurationGraph: configurationGraph, includeConfiguration: includeConfiguration)
        if let selected = plan.selectedNodes {
            graph = graph.filtered { node in
                if case .configuration(let configNode) = node { return selected.contains(configNode) }
                return true
            }
        }
        if let cycle = graph.cycles().first {
            report(.error("Cycle: \(cycle.map(\.description).joined(separator: ", "))", "The changes in this plan depend on each other in a loop, so there is no order to make them in. This usually involves create_before_destroy: check that resources depending on each other agree on it."))
            return diagnostics
        }
        stop.onStop { [weak self] in
            guard let self else { return }
            self.observer.event(.interrupted(inFlight: self.callsInFlight))
        }
        let outcomes = await graph.walk(maxConcurrency: 1_000, shouldStop: { [stop] in stop.isStopped }) { [self] node in
            try await execute(node)
        }
        let cancelled = outcomes.filter { if case .cancelled = $0.value { return true }; return false }
        if stop.isStopped {
            let notStarted = cancelled.isEmpty ? "" : " \(cancelled.count) step\(cancelled.count == 1 ? " was" : "s were") not started."
            report(.error("Apply interrupted", "prov stopped after the operations in flight finished.\(notStarted) State records everything that was done: run the command again to continue."))
        }
        do {
            try writeOutputs()
        } catch {
            report(.error("Failed to write state", "Recording the outputs failed: \(error)"))
        }
        return diagnostics
    }

    /// Before any change: objects `moved` blocks moved take their new addresses (and whatever
    /// depended on them follows), objects `import` blocks adopted are recorded, and state
    /// follows what the refresh found.
    private func recordRefreshResults() throws {
        let moves = plan.changes.compactMap { change in change.movedFrom.map { ($0, change.address) } }
        try store.move(Dictionary(moves, uniquingKeysWith: { first, _ in first }))
        for change in plan.changes where change.importID != nil || change.reconciledID != nil {
            if let object = plan.currentObjects[change.address] { try store.put(object) }
        }
        // Interrupted creates are settled: what they made is recorded above, the rest is gone.
        try store.resolveOperations(plan.resolvedJournalEntries)
        for change in plan.drift {
            switch change.action {
            case .delete: try store.remove(change.address)
            default:
                if var object = plan.currentObjects[change.address] {
                    object.value = change.after ?? object.value
                    try store.put(object)
                }
            }
        }
    }

    private func execute(_ node: ApplyNode) async throws {
        switch node {
        case .configuration(let configNode):
            switch configNode.kind {
            case .provider:
                return
            case .resource(let localName):
                try await applyResource(localName, node: configNode)
            default:
                let found = await declarations.visit(configNode)
                report(found)
                if found.hasErrors { throw ApplyStepFailed() }
            }
        case .destroy(let resource):
            try await destroy(resource)
        }
    }

    private func writeOutputs() throws {
        guard plan.mode != .destroy else {
            try store.replaceOutputs([:])
            return
        }
        var outputs: [String: OutputState] = [:]
        for (name, declaration) in configuration.module.outputs {
            guard let value = evaluation.output(name, in: .root), value.isWhollyKnown else {
                // Not evaluated this time (outside the targets): the stored value stands.
                if let stored = priorOutputs[name] { outputs[name] = stored }
                continue
            }
            outputs[name] = OutputState(value: value, type: value.type, isSensitive: declaration.isSensitive || value.containsSensitive)
        }
        try store.replaceOutputs(outputs)
    }
}

/// A step failed; its diagnostics were already reported. Dependents are skipped.
struct ApplyStepFailed: Error {}
