import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov state mv SOURCE DESTINATION`: gives instances, whole resources or whole modules new
/// addresses in the state, without touching the remote objects.
struct StateMoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Move a resource instance, a resource or a module to another address in the state.")

    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("dry-run", withSingleDash: true), help: "Show what would be moved without changing the state.")
    var dryRun = false

    @Argument(help: "What to move: an instance, a resource or a module address.")
    var source: String

    @Argument(help: "Where to: an address of the same kind.")
    var destination: String

    func run() async throws {
        let access = try StateAccess(options: state)
        guard let from = StateTarget.parse(source) else { throw access.failure(StateLookup.invalidAddress(source)) }
        guard let to = StateTarget.parse(destination) else { throw access.failure(StateLookup.invalidAddress(destination)) }
        try await access.withLock(operation: "state-mv") { store in
            let plan: StateMovePlan
            do {
                plan = try StateMovePlanner.plan(from: from, to: to, in: try access.snapshot(store))
            } catch let diagnostic as Diagnostic {
                throw access.failure(diagnostic)
            }
            let verb = dryRun ? "Would move" : "Move"
            for step in plan.steps {
                Console.out("\(verb) \(Value.quoted(step.from)) to \(Value.quoted(step.to))\n")
            }
            guard !dryRun else { return }
            do {
                try store.move(plan.moves)
            } catch {
                throw access.failure("Error saving the state", "The state was not changed: \(error)")
            }
            Console.out("Successfully moved \(plan.steps.count) object(s).\n")
        }
    }
}
