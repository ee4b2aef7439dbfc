import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov state rm ADDRESS...`: makes prov forget instances without deleting the remote
/// objects, which keep existing but are no longer managed.
struct StateRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove resource instances from the state without destroying them.")

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("dry-run", withSingleDash: true), help: "Show what would be removed without changing the state.")
    var dryRun = false

    @Argument(help: "Instance, resource or module addresses; a resource or module means all of its instances.")
    var addresses: [String] = []

    func validate() throws {
        if addresses.isEmpty { throw ValidationError("At least one address is required.") }
    }

    func run() async throws {
        let access = try StateAccess(options: state)
        try await access.withLock(operation: "state-rm") { store in
            let lookup = StateLookup.instances(addresses, in: try access.snapshot(store), allowMissing: true)
            Runtime.printDiagnostics(lookup.diagnostics, sources: [:], terminal: access.terminal)
            if lookup.diagnostics.hasErrors { throw Runtime.fail() }
            let verb = dryRun ? "Would remove" : "Removed"
            for instance in lookup.instances { Console.out("\(verb) \(instance)\n") }
            if dryRun {
                if lookup.instances.isEmpty { Console.out("Would have removed nothing.\n") }
                return
            }
            guard !lookup.instances.isEmpty else {
                throw access.failure("Invalid target address", "No matching objects found. To view the available instances, use \"prov state list\". Please modify the address to reference a specific instance.")
            }
            do {
                try store.forget(lookup.instances)
            } catch {
                throw access.failure("Error saving the state", "The state was not changed, no items were removed: \(error)")
            }
            Console.out("Successfully removed \(lookup.instances.count) resource instance(s).\n")
        }
    }
}
