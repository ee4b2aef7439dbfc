import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov taint ADDRESS`: marks an instance's object as not fully functional, so the next plan
/// replaces it. The remote object is not touched now.
struct TaintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taint",
        abstract: "Mark a resource instance as tainted, so the next apply replaces it.")

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("allow-missing", withSingleDash: true), help: "Succeed even if the instance is not in the state.")
    var allowMissing = false

    @Argument(help: "The instance's address, e.g. aws_subnet.public[0].")
    var address: String

    func run() async throws {
        try await StatusChange(state: state, address: address, allowMissing: allowMissing, to: .tainted).run()
        Console.out("Resource instance \(address) has been marked as tainted.\n")
    }
}

/// `prov untaint ADDRESS`: undoes `taint` (or the taint a failed apply left), so the next plan
/// keeps the object.
struct UntaintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "untaint",
        abstract: "Remove the tainted mark from a resource instance, so the next apply keeps it.")

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("allow-missing", withSingleDash: true), help: "Succeed even if the instance is not in the state.")
    var allowMissing = false

    @Argument(help: "The instance's address, e.g. aws_subnet.public[0].")
    var address: String

    func run() async throws {
        try await StatusChange(state: state, address: address, allowMissing: allowMissing, to: .ready).run()
        Console.out("Resource instance \(address) has been successfully untainted.\n")
    }
}

/// What taint and untaint share: finding the instance, Terraform's refusals, and the change
/// under the lock.
private struct StatusChange {
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
        guard access.exists else { throw missing(instance, stateIsEmpty: true, access: access) }
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
