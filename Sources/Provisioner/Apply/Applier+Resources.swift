import Foundation
import ResourceGraph

extension Applier {
    /// Creates and updates the instances of one resource block in every module instance, in
    /// parallel, then publishes the resource's whole value for what depends on it.
    func applyResource(_ localName: String, node: ConfigNode) async throws {
        guard let module = configuration.descendant(ModulePath(node.module.map { .init(name: $0) }))?.module,
              let declaration = module.resources[localName] else { return }
        var failed = false
        for instance in evaluation.moduleInstances(of: node.module) {
            let address = ResourceAddress(module: instance, mode: declaration.mode, type: declaration.type, name: declaration.name)
            let changes = (changesByResource[address] ?? []).filter { $0.deposedKey == nil && $0.action != .delete }
            guard !changes.isEmpty, let planned = evaluation.expansion(localName, in: instance) else { continue }
            guard let expansion = await appliedExpansion(planned, declaration: declaration, module: module, instance: instance) else {
                failed = true
                continue
            }
            let results = await withTaskGroup(of: (InstanceKey, Value?).self) { group in
                for change in changes where change.action != .noOp {
                    group.addTask { [self] in
                        let value = await applyInstance(change, declaration: declaration, module: module, instance: instance, expansion: expansion)
                        return (change.address.key, value)
                    }
                }
                var values: [InstanceKey: Value?] = [:]
                for await (key, value) in group { values[key] = value }
                return values
            }
            if results.values.contains(where: { $0 == nil }) { failed = true }
            guard let whole = evaluation.resource(localName, in: instance) else { continue }
            evaluation.setResource(localName, Self.replacingInstances(in: whole, expansion: expansion, with: results.compactMapValues { $0 }), in: instance)
        }
        if failed { throw ApplyStepFailed() }
    }

    /// The plan's expansion with `each.value` brought up to date. Planning needs only the keys
    /// of a `for_each` map to be known; values that come from objects created in this run (a
    /// bucket's id for each of its settings) were placeholders then and are evaluated again
    /// now that those objects exist. The keys stay the plan's.
    private func appliedExpansion(_ planned: Expansion, declaration: ResourceDeclaration, module: Module, instance: ModulePath) async -> Expansion? {
        guard case .forEach(let entries) = planned, entries.values.contains(where: { !$0.isWhollyKnown }) else { return planned }
        let (current, found) = await declarations.expansion(of: declaration, module: module, instance: instance)
        report(found)
        guard !found.hasErrors, case .forEach(let now) = current else { return nil }
        let updated = Dictionary(uniqueKeysWithValues: entries.map { key, value in (key, now[key] ?? value) })
        evaluation.setExpansion(declaration.localName, .forEach(updated), in: instance)
        return .forEach(updated)
    }

    /// The resource's whole value with the applied instances' values put in.
    static func replacingInstances(in whole: Value, expansion: Expansion, with values: [InstanceKey: Value]) -> Value {
        switch expansion {
        case .single:
            return values[.none] ?? whole
        case .count:
            guard var elements = whole.elements else { return whole }
            for (key, value) in values { if case .index(let i) = key, elements.indices.contains(i) { elements[i] = value } }
            return .tuple(elements)
        case .forEach:
            guard var entries = whole.attributes else { return whole }
            for (key, value) in values { if case .key(let k) = key { entries[k] = value } }
            return .object(entries)
        case .invalid:
            return whole
        }
    }

    /// Applies one instance's change; returns its new value, or nil when it failed (reported).
    private func applyInstance(_ change: ResourceChange, declaration: ResourceDeclaration, module: Module, instance: ModulePath, expansion: Expansion) async -> Value? {
        let address = change.address
        guard let schema = providers.schema(for: declaration.mode, type: declaration.type),
              let provider = providers.configuredProvider(change.providerKey) else {
            report(.error("Provider configuration not present", "To work with \(address) its provider configuration \(change.providerKey) is required, but it is not available."))
            return nil
        }
        let index: Int? = { if case .index(let i) = address.key { return i }; return nil }()
        let each: (key: Value, value: Value)? = {
            if case .key(let k) = address.key, case .forEach(let entries) = expansion { return (.string(k), entries[k] ?? .null) }
            return nil
        }()
        let context = evaluation.context(for: instance, directory: await declarations.directory(of: module), planning: false, count: index, each: each)
        let (config, decodeDiagnostics) = BodyDecoder.decode(declaration.body, schema: schema.block, context: context, subject: declaration.range, owner: declaration.type)
        if decodeDiagnostics.hasErrors {
            report(decodeDiagnostics)
            return nil
        }
        if declaration.mode == .data {
            return await readDataSource(change, provider: provider, schema: schema, config: config)
        }
        let prior = change.action == .update ? change.before : nil
        do {
            let proposed = ObjectPlanning.proposedNew(schema: schema.block, prior: prior, config: config)
            var planned = try provider.planChange(type: declaration.type, prior: prior, proposed: proposed, configuration: config).planned
            if change.action == .update, let before = change.before {
                planned = ObjectPlanning.ignoringChanges(declaration.lifecycle.ignoreChanges, prior: before, planned: planned, schema: schema.block)
            }
            if change.action == .createThenDelete {
                try store.depose(address, key: deposedKey)
            }
            let finalPlan = planned
            let value = try await perform(change, schema: schema, planned: finalPlan, configuration: config) { context in
                if change.action == .update, let before = change.before {
                    return try await provider.update(type: declaration.type, prior: before, planned: finalPlan, context: context)
                }
                return try await provider.create(type: declaration.type, planned: finalPlan, context: context)
            }
            let postconditions = await declarations.checkPostconditions(declaration.lifecycle.postconditions, module: module, instance: instance, count: index, each: each, selfValue: value)
            report(postconditions)
            return postconditions.hasErrors ? nil : value
        } catch {
            if !(error is ApplyStepFailed) { report(.error("Applying \(address) failed", "\(error)")) }
            return nil
        }
    }

