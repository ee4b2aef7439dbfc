import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov import ADDRESS ID`: adopts an object that already exists (made by hand or by another
/// tool) into the state, under an address the configuration declares, so prov manages it from
/// then on.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt an existing remote object into the state under a declared resource address.")

    @OptionGroup var state: StateOptions
    @OptionGroup var planning: PlanningOptions

    @Argument(help: "The address to import to, e.g. aws_vpc.main or module.net.aws_subnet.a[0].")
    var address: String

    @Argument(help: "The object's import id, as its resource type documents it (for aws_vpc, the VPC id).")
    var id: String

    func run() async throws {
        let runner = OperationRunner(state: state, planning: planning)
        guard let target = InstanceAddress.parse(address) else {
            Runtime.printDiagnostics(Diagnostics([StateLookup.invalidAddress(address)]), sources: [:], terminal: runner.terminal)
            throw Runtime.fail()
        }
        let options = try runner.options(mode: .normal)
        let diagnostics = try await runner.withSession(
            operation: "OperationTypeImport", observer: ImportProgressPrinter(terminal: runner.terminal, target: target, id: id)
        ) { session in
            await session.importObject(to: target, id: id, options: options)
        }
        // The engine reports problems in the configuration by position: show them with their lines.
        let sources = diagnostics.isEmpty ? [:] : ConfigurationLoader.load(directory: ".").0.sources
        Runtime.printDiagnostics(diagnostics, sources: sources, terminal: runner.terminal)
        guard !diagnostics.hasErrors else { throw Runtime.fail() }
        Console.out("\n" + runner.terminal.paint(runner.terminal.bold("Import successful!"), .green) + "\n\n")
        Console.out(runner.terminal.paint("The resources that were imported are shown above. These resources are now in your prov state and will henceforth be managed by prov.", .green) + "\n")
    }
}
