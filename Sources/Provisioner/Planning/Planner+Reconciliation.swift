import ResourceGraph

/// Reconciliation of creates that earlier runs started but never recorded (the process was
/// killed, or the answer was lost): before an instance is planned, its provider looks for the
/// object the create may have made; what it finds is adopted into state instead of being created
/// a second time, and entries whose object does not exist are cleared.
extension Planner {
    /// For an instance the configuration declares: adopts what an interrupted create made, so
    /// the instance is planned as an existing object (no create in the plan).
    func reconcileInterruptedCreate(_ resource: ResourceDeclaration, address: InstanceAddress, schema: ResourceTypeSchema, config: Value, providerAddress: String, dependencies: [ResourceAddress]) async {
        guard mode == .normal, let entries = interruptedCreates[address], reconciledIDs[address] == nil else { return }
        guard current[address] == nil else {
            // State recorded an object after all (a later run created it): nothing is missing.
            resolvedJournalEntries += entries.map(\.id)
            return
        }
        guard let provider = providers.configuredProvider(providerAddress) else { return }
        let object = await lookUp(address, entries: entries, provider: provider, schema: schema, configuration: config.unknownsAsNull(), range: resource.range)
        guard let object else { return }
        adopt(object, address: address, providerAddress: providerAddress, schema: schema, dependencies: dependencies, createBeforeDestroy: resource.lifecycle.createBeforeDestroy)
    }

    /// For interrupted creates of instances the configuration no longer declares (or of
    /// everything, when destroying): adopts what they made so that it is deleted.
    func reconcileUndeclaredInterruptedCreates() async {
        guard mode == .normal || mode == .destroy else { return }
        for (address, entries) in interruptedCreates.sorted(by: { $0.key < $1.key }) {
            guard !declared.contains(address), reconciledIDs[address] == nil else { continue }
            if !targeting.allowsDeleting(address) { continue }
            guard current[address] == nil else {
                resolvedJournalEntries += entries.map(\.id)
                continue
            }
            let providerAddress = entries.compactMap(\.providerKey).last ?? ConfigNode(module: [], .provider(ProviderSet.providerName(ofType: address.resource.type))).description
            guard let provider = providers.configuredProvider(providerAddress),
                  let schema = providers.schema(for: address.resource.mode, type: address.resource.type) else {
                diagnostics.append(.warning("Interrupted create not reconciled", "An earlier run was interrupted while creating \(address), and its provider configuration \(providerAddress) is not available to look for the object it may have made. Restore the provider block, or check for the object by hand."))
                continue
            }
            guard let object = await lookUp(address, entries: entries, provider: provider, schema: schema, configuration: nil, range: nil) else { continue }
            let dependencies = prior.resources.values.filter { $0.address.resource == address.resource }.flatMap(\.dependencies)
            adopt(object, address: address, providerAddress: providerAddress, schema: schema, dependencies: Array(Set(dependencies)).sorted(), createBeforeDestroy: false)
        }
    }

    /// Asks the provider about each entry's create; returns the object when one exists. Records
    /// the entries as resolved unless the lookup failed (then the plan fails, rather than
    /// creating what may already exist).
    private func lookUp(_ address: InstanceAddress, entries: [JournalEntry], provider: any ConfiguredProvider, schema: ResourceTypeSchema, configuration: Value?, range: SourceRange?) async -> Value? {
        observer.event(.reconciling(address))
        for entry in entries.reversed() {
            let query = CreatedObjectQuery(address: address, stack: prior.lineage, idempotencyToken: entry.token, configuration: configuration)
            let lookup: CreatedObjectLookup
            do {
                lookup = try await provider.findCreated(type: address.resource.type, query: query)
            } catch {
                diagnostics.error("Reconciling \(address) failed", "An earlier run was interrupted while creating \(address), and looking for the object it may have made failed: \(error). prov does not create it again while it cannot tell whether it exists; run the command again once the lookup can succeed.", at: range)
                return nil
            }
            switch lookup {
            case .found(let value):
                resolvedJournalEntries += entries.map(\.id)
                return value.conformed(to: schema.block.valueType).markingSensitive(at: schema.block.sensitivePaths())
            case .notFound:
                continue
            case .unsupported:
                resolvedJournalEntries += entries.map(\.id)
                diagnostics.append(.warning("Interrupted create not reconciled", "An earlier run was interrupted while creating \(address), and prov cannot look up objects of type \(address.resource.type) to tell whether it was made. If it exists, adopt it with prov import, or delete it by hand."))
                return nil
            }
        }
        resolvedJournalEntries += entries.map(\.id)
        return nil
    }

