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
            let type = declaration.type
            // After a create whose answer was lost, the object is looked up before creating again.
            let knownConfiguration = config.unknownsAsNull()
            var lookup: (@Sendable (OperationContext) async throws -> CreatedObjectLookup)?
            if change.action != .update {
                lookup = { context in
                    let query = CreatedObjectQuery(address: address, stack: context.stack, idempotencyToken: context.idempotencyToken, configuration: knownConfiguration)
                    return try await provider.findCreated(type: type, query: query)
                }
            }
            let adopt: @Sendable (OperationContext, Value) async throws -> Value = { context, found in
                try await Self.bringUpToDate(found, address: address, type: type, schema: schema, config: config, ignoreChanges: declaration.lifecycle.ignoreChanges, provider: provider, context: context)
            }
            let value = try await perform(change, schema: schema, planned: finalPlan, configuration: config, lookup: lookup, adopt: adopt) { context in
                if change.action == .update, let before = change.before {
                    return try await provider.update(type: type, prior: before, planned: finalPlan, context: context)
                }
                return try await provider.create(type: type, planned: finalPlan, context: context)
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
    private func perform(_ change: ResourceChange, schema: ResourceTypeSchema, planned: Value, configuration: Value, lookup: (@Sendable (OperationContext) async throws -> CreatedObjectLookup)?, adopt: @escaping @Sendable (OperationContext, Value) async throws -> Value, _ call: @escaping @Sendable (OperationContext) async throws -> Value) async throws -> Value {
        let address = change.address
        let action = change.action == .update ? ChangeAction.update : ChangeAction.create
        guard !stop.isStopped else { throw ApplyStepFailed() }
        let token = idempotencyToken(for: address, action: action)
        let journal = try store.beginOperation(runID: runID, address: address, action: action.rawValue, token: token, details: JournalEntry.details(providerKey: change.providerKey))
        let started = ContinuousClock.now
        observer.event(.started(address, action, deposed: false))
        let ticker = progressTicker(address, action, started: started)
        defer { ticker.cancel() }
        let context = OperationContext(address: address, idempotencyToken: token, stack: stack) { [observer] status in
            observer.event(.stillWorking(address, action, elapsed: ContinuousClock.now - started, status: status))
        }
        do {
            let result = try await limiter.run { [self] in
                // A call still waiting for a permit when Ctrl-C came does not start.
                guard !stop.isStopped else { throw OperationNotStarted() }
                return try await tracking(address) { try await Self.recoveringLostAnswers(context, lookup: lookup, adopt: adopt, call) }
            }
            let (value, digests) = protectingSecrets(result, schema: schema, planned: planned, configuration: configuration)
            let object = ResourceInstanceObject(
                address: address, providerKey: change.providerKey, schemaVersion: schema.version, value: value,
                dependencies: change.dependencies, status: .ready, createBeforeDestroy: change.createBeforeDestroy, digests: digests)
            try store.put(object, resolvingJournal: journal)
            observer.event(.completed(address, action, id: value[attribute: "id"]?.stringValue, elapsed: ContinuousClock.now - started))
            return value
        } catch is OperationNotStarted {
            try? store.resolveOperation(journal)
            throw ApplyStepFailed()
        } catch let error as ProviderError where error.partialObject != nil || !error.outcomeUnknown {
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
            // The outcome is unknown (for example the connection dropped after sending, and the
            // object could not be looked up): the journal entry stays, so the next run looks the
            // object up before creating it again.
            observer.event(.failed(address, action, message: "\(error)"))
            let next = action == .create ? " The next run looks for the object before creating it again." : ""
            report(.error("Applying \(address) failed", "\(error)\(next)"))
            throw ApplyStepFailed()
        }
    }

    /// How many times a create is sent when its answers keep getting lost and the lookup
    /// after each finds nothing.
    static let lostAnswerAttempts = 3

    /// Runs a create; when its answer is lost after the request may have acted, looks the object
    /// up (by token, tags or name) and adopts it, or creates again when it does not exist.
    static func recoveringLostAnswers(_ context: OperationContext, lookup: (@Sendable (OperationContext) async throws -> CreatedObjectLookup)?, adopt: @Sendable (OperationContext, Value) async throws -> Value, _ call: @Sendable (OperationContext) async throws -> Value) async throws -> Value {
        var attempt = 1
        while true {
            do {
                return try await call(context)
            } catch let callError where lookup != nil && outcomeIsUnknown(callError) && attempt < lostAnswerAttempts {
                context.progress("the answer was lost; looking for the object before creating it again")
                let found: CreatedObjectLookup
                do {
                    found = try await lookup!(context)
                } catch {
                    throw LostAnswerError(call: "\(callError)", lookup: "\(error)")
                }
                switch found {
                case .found(let value): return try await adopt(context, value)
                case .notFound: attempt += 1
                case .unsupported: throw callError
                }
            }
        }
    }

    /// An object a lost create made, found again: the create's follow-ups (attributes, tags,
    /// attachments) may not have happened, so what differs from the configuration is updated
    /// now. What cannot be updated, or fails to, leaves the object recorded as tainted.
    static func bringUpToDate(_ found: Value, address: InstanceAddress, type: String, schema: ResourceTypeSchema, config: Value, ignoreChanges: Lifecycle.IgnoreChanges, provider: any ConfiguredProvider, context: OperationContext) async throws -> Value {
        let prior = found.conformed(to: schema.block.valueType).markingSensitive(at: schema.block.sensitivePaths())
        do {
            let proposed = ObjectPlanning.proposedNew(schema: schema.block, prior: prior, config: config)
            var replanned = try provider.planChange(type: type, prior: prior, proposed: proposed, configuration: config)
            replanned.planned = ObjectPlanning.ignoringChanges(ignoreChanges, prior: prior, planned: replanned.planned.markingSensitive(at: schema.block.sensitivePaths()), schema: schema.block)
            let changed = ObjectPlanning.changedAttributes(prior: prior, planned: replanned.planned, schema: schema.block)
            guard !changed.isEmpty else { return found }
            let replace = ObjectPlanning.replacementPaths(changed: changed, schema: schema.block) + replanned.requiresReplace.filter { changed.contains($0.first ?? "") }
            guard replace.isEmpty else {
                throw ProviderError("Adopting \(address) failed", detail: "the object a lost create made differs from the configuration in arguments that cannot be updated (\(replace.map { $0.joined(separator: ".") }.joined(separator: ", "))); it is kept as tainted and replaced by the next apply.", partialObject: found)
            }
            context.progress("updating the object found: \(changed.sorted().joined(separator: ", "))")
            return try await provider.update(type: type, prior: prior, planned: replanned.planned, context: context)
        } catch var error as ProviderError {
            if error.partialObject == nil { error.partialObject = found }
            throw error
        } catch {
            throw ProviderError("Adopting \(address) failed", detail: "\(error)", partialObject: found)
        }
    }

    /// Whether a failed call may nevertheless have acted: no answer says it did not.
    static func outcomeIsUnknown(_ error: any Error) -> Bool {
        if let error = error as? ProviderError { return error.outcomeUnknown && error.partialObject == nil }
        return !(error is CancellationError)
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

/// A call waiting for a concurrency permit when Ctrl-C came: it never started.
struct OperationNotStarted: Error {}

/// A create whose answer was lost, after which looking for the object failed too: whether it
/// exists is unknown until the next run reconciles it.
struct LostAnswerError: Error, CustomStringConvertible {
    var call: String
    var lookup: String

    var description: String { "\(call); looking for the object afterwards failed too: \(lookup)" }
}
