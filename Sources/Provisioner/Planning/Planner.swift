import Foundation
import ResourceGraph

/// Walks the configuration in dependency order and decides, for every resource instance, what
/// must happen to make the real world match the configuration. Also serves `validate`, which
/// runs the same walk with every value unknown and no provider calls.
final class Planner {
    enum Purpose: Equatable {
        case validate
        case plan(Plan.Mode)
    }

    let configuration: Configuration
    let graph: Graph<ConfigNode>
    let providers: ProviderSet
    let evaluation: EvaluationState
    let prior: StateSnapshot
    let rootVariables: [String: Value]
    let purpose: Purpose
    let refresh: Bool
    let observer: EngineObserver
    let refresher: Refresher
    /// Set when the planner re-evaluates declarations during apply: expressions then see real
    /// values, and impure functions run.
    let isApplying: Bool

    var diagnostics = Diagnostics()
    var changes: [InstanceAddress: ResourceChange] = [:]
    /// Deletes of deposed objects, which share an address with the current object.
    var deposedChanges: [ResourceChange] = []
    var outputChanges: [OutputChange] = []
    var drift: [ResourceChange] = []
    /// Objects as refreshed (or as stored, without refresh), by address; gone objects removed.
    var current: [InstanceAddress: ResourceInstanceObject]
    /// Objects the refresh found gone: state forgets them at apply.
    var vanished: [InstanceAddress] = []
    /// Instances the configuration declares, so the rest of state can be planned for deletion.
    var declared: Set<InstanceAddress> = []
    /// Inputs given to child module instances by their calls, awaiting the variable nodes.
    var childInputs: [ModulePath: [String: (value: Value, range: SourceRange)]] = [:]
    /// Provider configuration addresses that have been configured (or failed to).
    var configuredProviders: Set<String> = []
    let targeting: Targeting
    /// Objects `moved` blocks moved, by new address, with their old address.
    var movedFrom: [InstanceAddress: InstanceAddress] = [:]
    /// Objects `import` blocks adopted in this plan, with their import ids.
    var importIDs: [InstanceAddress: String] = [:]
    /// The nodes a targeted plan visits; nil when nothing is restricted (or when destroying,
    /// where targeting limits the deletes instead).
    let selectedNodes: Set<ConfigNode>?
    /// Creates that earlier runs started and never saw finish (journal entries), by address.
    let interruptedCreates: [InstanceAddress: [JournalEntry]]
    /// Journal entries of other operations earlier runs left: refreshing covers them.
    let otherJournalEntries: [JournalEntry]
    /// Objects reconciliation found and adopts, by address, with their ids.
    var reconciledIDs: [InstanceAddress: String] = [:]
    /// Journal entries this plan reconciled, for apply to clear.
    var resolvedJournalEntries: [Int64] = []
    /// Ids and ARNs of objects `state rm` let go of: never deleted by their system tags.
    let released: Set<String>
    /// The state's unlocked key, to compare configured secrets with the digests state keeps
    /// of them; nil when validating.
    let cipher: StateCipher?

    init(
        configuration: Configuration, graph: Graph<ConfigNode>, providers: ProviderSet, evaluation: EvaluationState,
        prior: StateSnapshot, rootVariables: [String: Value], purpose: Purpose, refresh: Bool,
        observer: EngineObserver, limiter: ConcurrencyLimiter, applying: Bool = false, targeting: Targeting = Targeting(),
        journal: [JournalEntry] = [], released: Set<String> = [], cipher: StateCipher? = nil
    ) {
        self.cipher = cipher
        self.released = released
        let creates = journal.filter { $0.action == ChangeAction.create.rawValue }
        self.interruptedCreates = Dictionary(grouping: creates, by: \.address)
        self.otherJournalEntries = journal.filter { $0.action != ChangeAction.create.rawValue }
        self.isApplying = applying
        self.targeting = targeting
        self.selectedNodes = purpose == .plan(.destroy) ? nil : targeting.selectedNodes(in: graph)
        self.configuration = configuration
        self.graph = graph
        self.providers = providers
        self.evaluation = evaluation
        self.prior = prior
        self.rootVariables = rootVariables
        self.purpose = purpose
        self.refresh = refresh && purpose != .validate
        self.observer = observer
        self.refresher = Refresher(limiter: limiter, observer: observer)
        self.current = Self.conformed(prior.resources, to: providers)
    }

