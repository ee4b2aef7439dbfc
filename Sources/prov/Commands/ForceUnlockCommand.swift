import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov force-unlock LOCK_ID`: removes a lock left by a run that can no longer release it
/// (killed, or its machine gone). The id must match the current lock, so a lock taken since
/// by another run is never removed by mistake.
struct ForceUnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force-unlock",
        abstract: "Remove a stale state lock, given its id.")

    @Option(name: .customLong("state", withSingleDash: true), help: "Path of the state file (default: prov.state.db in the working directory).")
    var statePath: String?

    @Flag(name: .customLong("force", withSingleDash: true), help: "Do not ask for confirmation.")
    var force = false

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    @Argument(help: "The lock's id, as the message of the refused command shows it.")
    var lockID: String

    func run() async throws {
        // Never locks: the lock is what it removes.
        let access = StateAccess(statePath: statePath ?? StateOptions.defaultStatePath, noColor: noColor, lockTimeout: nil)
        guard access.exists else {
            throw access.failure("Failed to unlock state", "There is no state file at \(access.statePath), so there is no lock to remove.")
        }
        let store = try access.openExisting()
        guard let holder = try store.currentLock() else {
            throw access.failure("Failed to unlock state", "The state at \(store.path) is not locked.")
        }
        guard holder.id == lockID else {
            throw access.failure("Failed to unlock state", "The lock id \(Value.quoted(lockID)) does not match the current lock of the state at \(store.path), so it was left in place.\n\(Self.describe(holder))")
        }
        if !force {
            let explanation = "prov will remove the lock on the state.\n  This will allow local prov commands to modify this state, even though it\n  may still be in use."
            guard try Confirmation.ask(question: "Do you really want to force-unlock?", explanation: explanation, acceptance: "Only 'yes' will be accepted to confirm.", skipFlag: "-force", terminal: access.terminal) else {
                Console.out("force-unlock cancelled.\n")
                throw Runtime.fail()
            }
        }
        guard try store.forceUnlock(id: lockID) else {
            // Released or replaced while we asked.
            let now = try store.currentLock()
            throw access.failure("Failed to unlock state", "The lock \(Value.quoted(lockID)) is no longer the state's lock." + (now.map { "\n" + Self.describe($0) } ?? " The state is not locked."))
        }
        Console.out(access.terminal.paint(access.terminal.bold("prov state has been successfully unlocked!"), .green) + "\n\n")
        Console.out(access.terminal.paint("The state has been unlocked, and prov commands should now be able to obtain a new lock on the state.", .green) + "\n")
    }

    static func describe(_ holder: LockInfo) -> String {
        """
        Lock Info:
          ID:        \(holder.id)
          Operation: \(holder.operation)
          Who:       \(holder.who)
          Created:   \(holder.createdAt)
          Process:   \(holder.processID) on \(holder.host)
        """
    }
}