    private func adopt(_ value: Value, address: InstanceAddress, providerAddress: String, schema: ResourceTypeSchema, dependencies: [ResourceAddress], createBeforeDestroy: Bool) {
        current[address] = ResourceInstanceObject(
            address: address, providerKey: providerAddress, schemaVersion: schema.version, value: value,
            dependencies: dependencies, status: .ready, createBeforeDestroy: createBeforeDestroy)
        reconciledIDs[address] = value[attribute: "id"]?.stringValue ?? ""
    }

    /// When destroying: objects carrying this stack's system tags that state does not record
    /// (made by runs killed before recording them) are deleted too, so nothing is left behind;
    /// objects `state rm` released are left alone.
    func planUntrackedStackObjects() async {
        guard mode == .destroy, refresh, !targeting.isActive, !prior.lineage.isEmpty else { return }
        var known = released
        let recorded = Array(current.values) + Array(prior.resources.values) + prior.deposed.values.flatMap(\.values)
        for object in recorded { known.formUnion(object.value.objectIdentities) }
        for providerAddress in configuredProviders.sorted() {
            guard let provider = providers.configuredProvider(providerAddress) else { continue }
            let found: [StackObject]
            do {
                found = try await provider.stackObjects(stack: prior.lineage, excluding: known)
            } catch {
                diagnostics.error("Listing this stack's objects failed", "prov looks for objects tagged with this stack that state does not record, so that destroy leaves nothing behind; asking \(providerAddress) failed: \(error)")
                continue
            }
            for object in found.sorted(by: { $0.address < $1.address }) {
                let identities = object.value.objectIdentities
                guard !identities.isEmpty, identities.isDisjoint(with: known) else { continue }
                known.formUnion(identities)
                let schema = providers.schema(for: object.address.resource.mode, type: object.address.resource.type)?.block
                let value = schema.map { object.value.conformed(to: $0.valueType).markingSensitive(at: $0.sensitivePaths()) } ?? object.value
                deposedChanges.append(ResourceChange(
                    address: object.address, providerKey: providerAddress, action: .delete, reason: .untracked,
                    before: value, after: nil, deposedKey: value[attribute: "id"]?.stringValue ?? identities.sorted()[0],
                    dependencies: untrackedDependencies(of: object.address.resource)))
            }
        }
    }

    /// What an untracked object depends on, for the order of deletes: what the recorded
    /// instances of the same resource depend on.
    private func untrackedDependencies(of resource: ResourceAddress) -> [ResourceAddress] {
        let recorded = prior.resources.values.filter { $0.address.resource == resource }.flatMap(\.dependencies)
        return Array(Set(recorded)).sorted()
    }
}

extension Value {
    /// The identities an object may be known by: its `id` and its `arn`.
    var objectIdentities: Set<String> {
        Set([self[attribute: "id"]?.stringValue, self[attribute: "arn"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty })
    }

    /// The value with everything not yet known replaced by null, for providers to look
    /// objects up by what is known.
    func unknownsAsNull() -> Value {
        switch kind {
        case .unknown(let type): return Value(.null(type), sensitive: isSensitive)
        case .list(let elements, let type): return Value(.list(elements.map { $0.unknownsAsNull() }, type), sensitive: isSensitive)
        case .set(let elements, let type): return Value(.set(elements.map { $0.unknownsAsNull() }, type), sensitive: isSensitive)
        case .map(let entries, let type): return Value(.map(entries.mapValues { $0.unknownsAsNull() }, type), sensitive: isSensitive)
        case .tuple(let elements): return Value(.tuple(elements.map { $0.unknownsAsNull() }), sensitive: isSensitive)
        case .object(let entries): return Value(.object(entries.mapValues { $0.unknownsAsNull() }), sensitive: isSensitive)
        default: return self
        }
    }
}
