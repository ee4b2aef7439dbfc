import ResourceGraph

extension Planner {
    func planResource(_ resource: ResourceDeclaration, node: ConfigNode, module: Module, instance: ModulePath) async {
        let address = ResourceAddress(module: instance, mode: resource.mode, type: resource.type, name: resource.name)
        if mode == .destroy, resource.mode == .managed {
            // Deletes come from state; references to this resource see what state holds.
            evaluation.setResource(resource.localName, wholeValueFromState(address), in: instance)
            return
        }
        guard let schema = checkedSchema(for: resource) else {
            evaluation.setResource(resource.localName, .unknown(), in: instance)
            return
        }
        let expansion = expand(count: resource.count, forEach: resource.forEach, in: instance, module: module, what: resource.localName)
        if case .invalid = expansion {
            evaluation.setResource(resource.localName, .unknown(), in: instance)
            return
        }
        evaluation.setExpansion(resource.localName, expansion, in: instance)
        let providerAddress = ProviderSet.address(for: resource, modulePath: node.module, in: configuration)
        let dependencies = resourceDependencies(of: node, in: instance)
        var values: [InstanceKey: Value] = [:]
        if resource.mode == .managed {
            await importObjects(for: resource, in: instance, module: module, schema: schema, providerAddress: providerAddress)
        }
        let directlyTargeted = targeting.directlyTargets(node)
        for key in expansion.keys {
            let instanceAddress = address.instance(key)
            declared.insert(instanceAddress)
            if !isValidating, !targeting.covers(instanceAddress, directlyTargeted: directlyTargeted) {
                // Outside the targets: left as it is.
                values[key] = current[instanceAddress]?.value ?? .unknown(schema.block.valueType)
                continue
            }
            let index: Int? = { if case .index(let i) = key { return i }; return nil }()
            let each: (key: Value, value: Value)? = {
                if case .key(let k) = key, case .forEach(let entries) = expansion { return (.string(k), entries[k]!) }
                return nil
            }()
            let context = evaluation.context(for: instance, directory: directory(of: module), planning: true, count: index, each: each)
            let (config, decodeDiagnostics) = BodyDecoder.decode(resource.body, schema: schema.block, context: context, subject: resource.range, owner: resource.type)
            diagnostics.append(contentsOf: decodeDiagnostics)
            if decodeDiagnostics.hasErrors {
                values[key] = .unknown(schema.block.valueType)
                continue
            }
            for rule in resource.lifecycle.preconditions {
                checkCondition(rule, kind: "precondition", in: instance, module: module, count: index, each: each)
            }
            if isValidating {
                values[key] = ObjectPlanning.proposedNew(schema: schema.block, prior: nil, config: config)
                continue
            }
            if resource.mode == .data {
                values[key] = await planDataSource(resource, address: instanceAddress, schema: schema, config: config, providerAddress: providerAddress, dependencies: dependencies)
            } else {
                await reconcileInterruptedCreate(resource, address: instanceAddress, schema: schema, config: config, providerAddress: providerAddress, dependencies: dependencies)
                let triggered = !resource.lifecycle.replaceTriggeredBy.isEmpty
                    && replacementTriggered(by: resource.lifecycle.replaceTriggeredBy, in: instance, module: module, count: index, each: each)
                values[key] = await planManagedInstance(resource, address: instanceAddress, schema: schema, config: config, providerAddress: providerAddress, dependencies: dependencies, replaceTriggered: triggered)
            }
        }
        evaluation.setResource(resource.localName, Self.wholeValue(expansion, values), in: instance)
    }

    /// The value a reference to the whole resource sees: one object, a tuple for `count`, an
    /// object keyed by `for_each` keys.
    static func wholeValue(_ expansion: Expansion, _ values: [InstanceKey: Value]) -> Value {
        switch expansion {
        case .single: return values[.none] ?? .unknown()
        case .count(let n): return .tuple((0..<n).map { values[.index($0)] ?? .unknown() })
        case .forEach(let entries): return .object(Dictionary(uniqueKeysWithValues: entries.keys.map { ($0, values[.key($0)] ?? .unknown()) }))
        case .invalid: return .unknown()
        }
    }