    private func markedWithMovesAndImports(_ change: ResourceChange) -> ResourceChange {
        var marked = change
        marked.movedFrom = movedFrom[change.address]
        marked.importID = importIDs[change.address]
        if change.deposedKey == nil { marked.reconciledID = reconciledIDs[change.address] }
        return marked
    }

    /// Stored objects in the shapes of their types' current schemas (state keeps JSON, where a
    /// set and a list look alike), so comparing them with planned objects is exact.
    static func conformed(_ objects: [InstanceAddress: ResourceInstanceObject], to providers: ProviderSet) -> [InstanceAddress: ResourceInstanceObject] {
        objects.mapValues { object in
            guard let schema = providers.schema(for: object.address.resource.mode, type: object.address.resource.type)?.block else { return object }
            var conformed = object
            conformed.value = object.value.conformed(to: schema.valueType).markingSensitive(at: object.value.sensitivePaths() + schema.sensitivePaths())
            return conformed
        }
    }

    /// Changes ordered by address, then deposed key: grouped by resource (a few thousand at
    /// most, sorted as addresses), then each group by instance key, so the many comparisons are
    /// of instance keys rather than whole addresses. Positions are sorted rather than the
    /// changes themselves, which are large to move.
    static func inAddressOrder(_ changes: [ResourceChange]) -> [ResourceChange] {
        let byResource = Dictionary(grouping: changes.indices) { changes[$0].address.resource }
        var sorted: [ResourceChange] = []
        sorted.reserveCapacity(changes.count)
        for resource in byResource.keys.sorted() {
            let positions = byResource[resource, default: []].sorted { a, b in
                let (x, y) = (changes[a].address.key, changes[b].address.key)
                return x != y ? x < y : (changes[a].deposedKey ?? "") < (changes[b].deposedKey ?? "")
            }
            for position in positions { sorted.append(changes[position]) }
        }
        return sorted
    }

    var mode: Plan.Mode {
        if case .plan(let mode) = purpose { return mode }
        return .normal
    }

    var isValidating: Bool { purpose == .validate }

    func run() async -> (Plan, Diagnostics) {
        if !isValidating, !isApplying { applyMovedBlocks() }
        if !isValidating { await configureImplicitProviders() }
        let order = graph.topologicalOrder() ?? []
        for node in order where selectedNodes?.contains(node) ?? true {
            await visit(node)
        }
        if targeting.isActive, !isApplying {
            diagnostics.append(.warning("Resource targeting is in effect", "This plan was made with -target or -exclude, so it may not include every change the configuration asks for. Use them to recover from errors or mistakes, not routinely; run a plan without them afterwards to see the full picture."))
        }
        if !isValidating {
            await reconcileUndeclaredInterruptedCreates()
            await planObjectsOutsideConfiguration()
            await planUntrackedStackObjects()
            if mode != .refreshOnly { resolvedJournalEntries += otherJournalEntries.map(\.id) }
        }
        let sorted = Self.inAddressOrder(changes.values.map(markedWithMovesAndImports) + deposedChanges)
        let plan = Plan(
            mode: mode, changes: sorted, outputChanges: outputChanges.sorted { $0.name < $1.name },
            drift: drift.sorted { $0.address < $1.address }, variables: rootVariables,
            priorLineage: prior.lineage, priorSerial: prior.serial,
            currentObjects: current, vanished: vanished)
        var targetedPlan = plan
        targetedPlan.targeting = targeting
        targetedPlan.selectedNodes = selectedNodes
        targetedPlan.resolvedJournalEntries = resolvedJournalEntries
        // Relevance only filters changes made outside, so a plan without any skips the
        // analysis (a tenth of planning 10,000 new resources).
        if !isValidating, !drift.isEmpty {
            targetedPlan.relevantAttributes = RelevantAttributes.analyze(configuration, changes: sorted, outputChanges: plan.outputChanges)
        }
        return (targetedPlan, diagnostics)
    }

    func visit(_ node: ConfigNode) async {
        // Destroying works from state: only what configures providers has to evaluate
        // cleanly, so a configuration that no longer evaluates can still be torn down.
        let keptDiagnostics = diagnostics.items.count
        await visitNode(node)
        if mode == .destroy, !node.isProvider {
            diagnostics = Diagnostics(Array(diagnostics.items.prefix(keptDiagnostics)))
        }
    }

