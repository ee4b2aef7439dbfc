import ResourceGraph

extension Planner {
    /// Everything in state that the configuration no longer declares is deleted: whole
    /// resources removed from the files, instances `count` or `for_each` no longer produce,
    /// and deposed objects left by an interrupted create_before_destroy. In destroy mode that
    /// is everything.
    func planObjectsOutsideConfiguration() async {
        for address in prior.resources.keys.sorted() {
            guard let object = prior.resources[address], object.address.resource.mode == .managed else { continue }
            let orphaned = !declared.contains(address)
            guard mode == .destroy || (orphaned && mode == .normal) else { continue }
            guard let currentObject = await refreshedObject(address) else { continue }
            let declaration = declaration(of: address.resource)
            let reason: ChangeReason = mode == .destroy ? .destroying : (declaration != nil ? .noLongerExpanded : .removedFromConfig)
            if let declaration, declaration.lifecycle.preventDestroy {
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

    func declaration(of address: ResourceAddress) -> ResourceDeclaration? {
        let path = address.module.steps.map(\.name)
        return configuration.descendant(ModulePath(path.map { .init(name: $0) }))?.module.resource(address.mode, address.type, address.name)
    }
}
