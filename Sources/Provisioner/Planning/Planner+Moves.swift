import ResourceGraph

extension Planner {
    /// Applies the `moved` blocks of every module to the objects in state, in the order they
    /// are written, before anything reads them: refresh and planning then see each object at
    /// its new address. Apply records the moves first.
    func applyMovedBlocks() {
        applyMovedBlocks(in: configuration, staticPath: [])
    }

    private func applyMovedBlocks(in configuration: Configuration, staticPath: [String]) {
        for moved in configuration.module.moved {
            for instance in moduleInstancesInState(staticPath) {
                move(moved, within: instance, module: configuration.module)
            }
        }
        for (name, child) in configuration.children.sorted(by: { $0.key < $1.key }) {
            applyMovedBlocks(in: child, staticPath: staticPath + [name])
        }
    }

    /// Module instances of a static path that have objects in state (the root always exists).
    private func moduleInstancesInState(_ staticPath: [String]) -> [ModulePath] {
        if staticPath.isEmpty { return [.root] }
        let paths = Set(current.keys.map(\.resource.module).filter { $0.steps.count >= staticPath.count && Array($0.steps.prefix(staticPath.count).map(\.name)) == staticPath }
            .map { ModulePath(Array($0.steps.prefix(staticPath.count))) })
        return paths.sorted()
    }

    private func move(_ moved: MovedDeclaration, within instance: ModulePath, module: Module) {
        let from = Self.absolute(moved.from, in: instance)
        let to = Self.absolute(moved.to, in: instance)
        if case .resource(let resource) = moved.from, module.resource(.managed, resource.type, resource.name) != nil {
            diagnostics.error("Moved object still exists", "This moved block moves \(from), but the configuration still declares \(moved.from). Remove or rename that resource block, or remove the moved block.", at: moved.range)
            return
        }
        var renames: [(InstanceAddress, InstanceAddress)] = []
        for address in current.keys.sorted() {
            guard let destination = Self.destination(of: address, from: from, to: to) else { continue }
            renames.append((address, destination))
        }
        for (old, new) in renames {
            if current[new] != nil {
                diagnostics.error("Ambiguous move statements", "Cannot move \(old) to \(new): an object already exists at \(new). Remove one of them from state with prov state rm, or remove the moved block.", at: moved.range)
                continue
            }
            guard var object = current.removeValue(forKey: old) else { continue }
            object.address = new
            current[new] = object
            movedFrom[new] = movedFrom.removeValue(forKey: old) ?? old
            // Objects that depended on the old resource now depend on the new one.
            if old.resource != new.resource {
                for (address, var other) in current where other.dependencies.contains(old.resource) {
                    other.dependencies = other.dependencies.map { $0 == old.resource ? new.resource : $0 }
                    current[address] = other
                }
            }
        }
    }

    /// The address an object moves to, or nil when the move does not concern it.
    static func destination(of address: InstanceAddress, from: TargetAddress, to: TargetAddress) -> InstanceAddress? {
        switch (from, to) {
        case (.instance(let a), .instance(let b)):
            return address == a ? b : nil
        case (.resource(let a), .resource(let b)):
            return address.resource == a ? b.instance(address.key) : nil
        case (.resource(let a), .instance(let b)):
            return address.resource == a && address.key == .none ? b : nil
        case (.instance(let a), .resource(let b)):
            return address == a ? b.instance(.none) : nil
        case (.module(let a), .module(let b)):
            guard address.resource.module.steps.starts(with: a.steps) else { return nil }
            var resource = address.resource
            resource.module = ModulePath(b.steps + address.resource.module.steps.dropFirst(a.steps.count))
            return resource.instance(address.key)
        default:
            return nil
        }
    }

    /// A module-relative address made absolute by prefixing the module instance's path.
    static func absolute(_ address: TargetAddress, in instance: ModulePath) -> TargetAddress {
        func prefixed(_ path: ModulePath) -> ModulePath { ModulePath(instance.steps + path.steps) }
        switch address {
        case .module(let path): return .module(prefixed(path))
        case .resource(var resource):
            resource.module = prefixed(resource.module)
            return .resource(resource)
        case .instance(var instanceAddress):
            instanceAddress.resource.module = prefixed(instanceAddress.resource.module)
            return .instance(instanceAddress)
        }
    }
}
