import ResourceGraph

extension Planner {
    /// For `import` blocks targeting instances of this resource that state does not hold yet:
    /// reads each object by its id, so the instance is planned as an existing object.
    func importObjects(for resource: ResourceDeclaration, in instance: ModulePath, module: Module, schema: ResourceTypeSchema, providerAddress: String) async {
        guard instance.isRoot, !isValidating, mode == .normal else { return }
        for declaration in configuration.module.imports where declaration.to.resource == ResourceAddress(module: .root, mode: .managed, type: resource.type, name: resource.name) {
            let address = declaration.to
            guard current[address] == nil else { continue }
            let (idValue, idDiagnostics) = evaluate(declaration.id, in: .root, module: configuration.module)
            diagnostics.append(contentsOf: idDiagnostics)
            guard !idDiagnostics.hasErrors else { continue }
            guard let id = idValue.isWhollyKnown ? idValue.unmarkedDeep().stringValue : nil, !id.isEmpty else {
                diagnostics.error("Invalid import id", "The import id must be a non-empty string known before planning.", at: declaration.id.range)
                continue
            }
            let importProvider = declaration.providerKey.map { ProviderSet.address(forKey: $0, modulePath: [], in: configuration) } ?? providerAddress
            guard let provider = providers.configuredProvider(importProvider) else {
                diagnostics.error("Provider configuration not present", "The provider configuration \(importProvider) needed to import \(address) is not available.", at: declaration.range)
                continue
            }
            observer.event(.readingDataSource(address))
            do {
                let imported = try await provider.importObject(type: resource.type, id: id)
                let value = imported.conformed(to: schema.block.valueType).markingSensitive(at: schema.block.sensitivePaths())
                current[address] = ResourceInstanceObject(
                    address: address, providerKey: importProvider, schemaVersion: schema.version, value: value,
                    createBeforeDestroy: resource.lifecycle.createBeforeDestroy)
                importIDs[address] = id
            } catch let error as ProviderError {
                diagnostics.append(Diagnostic(.error, summary: error.summary, detail: "Importing \(address) from id \"\(id)\": \(error.detail)", subject: declaration.range))
            } catch {
                diagnostics.error("Importing \(address) failed", "\(error)", at: declaration.range)
            }
        }
    }
}
