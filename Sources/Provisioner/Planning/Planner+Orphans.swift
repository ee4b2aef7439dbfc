import ResourceGraph

extension Planner {
    /// Everything in state that the configuration no longer declares is deleted: whole
    /// resources removed from the files, instances `count` or `for_each` no longer produce,
    /// and deposed objects left by an interrupted create_before_destroy. In destroy mode that
    /// is everything.
    func planObjectsOutsideConfiguration() async {
        let destroyable = mode == .destroy ? destroyTargets() : nil
        // Objects reconciliation adopted count as recorded: they are deleted like the rest.
        let adopted = reconciledIDs.keys.compactMap { address in current[address].map { (address, $0) } }
        let recorded = prior.resources.merging(adopted) { stored, _ in stored }
        for address in recorded.keys.sorted() {
            guard let object = recorded[address], object.address.resource.mode == .managed else { continue }
            let orphaned = !declared.contains(address)
            guard mode == .destroy || (orphaned && mode == .normal) else { continue }
            if let destroyable, !destroyable.contains(address) { continue }
            if mode == .normal, !targeting.allowsDeleting(address) { continue }
            guard let currentObject = await refreshedObject(address) else { continue }
            let declaration = declaration(of: address.resource)
            let reason: ChangeReason = mode == .destroy ? .destroying : (declaration != nil ? .noLongerExpanded : .removedFromConfig)
            if let declaration, preventsDestroy(declaration, in: address.resource.module) {
                preventDestroyError(address, range: declaration.range)
            }
            record(ResourceChange(
                address: address, providerKey: object.providerKey, action: .delete, reason: reason,
                before: currentObject.value, after: nil, dependencies: object.dependencies, createBeforeDestroy: object.createBeforeDestroy))
        }
        guard mode != .refreshOnly else { return }
        for (address, objects) in prior.deposed.sorted(by: { $0.key < $1.key }) {
            for (key, object) in objects.sorted(by: { $0.key < $1.key }) {
                deposedChanges.append(ResourceChange(
                    address: address, providerKey: object.providerKey, action: .delete, reason: mode == .destroy ? .destroying : .none,
                    before: object.value, after: nil, deposedKey: key, dependencies: object.dependencies))
            }
        }
    }

    /// With targeting, a destroy removes the targeted objects and everything that depends on
    /// them (following the dependencies recorded in state), and keeps excluded objects and
    /// what they depend on. Nil when nothing is restricted.
    private func destroyTargets() -> Set<InstanceAddress>? {
        guard targeting.isActive else { return nil }
        let objects = Array(current.values)
        var dependents: [ResourceAddress: [InstanceAddress]] = [:]
        for object in objects {
            for dependency in object.dependencies { dependents[dependency, default: []].append(object.address) }
        }
        var chosen: Set<InstanceAddress> = []
        var pending = objects.map(\.address).filter { address in targeting.targets.isEmpty || targeting.targets.contains { $0.contains(address) } }
        while let address = pending.popLast() {
            guard chosen.insert(address).inserted else { continue }
            pending += dependents[address.resource] ?? []
        }
        var kept: Set<InstanceAddress> = []
        var keep = objects.map(\.address).filter { address in targeting.excludes.contains { $0.contains(address) } }
        let byResource = Dictionary(grouping: objects, by: \.address.resource)
        while let address = keep.popLast() {
            guard kept.insert(address).inserted else { continue }
            for dependency in current[address]?.dependencies ?? [] { keep += (byResource[dependency] ?? []).map(\.address) }
        }
        return chosen.subtracting(kept)
    }

    func declaration(of address: ResourceAddress) -> ResourceDeclaration? {
        let path = address.module.steps.map(\.name)
        return configuration.descendant(ModulePath(path.map { .init(name: $0) }))?.module.resource(address.mode, address.type, address.name)
    }
}