    /// The key under which a create_before_destroy replacement keeps the old object until it
    /// is deleted.
    var deposedKey: String { String(runID.prefix(8)) }

    /// Runs a create or update with its journal entry, progress events and the state write.
    private func perform(_ change: ResourceChange, schema: ResourceTypeSchema, planned: Value, configuration: Value, _ call: @Sendable (OperationContext) async throws -> Value) async throws -> Value {
        let address = change.address
        let action = change.action == .update ? ChangeAction.update : ChangeAction.create
        let token = idempotencyToken(for: address, action: action)
        let journal = try store.beginOperation(runID: runID, address: address, action: action.rawValue, token: token)
        let started = ContinuousClock.now
        observer.event(.started(address, action, deposed: false))
        let ticker = progressTicker(address, action, started: started)
        defer { ticker.cancel() }
        do {
            let result = try await limiter.run {
                try await call(OperationContext(address: address, idempotencyToken: token) { [observer] status in
                    observer.event(.stillWorking(address, action, elapsed: ContinuousClock.now - started, status: status))
                })
            }
            let (value, digests) = protectingSecrets(result, schema: schema, planned: planned, configuration: configuration)
            let object = ResourceInstanceObject(
                address: address, providerKey: change.providerKey, schemaVersion: schema.version, value: value,
                dependencies: change.dependencies, status: .ready, createBeforeDestroy: change.createBeforeDestroy, digests: digests)
            try store.put(object, resolvingJournal: journal)
            observer.event(.completed(address, action, id: value[attribute: "id"]?.stringValue, elapsed: ContinuousClock.now - started))
            return value
        } catch let error as ProviderError {
            if let partial = error.partialObject {
                // The object exists even though a later step failed: keep track of it, tainted,
                // so the next apply repairs or replaces it instead of creating a duplicate.
                let (value, digests) = protectingSecrets(partial, schema: schema, planned: planned, configuration: configuration)
                let object = ResourceInstanceObject(
                    address: address, providerKey: change.providerKey, schemaVersion: schema.version, value: value,
                    dependencies: change.dependencies, status: .tainted, createBeforeDestroy: change.createBeforeDestroy, digests: digests)
                try? store.put(object, resolvingJournal: journal)
            } else {
                try? store.resolveOperation(journal)
            }
            observer.event(.failed(address, action, message: error.summary))
            var detail = error.detail
            if error.isAlreadyExists, action == .create {
                detail += "\n\nAn object with the same name already exists, perhaps left by an earlier run. If it is the one this configuration describes, adopt it instead of creating it: prov import \(address) <id>, or add an import block."
            }
            report(.error(error.summary, detail))
            throw ApplyStepFailed()
        } catch {
            // The outcome is unknown (for example the connection dropped after sending): the
            // journal entry stays, so the next run looks the object up before creating again.
            observer.event(.failed(address, action, message: "\(error)"))
            report(.error("Applying \(address) failed", "\(error)"))
            throw ApplyStepFailed()
        }
    }

    /// A token that names one operation of this run, made of characters every AWS API accepts
    /// for its idempotency tokens (at most 64, hex and dashes), and the same if the call is
    /// repeated.
    func idempotencyToken(for address: InstanceAddress, action: ChangeAction) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(action.rawValue) \(address)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return runID + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    func progressTicker(_ address: InstanceAddress, _ action: ChangeAction, started: ContinuousClock.Instant) -> Task<Void, Never> {
        Task { [observer] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                if Task.isCancelled { return }
                observer.event(.stillWorking(address, action, elapsed: ContinuousClock.now - started, status: nil))
            }
        }
    }

    private func readDataSource(_ change: ResourceChange, provider: any ConfiguredProvider, schema: ResourceTypeSchema, config: Value) async -> Value? {
        observer.event(.readingDataSource(change.address))
        let started = ContinuousClock.now
        do {
            let value = try await limiter.run { try await provider.readDataSource(type: change.address.resource.type, configuration: config) }
            observer.event(.dataSourceRead(change.address, elapsed: ContinuousClock.now - started))
            return value.conformed(to: schema.block.valueType).markingSensitive(at: schema.block.sensitivePaths())
        } catch {
            report(.error("Reading \(change.address) failed", "\(error)"))
            return nil
        }
    }
}
