import Foundation
import ResourceGraph

extension Session {
    /// `prov import ADDRESS ID`: adopts an existing remote object into state under an address the
    /// configuration declares. Providers are configured by planning (without refreshing), as
    /// Terraform evaluates the configuration for an import, then the object is read by its
    /// import id and recorded.
    public func importObject(to address: InstanceAddress, id: String, options: PlanOptions) async -> Diagnostics {
        var planOptions = options
        planOptions.refresh = false
        let result = await plan(planOptions)
        var diagnostics = result.diagnostics
        guard !diagnostics.hasErrors, let context = result.context else { return diagnostics }

        let modulePath = address.resource.module.steps.map(\.name)
        guard address.resource.mode == .managed,
              let declaration = context.configuration.descendant(ModulePath(modulePath.map { .init(name: $0) }))?.module
                .resource(.managed, address.resource.type, address.resource.name) else {
            diagnostics.error("Configuration for import target does not exist", "The configuration does not declare a resource \(address.resource). Add a resource block for it before importing, so prov knows how to manage the object.")
            return diagnostics
        }
        if result.plan?.currentObjects[address] != nil {
            diagnostics.error("Resource already managed by prov", "prov is already managing a remote object for \(address). To import to this address you must first remove the existing object from the state with prov state rm.")
            return diagnostics
        }
        guard let schema = providers.schema(for: .managed, type: address.resource.type), schema.importable else {
            diagnostics.error("Resource type does not support import", "prov cannot import objects of type \(address.resource.type).")
            return diagnostics
        }
        let providerAddress = ProviderSet.address(for: declaration, modulePath: modulePath, in: context.configuration)
        guard let provider = providers.configuredProvider(providerAddress) else {
            diagnostics.error("Provider configuration not present", "The provider configuration \(providerAddress) needed to import \(address) could not be configured.")
            return diagnostics
        }
        observer.event(.started(address, .read, deposed: false))
        let started = ContinuousClock.now
        do {
            let imported = try await provider.importObject(type: address.resource.type, id: id)
            let value = imported.conformed(to: schema.block.valueType).markingSensitive(at: schema.block.sensitivePaths())
            let node = ConfigNode(module: modulePath, .resource(declaration.localName))
            let planner = Planner(
                configuration: context.configuration, graph: context.graph, providers: providers, evaluation: context.evaluation,
                prior: context.prior, rootVariables: result.plan?.variables ?? [:], purpose: .plan(.normal), refresh: false,
                observer: observer, limiter: context.limiter)
            try store.put(ResourceInstanceObject(
                address: address, providerKey: providerAddress, schemaVersion: schema.version, value: value,
                dependencies: planner.resourceDependencies(of: node, in: address.resource.module),
                createBeforeDestroy: declaration.lifecycle.createBeforeDestroy))
            observer.event(.completed(address, .read, id: value[attribute: "id"]?.stringValue ?? id, elapsed: ContinuousClock.now - started))
        } catch let error as ProviderError {
            diagnostics.append(.error(error.summary, error.detail))
        } catch {
            diagnostics.error("Importing \(address) failed", "\(error)")
        }
        var redactor = SecretRedactor()
        result.plan.map { redactor.collect($0) }
        if let after = try? store.snapshot() { redactor.collect(after) }
        return redactor.redact(diagnostics)
    }
}