    private func visitNode(_ node: ConfigNode) async {
        let instances = evaluation.moduleInstances(of: node.module)
        guard let moduleConfiguration = configuration.descendant(ModulePath(node.module.map { .init(name: $0) })) else { return }
        let module = moduleConfiguration.module
        switch node.kind {
        case .provider(let key):
            await configureProvider(key, module: module, path: node.module)
        case .variable(let name):
            for instance in instances { visitVariable(name, module: module, instance: instance) }
        case .local(let name):
            for instance in instances {
                let (value, evaluationDiagnostics) = evaluate(module.locals[name]!.expression, in: instance, module: module)
                diagnostics.append(contentsOf: evaluationDiagnostics)
                evaluation.setLocal(name, value, in: instance)
            }
        case .moduleCall(let name):
            for instance in instances { expandModuleCall(name, module: module, instance: instance, staticPath: node.module) }
        case .resource(let localName):
            for instance in instances { await planResource(module.resources[localName]!, node: node, module: module, instance: instance) }
        case .output(let name):
            for instance in instances { visitOutput(module.outputs[name]!, module: module, instance: instance) }
        }
    }

    // MARK: Evaluation helpers

    func directory(of module: Module) -> String {
        let root = configuration.module.directory
        guard module.directory != root else { return "." }
        let relative = module.directory.hasPrefix(root + "/") ? String(module.directory.dropFirst(root.count + 1)) : module.directory
        return relative
    }

    func context(in instance: ModulePath, module: Module, count: Int? = nil, each: (key: Value, value: Value)? = nil) -> EvaluationContext {
        evaluation.context(for: instance, directory: directory(of: module), planning: !isApplying, count: count, each: each)
    }


    func evaluate(_ expression: Expression, in instance: ModulePath, module: Module, count: Int? = nil, each: (key: Value, value: Value)? = nil) -> (Value, Diagnostics) {
        Evaluator.evaluate(expression, in: context(in: instance, module: module, count: count, each: each))
    }

    // MARK: Variables, module calls and outputs

    private func visitVariable(_ name: String, module: Module, instance: ModulePath) {
        let declaration = module.variables[name]!
        var value: Value
        // A failed validation points at the value: the input's expression in the calling module
        // (so the message says which call passed it), or the declaration for root variables.
        var subject = declaration.range
        if instance.isRoot {
            value = isValidating ? .unknown(declaration.type.valueType) : (rootVariables[name] ?? .null(declaration.type.valueType))
        } else if let given = childInputs[instance]?[name] {
            value = given.value
            subject = given.range
            if value.isNull, !declaration.isNullable {
                diagnostics.error("Invalid value for input variable", "The module input \"\(name)\" is not nullable, so it must be set to a non-null value.", at: given.range)
            }
            if value.isNull, let defaultValue = declaration.defaultValue, declaration.isNullable == false { value = defaultValue }
            do {
                value = try declaration.type.convert(value)
            } catch {
                diagnostics.error("Invalid value for input variable", "The given value is not suitable for var.\(name) declared at \(declaration.range.filename):\(declaration.range.start.line),\(declaration.range.start.column): \(error.description).", at: given.range)
                value = .unknown(declaration.type.valueType)
            }
            if declaration.isSensitive { value = value.markedSensitive() }
        } else {
            value = declaration.defaultValue ?? .null(declaration.type.valueType)
        }
        evaluation.setVariable(name, value, in: instance)
        checkValidations(declaration, value: value, subject: subject)
    }

    private func checkValidations(_ declaration: VariableDeclaration, value: Value, subject: SourceRange) {
        for rule in declaration.validations {
            let context = EvaluationContext(variables: ["var": .object([declaration.name: value])], functions: evaluation.functions)
            let (result, conditionDiagnostics) = Evaluator.evaluate(rule.condition, in: context)
            diagnostics.append(contentsOf: conditionDiagnostics)
            guard !conditionDiagnostics.hasErrors, result.isKnown else { continue }
            guard let passed = try? result.converted(to: .bool).boolValue else {
                diagnostics.error("Invalid validation result", "The validation condition for var.\(declaration.name) must return true or false.", at: rule.condition.range)
                continue
            }
            if !passed {
                let (message, _) = Evaluator.evaluate(rule.errorMessage, in: context)
                let text = message.isSensitive ? "(the error message refers to a sensitive value)" : (message.stringValue ?? "The value is not valid.")
                diagnostics.error("Invalid value for variable", "\(text)\n\nThis was checked by the validation rule at \(rule.range.filename):\(rule.range.start.line),\(rule.range.start.column).", at: subject)
            }
        }
    }

