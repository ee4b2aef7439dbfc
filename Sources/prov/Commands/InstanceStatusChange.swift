import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// What taint and untaint share: finding the instance, Terraform's refusals, and the change
/// under the lock.
struct InstanceStatusChange {
    let state: StateOptions
    let address: String
    let allowMissing: Bool
    let to: ResourceInstanceObject.Status

    /// Throws after printing why nothing changed; `ExitCode.success` when -allow-missing
    /// excuses a missing instance.
    func run() async throws {
        let access = try StateAccess(options: state)
        let verb = to == .tainted ? "tainted" : "untainted"
        guard let instance = InstanceAddress.parse(address) else { throw access.failure(StateLookup.invalidAddress(address)) }
        guard instance.resource.mode == .managed else {
            throw access.failure("Invalid resource instance", "Resource instance \(instance) cannot be \(verb): only managed resources can.")
        }
        guard try await access.exists() else { throw missing(instance, stateIsEmpty: true, access: access) }
        try await access.withLock(operation: to == .tainted ? "taint" : "untaint") { store in
            let snapshot = try access.snapshot(store)
            guard let object = snapshot.resources[instance] else {
                if snapshot.deposed[instance] != nil {
                    throw access.failure("No such resource instance", "Resource instance \(instance) is currently part-way through a create_before_destroy replacement action. Run \"prov apply\" to complete its replacement before it can be \(verb).")
                }
                throw missing(instance, stateIsEmpty: snapshot.isEmpty, access: access)
            }
            if to == .ready, object.status != .tainted {
                throw access.failure("Resource instance is not tainted", "Resource instance \(instance) is not currently tainted, and so it cannot be untainted.")
            }
            do {
                try store.setStatus(to, of: instance)
            } catch {
                throw access.failure("Error writing the state", "\(error)")
            }
        }
    }

    private func missing(_ instance: InstanceAddress, stateIsEmpty: Bool, access: StateAccess) -> ExitCode {
        if allowMissing {
            Runtime.printDiagnostics(Diagnostics([.warning("No such resource instance", "Resource instance \(instance) was not found, but this is not an error because -allow-missing was set.")]), sources: [:], terminal: access.terminal)
            return .success
        }
        if stateIsEmpty {
            return access.failure("No such resource instance", "The state currently contains no resource instances whatsoever. This may occur if the configuration has never been applied or if it has recently been destroyed.")
        }
        let verb = to == .tainted ? "tainted" : "untainted"
        return access.failure("No such resource instance", "There is no resource instance in the state with the address \(instance). If the resource configuration has just been added, you must run \"prov apply\" once to create the corresponding instance(s) before they can be \(verb).")
    }
}
