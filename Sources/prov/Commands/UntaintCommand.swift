import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

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
        try await InstanceStatusChange(state: state, address: address, allowMissing: allowMissing, to: .ready).run()
        Console.out("Resource instance \(address) has been successfully untainted.\n")
    }
}
