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
        try await InstanceStatusChange(state: state, address: address, allowMissing: allowMissing, to: .tainted).run()
        Console.out("Resource instance \(address) has been marked as tainted.\n")
    }
}