    /// A resource's whole value assembled from the objects in state, shaped by their keys.
    private func wholeValueFromState(_ address: ResourceAddress) -> Value {
        let objects = current.values.filter { $0.address.resource == address }
        if let single = objects.first(where: { $0.address.key == .none }) { return single.value }
        var indexed: [Int: Value] = [:]
        var keyed: [String: Value] = [:]
        for object in objects {
            switch object.address.key {
            case .index(let i): indexed[i] = object.value
            case .key(let k): keyed[k] = object.value
            case .none: break
            }
        }
        if !keyed.isEmpty { return .object(keyed) }
        let count = (indexed.keys.max() ?? -1) + 1
        return .tuple((0..<count).map { indexed[$0] ?? .null })
    }

    private func checkedSchema(for resource: ResourceDeclaration) -> ResourceTypeSchema? {
        let providerName = ProviderSet.providerName(ofType: resource.type)
        guard let plugin = providers.plugins[providerName] else {
            diagnostics.error("Unsupported provider", "The resource type \"\(resource.type)\" belongs to the provider \"\(providerName)\", which prov does not have. prov supports: \(providers.plugins.keys.sorted().joined(separator: ", ")).", at: resource.range)
            return nil
        }
        let types = resource.mode == .managed ? plugin.resourceTypes : plugin.dataSourceTypes
        guard let schema = types[resource.type] else {
            let kind = resource.mode == .managed ? "resource type" : "data source"
            let suggestion = NameSuggestion.didYouMean(resource.type, in: types.keys)
            diagnostics.error("Invalid \(kind)", "The provider hashicorp/\(providerName) does not support \(kind) \"\(resource.type)\" in prov.\(suggestion)", at: resource.range)
            return nil
        }
        return schema
    }

    // MARK: Managed resources

    private func planManagedInstance(_ resource: ResourceDeclaration, address: InstanceAddress, schema: ResourceTypeSchema, config: Value, providerAddress: String, dependencies: [ResourceAddress], replaceTriggered: Bool) async -> Value {
        var priorObject = await refreshedObject(address)
        if let refreshed = priorObject, !refreshed.digests.isEmpty {
            priorObject = restoringConfiguredSecrets(refreshed, configuration: config)
            current[address] = priorObject
        }
        guard let provider = providers.configuredProvider(providerAddress) else {
            return ObjectPlanning.proposedNew(schema: schema.block, prior: priorObject?.value, config: config)
        }
        let type = resource.type
        let cbd = resource.lifecycle.createBeforeDestroy
        if mode == .destroy || mode == .refreshOnly {
            return priorObject?.value ?? .unknown(schema.block.valueType)
        }
        do {
            guard let priorObject else {
                let planned = try plannedObject(provider, type: type, schema: schema, prior: nil, config: config)
                record(ResourceChange(address: address, providerKey: providerAddress, action: .create, before: nil, after: planned.planned, dependencies: dependencies, createBeforeDestroy: cbd))
                return planned.planned
            }
            if priorObject.status == .tainted {
                return try planReplacement(resource, address: address, provider: provider, schema: schema, prior: priorObject, config: config, providerAddress: providerAddress, dependencies: dependencies, reason: .tainted, paths: [])
            }
            if targeting.replace.contains(address) {
                return try planReplacement(resource, address: address, provider: provider, schema: schema, prior: priorObject, config: config, providerAddress: providerAddress, dependencies: dependencies, reason: .requested, paths: [])
            }
            if replaceTriggered {
                return try planReplacement(resource, address: address, provider: provider, schema: schema, prior: priorObject, config: config, providerAddress: providerAddress, dependencies: dependencies, reason: .replaceTriggered, paths: [])
            }
            var planned = try plannedObject(provider, type: type, schema: schema, prior: priorObject.value, config: config)
            planned.planned = ObjectPlanning.ignoringChanges(resource.lifecycle.ignoreChanges, prior: priorObject.value, planned: planned.planned, schema: schema.block)
            let changed = ObjectPlanning.changedAttributes(prior: priorObject.value, planned: planned.planned, schema: schema.block)
            if changed.isEmpty {
                record(ResourceChange(address: address, providerKey: providerAddress, action: .noOp, before: priorObject.value, after: priorObject.value, dependencies: dependencies, createBeforeDestroy: cbd))
                return priorObject.value
            }
            let replace = ObjectPlanning.replacementPaths(changed: changed, schema: schema.block) + planned.requiresReplace.filter { changed.contains($0.first ?? "") }
            if !replace.isEmpty {
                return try planReplacement(resource, address: address, provider: provider, schema: schema, prior: priorObject, config: config, providerAddress: providerAddress, dependencies: dependencies, reason: .cannotUpdate, paths: replace)
            }
            record(ResourceChange(address: address, providerKey: providerAddress, action: .update, before: priorObject.value, after: planned.planned, dependencies: dependencies, createBeforeDestroy: cbd))
            return planned.planned
        } catch let error as ProviderError {
            diagnostics.error(error.summary, "\(address): \(error.detail)", at: resource.range)
            return .unknown(schema.block.valueType)
        } catch {
            diagnostics.error("Planning \(address) failed", "\(error)", at: resource.range)
            return .unknown(schema.block.valueType)
        }
    }

