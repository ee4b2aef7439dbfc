import ResourceGraph

/// Pieces shared by the JSON documents `show -json` prints for states and plans, in
/// Terraform's shapes.
enum StateJSONShapes {
    /// Terraform's `format_version` for state documents.
    static let stateFormatVersion = "1.0"

    /// The Terraform version reported in documents: the language version prov implements, which
    /// is what tools reading them check against.
    static var terraformVersion: String { LanguageVersion.terraform.description }

    /// `registry.terraform.io/hashicorp/aws` for a provider configuration address such as
    /// `provider["aws.west"]` or `module.net.provider["aws"]`, as `provider_name` spells it.
    static func providerName(forKey key: String) -> String {
        var local = key
        if let open = key.range(of: "provider[\""), let close = key.range(of: "\"]", range: open.upperBound..<key.endIndex) {
            local = String(key[open.upperBound..<close.lowerBound])
        }
        let name = local.split(separator: ".").first.map(String.init) ?? local
        return "registry.terraform.io/hashicorp/\(name)"
    }

    /// The fields that identify a resource instance: address, module_address, mode, type, name,
    /// index (and deposed key), and provider_name.
    static func identity(of address: InstanceAddress, providerKey: String, deposedKey: String? = nil, includeModule: Bool) -> [String: Value] {
        let resource = address.resource
        var fields: [String: Value] = [
            "address": .string(address.description),
            "mode": .string(resource.mode.rawValue),
            "type": .string(resource.type),
            "name": .string(resource.name),
            "provider_name": .string(providerName(forKey: providerKey)),
        ]
        if includeModule, !resource.module.isRoot { fields["module_address"] = .string(resource.module.description) }
        switch address.key {
        case .none: break
        case .index(let i): fields["index"] = .number(i)
        case .key(let k): fields["index"] = .string(k)
        }
        if let deposedKey { fields["deposed"] = .string(deposedKey) }
        return fields
    }

    /// `{"resources": [...], "child_modules": [...]}` for the root module, each resource placed
    /// in the module that holds it, modules nested under their parents, in Terraform's order.
    static func rootModule(_ resources: [(address: InstanceAddress, deposedKey: String?, document: [String: Value])]) -> Value {
        let sorted = resources.sorted { a, b in
            a.address == b.address ? (a.deposedKey ?? "") < (b.deposedKey ?? "") : StateAddressOrder.precedes(a.address, b.address)
        }
        var byModule: [ModulePath: [Value]] = [:]
        var modules: Set<ModulePath> = [.root]
        for entry in sorted {
            let module = entry.address.resource.module
            byModule[module, default: []].append(.object(entry.document))
            // Every ancestor gets an entry, so nested modules can be reached from the root.
            for depth in 0...module.steps.count { modules.insert(ModulePath(Array(module.steps.prefix(depth)))) }
        }
        func moduleDocument(_ path: ModulePath) -> Value {
            var document: [String: Value] = [:]
            if !path.isRoot { document["address"] = .string(path.description) }
            if let resources = byModule[path], !resources.isEmpty { document["resources"] = .tuple(resources) }
            let children = modules.filter { $0.steps.count == path.steps.count + 1 && $0.steps.starts(with: path.steps) }
                .sorted(by: StateAddressOrder.precedes)
            if !children.isEmpty { document["child_modules"] = .tuple(children.map(moduleDocument)) }
            return .object(document)
        }
        return moduleDocument(.root)
    }

    /// Root module outputs as `{"name": {"sensitive": …, "type": …, "value": …}}`; the value is
    /// left out while unknown.
    static func outputs(_ outputs: [String: (value: Value, isSensitive: Bool)]) -> Value {
        .object(outputs.mapValues { output in
            var document: [String: Value] = [
                "sensitive": .bool(output.isSensitive),
                "type": output.value.type.jsonValue,
            ]
            if output.value.isWhollyKnown { document["value"] = output.value.unmarkedDeep() }
            return .object(document)
        })
    }
}
