import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov state list [ADDRESS...]`: the instances in the state, one address per line, in
/// Terraform's order; addresses narrow the list to resources or modules.
struct StateListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the resource instances in the state.")

    @OptionGroup var state: StateOptions

    @Option(name: .customLong("id", withSingleDash: true), help: "Only instances whose id attribute is this.")
    var id: String?

    @Argument(help: "Resource, instance or module addresses to list (default: everything).")
    var addresses: [String] = []

    func run() async throws {
        let access = try StateAccess(options: state)
        let snapshot = try await access.readSnapshot()
        var instances = snapshot.instanceAddresses
        if !addresses.isEmpty {
            let lookup = StateLookup.instances(addresses, in: snapshot, allowMissing: false)
            Runtime.printDiagnostics(lookup.diagnostics, sources: [:], terminal: access.terminal)
            if lookup.diagnostics.hasErrors { throw Runtime.fail() }
            instances = lookup.instances
        }
        if let id {
            instances = instances.filter { address in
                let objects = [snapshot.resources[address]].compactMap { $0 } + (snapshot.deposed[address]?.values.map { $0 } ?? [])
                return objects.contains { $0.id == id }
            }
        }
        Console.out(instances.map { "\($0)\n" }.joined())
    }
}