    private func planReplacement(_ resource: ResourceDeclaration, address: InstanceAddress, provider: any ConfiguredProvider, schema: ResourceTypeSchema, prior: ResourceInstanceObject, config: Value, providerAddress: String, dependencies: [ResourceAddress], reason: ChangeReason, paths: [ValuePath]) throws -> Value {
        let planned = try plannedObject(provider, type: resource.type, schema: schema, prior: nil, config: config)
        let cbd = resource.lifecycle.createBeforeDestroy
        if preventsDestroy(resource, in: address.resource.module) {
            preventDestroyError(address, range: resource.range)
        }
        record(ResourceChange(
            address: address, providerKey: providerAddress, action: cbd ? .createThenDelete : .deleteThenCreate, reason: reason,
            before: prior.value, after: planned.planned, replacePaths: paths, dependencies: dependencies, createBeforeDestroy: cbd))
        return planned.planned
    }

    /// Evaluates `lifecycle.prevent_destroy` in the instance's module; a value that cannot be
    /// known protects the object.
    func preventsDestroy(_ resource: ResourceDeclaration, in instance: ModulePath) -> Bool {
        guard let expression = resource.lifecycle.preventDestroy,
              let module = configuration.descendant(ModulePath(instance.steps.map { .init(name: $0.name) }))?.module else { return false }
        let (value, evaluationDiagnostics) = evaluate(expression, in: instance, module: module)
        diagnostics.append(contentsOf: evaluationDiagnostics)
        guard value.isKnown else { return true }
        guard !value.isNull, let prevent = try? value.converted(to: .bool).boolValue else {
            diagnostics.error("Invalid prevent_destroy value", "prevent_destroy must be true or false.", at: expression.range)
            return true
        }
        return prevent
    }

    func preventDestroyError(_ address: InstanceAddress, range: SourceRange?) {
        diagnostics.append(Diagnostic(.error, summary: "Instance cannot be destroyed", detail: "Resource \(address) has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option.", subject: range))
    }

    /// The proposed object, adjusted by the provider, with the schema's sensitive attributes
    /// marked.
    func plannedObject(_ provider: any ConfiguredProvider, type: String, schema: ResourceTypeSchema, prior: Value?, config: Value) throws -> PlannedChange {
        let proposed = ObjectPlanning.proposedNew(schema: schema.block, prior: prior, config: config)
        var planned = try provider.planChange(type: type, prior: prior, proposed: proposed, configuration: config)
        planned.planned = planned.planned.markingSensitive(at: schema.block.sensitivePaths())
        return planned
    }

    func record(_ change: ResourceChange) {
        changes[change.address] = change
    }