    private func expandModuleCall(_ name: String, module: Module, instance: ModulePath, staticPath: [String]) {
        let call = module.moduleCalls[name]!
        let expansion = expand(count: call.count, forEach: call.forEach, in: instance, module: module, what: "module.\(name)")
        var paths: [ModulePath] = []
        let keys: [(InstanceKey, Int?, (key: Value, value: Value)?)]
        let shape: EvaluationState.ModuleCallExpansion
        switch expansion {
        case .single: keys = [(.none, nil, nil)]; shape = .single
        case .count(let n): keys = (0..<n).map { (.index($0), $0, nil) }; shape = .count(n)
        case .forEach(let entries):
            keys = entries.keys.sorted().map { (.key($0), nil, (Value.string($0), entries[$0]!)) }
            shape = .forEach(entries.keys.sorted())
        case .invalid: keys = []; shape = .single
        }
        for (key, index, each) in keys {
            let child = instance.child(name, key: key)
            paths.append(child)
            var inputs: [String: (value: Value, range: SourceRange)] = [:]
            for input in call.inputs {
                let (value, evaluationDiagnostics) = evaluate(input.expression, in: instance, module: module, count: index, each: each)
                diagnostics.append(contentsOf: evaluationDiagnostics)
                inputs[input.name] = (value, input.expression.range)
            }
            childInputs[child] = inputs
        }
        evaluation.setModuleInstances(paths, callIn: instance, name: name, expansion: shape)
    }

    private func visitOutput(_ output: OutputDeclaration, module: Module, instance: ModulePath) {
        var (value, evaluationDiagnostics) = evaluate(output.expression, in: instance, module: module)
        diagnostics.append(contentsOf: evaluationDiagnostics)
        for rule in output.preconditions {
            checkCondition(rule, kind: "precondition", in: instance, module: module)
        }
        if output.isSensitive { value = value.markedSensitive() }
        evaluation.setOutput(output.name, value, in: instance)
        guard instance.isRoot else { return }
        if value.containsSensitive, !output.isSensitive, !evaluationDiagnostics.hasErrors {
            diagnostics.error("Output refers to sensitive values", "To reduce the risk of accidentally exporting sensitive data that was intended to be only internal, prov requires that any root module output containing sensitive data be explicitly marked as sensitive, to confirm your intent.\n\nIf you do intend to export this data, annotate the output value as sensitive by adding the following argument:\n    sensitive = true", at: output.range)
        }
        let before = prior.outputs[output.name]?.value
        let after: Value? = mode == .destroy ? nil : value
        outputChanges.append(OutputChange(name: output.name, before: before, after: after, isSensitive: output.isSensitive || value.containsSensitive))
    }

    /// Evaluates a precondition or postcondition, reporting the author's message when false.
    func checkCondition(_ rule: CheckRule, kind: String, in instance: ModulePath, module: Module, count: Int? = nil, each: (key: Value, value: Value)? = nil, selfValue: Value? = nil) {
        let context = evaluation.context(for: instance, directory: directory(of: module), planning: !isApplying, count: count, each: each, selfValue: selfValue)
        let (result, conditionDiagnostics) = Evaluator.evaluate(rule.condition, in: context)
        diagnostics.append(contentsOf: conditionDiagnostics)
        guard !conditionDiagnostics.hasErrors, result.isKnown, let passed = try? result.converted(to: .bool).boolValue else { return }
        if !passed {
            let (message, _) = Evaluator.evaluate(rule.errorMessage, in: context)
            let text = message.isSensitive ? "(the error message refers to a sensitive value)" : (message.stringValue ?? "The condition is false.")
            diagnostics.error("\(kind == "precondition" ? "Resource precondition" : "Resource postcondition") failed", "\(text)\n\nThis was checked by the condition at \(rule.range.filename):\(rule.range.start.line),\(rule.range.start.column).", at: rule.condition.range)
        }
    }
}
