import ResourceGraph

extension Planner {
    /// Providers that resources (or objects in state) use without any provider block get an
    /// empty configuration, as in Terraform: region and credentials then come from the
    /// environment.
    func configureImplicitProviders() async {
        var addresses = Set<String>()
        collectImplicitProviders(configuration, path: [], into: &addresses)
        // Objects whose provider block is gone from the configuration are still managed (and
        // deleted) through the implicit configuration of their provider.
        for object in prior.resources.values where !graph.nodes.contains(where: { $0.description == object.providerKey }) {
            addresses.insert(ConfigNode(.provider(ProviderSet.providerName(ofType: object.address.resource.type))).description)
        }
        for address in addresses.sorted() where providers.configuredProvider(address) == nil {
            let name = address.split(separator: "\"")[1].split(separator: ".")[0]
            guard let plugin = providers.plugins[String(name)] else { continue }
            await configure(plugin, address: address, configuration: .null(plugin.configurationSchema.valueType), range: nil)
        }
    }

    private func collectImplicitProviders(_ configuration: Configuration, path: [String], into addresses: inout Set<String>) {
        for resource in configuration.module.resources.values {
            let address = ProviderSet.address(for: resource, modulePath: path, in: self.configuration)
            if !graph.contains(providerNode(forAddress: address)) { addresses.insert(address) }
        }
        for (name, child) in configuration.children { collectImplicitProviders(child, path: path + [name], into: &addresses) }
    }

    private func providerNode(forAddress address: String) -> ConfigNode {
        graph.nodes.first { $0.description == address } ?? ConfigNode(.provider(address))
    }

    /// Evaluates a provider block and configures the provider, then starts refreshing the
    /// objects it manages.
    func configureProvider(_ key: String, module: Module, path: [String]) async {
        guard !isValidating else {
            // Still check the block against the provider's schema.
            let block = module.providers[key]!
            if let plugin = providers.plugins[block.name] {
                let context = evaluation.context(for: .root, directory: directory(of: module), planning: true)
                let (_, decodeDiagnostics) = BodyDecoder.decode(block.body, schema: plugin.configurationSchema, context: context, subject: block.range, owner: "provider \"\(block.name)\"")
                diagnostics.append(contentsOf: decodeDiagnostics)
            }
            return
        }
        let block = module.providers[key]!
        guard let plugin = providers.plugins[block.name] else {
            diagnostics.error("Unsupported provider", "prov supports these providers: \(providers.plugins.keys.sorted().joined(separator: ", ")). There is no provider named \"\(block.name)\".", at: block.range)
            return
        }
        let instances = evaluation.moduleInstances(of: path)
        guard instances.count == 1 else {
            diagnostics.error("Provider configuration in an expanded module", "A module called with count or for_each cannot declare its own provider configuration; pass providers from the caller with the providers argument instead.", at: block.range)
            return
        }
        let context = evaluation.context(for: instances[0], directory: directory(of: module), planning: true)
        let (value, decodeDiagnostics) = BodyDecoder.decode(block.body, schema: plugin.configurationSchema, context: context, subject: block.range, owner: "provider \"\(block.name)\"")
        diagnostics.append(contentsOf: decodeDiagnostics)
        if decodeDiagnostics.hasErrors { return }
        if !value.isWhollyKnown {
            diagnostics.error("Provider configuration depends on values not yet known", "The provider \"\(key)\" is configured with values that are known only after apply. Configure providers from variables, locals and data sources, not from resources created in the same run.", at: block.range)
            return
        }
        await configure(plugin, address: ConfigNode(module: path, .provider(key)).description, configuration: value, range: block.range)
    }

    private func configure(_ plugin: any ProviderPlugin, address: String, configuration value: Value, range: SourceRange?) async {
        configuredProviders.insert(address)
        do {
            let provider = try await plugin.configure(value)
            providers.setConfigured(address, provider)
            if refresh {
                let objects = current.values.filter { $0.providerKey == address }
                refresher.start(Array(objects), schemas: plugin.resourceTypes, provider: provider)
            }
        } catch {
            diagnostics.append(Diagnostic(.error, summary: "Invalid provider configuration", detail: "Configuring the \(plugin.name) provider failed: \(error)", subject: range))
        }
    }
}