    /// The object in state after refresh; nil if there is none or it is gone.
    func refreshedObject(_ address: InstanceAddress) async -> ResourceInstanceObject? {
        guard var object = current[address] else { return nil }
        guard let result = await refresher.result(for: address) else { return object }
        switch result {
        case .current(let value):
            let stored = object.value
            let reconciled = reconcilingDigests(object, refreshed: value)
            object = reconciled.object
            current[address] = object
            if !ObjectPlanning.equivalent(reconciled.storedForComparison, object.value) {
                drift.append(ResourceChange(address: address, providerKey: object.providerKey, action: .update, before: stored, after: object.value))
            }
            return object
        case .gone:
            current[address] = nil
            vanished.append(address)
            drift.append(ResourceChange(address: address, providerKey: object.providerKey, action: .delete, before: object.value, after: nil))
            return nil
        case .failed(let error):
            diagnostics.error("Refreshing \(address) failed", error.description)
            return object
        }
    }

    // MARK: Data sources

    private func planDataSource(_ resource: ResourceDeclaration, address: InstanceAddress, schema: ResourceTypeSchema, config: Value, providerAddress: String, dependencies: [ResourceAddress]) async -> Value {
        let unread = ObjectPlanning.proposedNew(schema: schema.block, prior: nil, config: config)
        guard let provider = providers.configuredProvider(providerAddress) else { return unread }
        let dependsOnPendingChanges = dependencies.contains { dependency in
            changes.values.contains { $0.address.resource == dependency && $0.action != .noOp }
        }
        guard config.isWhollyKnown, !dependsOnPendingChanges else {
            if mode != .destroy {
                record(ResourceChange(address: address, providerKey: providerAddress, action: .read, before: nil, after: unread, dependencies: dependencies))
            }
            return unread
        }
        observer.event(.readingDataSource(address))
        let started = ContinuousClock.now
        do {
            let value = try await provider.readDataSource(type: resource.type, configuration: config)
            observer.event(.dataSourceRead(address, elapsed: ContinuousClock.now - started))
            return value.conformed(to: schema.block.valueType).markingSensitive(at: schema.block.sensitivePaths())
        } catch {
            diagnostics.error("Reading \(address) failed", "\(error)", at: resource.range)
            return unread
        }
    }

    // MARK: Dependencies

    /// The resources this resource depends on, through any chain of variables, locals, module
    /// calls and outputs, as addresses in the given module instance. Recorded in state so that
    /// deletes happen in the right order even after the configuration is gone.
    func resourceDependencies(of node: ConfigNode, in instance: ModulePath) -> [ResourceAddress] {
        var found: Set<ConfigNode> = []
        var visited: Set<ConfigNode> = [node]
        var pending = graph.dependencies(of: node)
        while let next = pending.popLast() {
            guard visited.insert(next).inserted else { continue }
            if next.isResource {
                found.insert(next)
            } else {
                pending += graph.dependencies(of: next)
            }
        }
        var addresses: [ResourceAddress] = []
        for dependency in found.sorted() {
            guard case .resource(let localName) = dependency.kind,
                  let declaration = configuration.descendant(ModulePath(dependency.module.map { .init(name: $0) }))?.module.resources[localName] else { continue }
            for moduleInstance in relatedInstances(of: dependency.module, to: instance) {
                addresses.append(ResourceAddress(module: moduleInstance, mode: declaration.mode, type: declaration.type, name: declaration.name))
            }
        }
        return addresses
    }

    /// The instances of a module (by static path) that a node in `instance` can depend on: the
    /// ancestor or descendants along `instance`'s own path, or every instance otherwise.
    private func relatedInstances(of staticPath: [String], to instance: ModulePath) -> [ModulePath] {
        if staticPath.count <= instance.steps.count, instance.steps.prefix(staticPath.count).map(\.name) == staticPath {
            return [ModulePath(Array(instance.steps.prefix(staticPath.count)))]
        }
        let all = evaluation.moduleInstances(of: staticPath)
        let descendants = all.filter { $0.steps.starts(with: instance.steps) }
        return descendants.isEmpty ? all : descendants
    }
}
