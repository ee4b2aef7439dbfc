import Foundation
import ResourceGraph

extension Applier {
    /// Deletes one resource's objects that the plan removes: orphans, the old half of
    /// replacements, deposed objects, or everything when destroying.
    func destroy(_ resource: ResourceAddress) async throws {
        let deletions = (changesByResource[resource] ?? []).filter { $0.action == .delete || $0.action.isReplace }
        let succeeded = await withTaskGroup(of: Bool.self) { group in
            for change in deletions {
                group.addTask { [self] in await delete(change) }
            }
            var all = true
            for await ok in group { all = all && ok }
            return all
        }
        if !succeeded { throw ApplyStepFailed() }
    }

    private func delete(_ change: ResourceChange) async -> Bool {
        let address = change.address
        guard let before = change.before else { return true }
        guard let provider = providers.configuredProvider(change.providerKey) else {
            report(.error("Provider configuration not present", "To delete \(address) its provider configuration \(change.providerKey) is required, but it is not available. Restore the provider block, or remove the object from state with prov state rm if it no longer exists."))
            return false
        }
        // A create_before_destroy replacement deletes the object it deposed while creating.
        let deposed = change.deposedKey ?? (change.action == .createThenDelete ? deposedKey : nil)
        let token = idempotencyToken(for: address, action: .delete)
        let started = ContinuousClock.now
        guard !stop.isStopped else { return false }
        do {
            let journal = try store.beginOperation(runID: runID, address: address, action: "delete", token: token, details: JournalEntry.details(providerKey: change.providerKey))
            observer.event(.started(address, .delete, deposed: deposed != nil))
            let ticker = progressTicker(address, .delete, started: started)
            defer { ticker.cancel() }
            let context = OperationContext(address: address, idempotencyToken: token, stack: stack) { [observer] status in
                observer.event(.stillWorking(address, .delete, elapsed: ContinuousClock.now - started, status: status))
            }
            do {
                try await limiter.run { [self] in
                    guard !stop.isStopped else { throw OperationNotStarted() }
                    try await tracking(address) { try await provider.delete(type: address.resource.type, current: before, context: context) }
                }
            } catch is OperationNotStarted {
                try? store.resolveOperation(journal)
                return false
            }
            if let deposed {
                try store.removeDeposed(address, key: deposed, resolvingJournal: journal)
            } else {
                try store.remove(address, resolvingJournal: journal)
            }
            observer.event(.completed(address, .delete, id: before[attribute: "id"]?.stringValue, elapsed: ContinuousClock.now - started))
            return true
        } catch let error as ProviderError {
            observer.event(.failed(address, .delete, message: error.summary))
            report(.error(error.summary, error.detail))
            return false
        } catch {
            observer.event(.failed(address, .delete, message: "\(error)"))
            report(.error("Deleting \(address) failed", "\(error)"))
            return false
        }
    }
}
