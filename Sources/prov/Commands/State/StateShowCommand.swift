import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov state show ADDRESS`: one instance's attributes, as `prov show` prints them.
struct StateShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one resource instance in the state.")

    @OptionGroup var state: StateOptions

    @Argument(help: "The instance's address, e.g. aws_subnet.public[0].")
    var address: String

    func run() async throws {
        let access = try StateAccess(options: state)
        guard let instance = InstanceAddress.parse(address) else { throw access.failure(StateLookup.invalidAddress(address)) }
        let snapshot = try await access.readSnapshot()
        let renderer = StateRenderer(terminal: access.terminal, plugins: Runtime.plugins)
        var out = ""
        if let object = snapshot.resources[instance] { out += renderer.render(object) }
        for (key, object) in (snapshot.deposed[instance] ?? [:]).sorted(by: { $0.key < $1.key }) {
            out += (out.isEmpty ? "" : "\n") + renderer.render(object, deposedKey: key)
        }
        guard !out.isEmpty else {
            throw access.failure("No instance found for the given address!", "This command requires that the address references one specific instance. To view the available instances, use \"prov state list\". Please modify the address to reference a specific instance.")
        }
        Console.out(out)
    }
}
