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
        let terminal = Terminal.detect(noColor: noColor)
        let opener = try StateOpener(statePath: statePath, terminal: terminal)
        let location = opener.location
        if opener.backend is LocalStateBackend, try await opener.read() == nil {
            throw opener.failure("Failed to unlock state", "There is no state file at \(location), so there is no lock to remove.")
        }
        guard let holder = try await currentLock(opener) else {
            throw opener.failure("Failed to unlock state", "The state at \(location) is not locked.")
        }
        guard holder.id == lockID else {
            throw opener.failure("Failed to unlock state", "The lock id \(Value.quoted(lockID)) does not match the current lock of the state at \(location), so it was left in place.\n\(Self.describe(holder))")
        }
        if !force {
            let explanation = "prov will remove the lock on the state.\n  This will allow local prov commands to modify this state, even though it\n  may still be in use."
            guard try Confirmation.ask(question: "Do you really want to force-unlock?", explanation: explanation, acceptance: "Only 'yes' will be accepted to confirm.", skipFlag: "-force", terminal: terminal) else {
                Console.out("force-unlock cancelled.\n")
                throw Runtime.fail()
            }
        }
        let removed: Bool
        do {
            removed = try await opener.backend.forceUnlock(opener.workspace, id: lockID)
        } catch {
            throw opener.failure("Failed to unlock state", "The lock on \(location) could not be removed: \(error)")
        }
        guard removed else {
            // Released or replaced while we asked.
            let now = try await currentLock(opener)
            throw opener.failure("Failed to unlock state", "The lock \(Value.quoted(lockID)) is no longer the state's lock." + (now.map { "\n" + Self.describe($0) } ?? " The state is not locked."))
        }
        Console.out(terminal.paint(terminal.bold("prov state has been successfully unlocked!"), .green) + "\n\n")
        Console.out(terminal.paint("The state has been unlocked, and prov commands should now be able to obtain a new lock on the state.", .green) + "\n")
    }

    private func currentLock(_ opener: StateOpener) async throws -> LockInfo? {
        do {
            return try await opener.backend.currentLock(of: opener.workspace)
        } catch {
            throw opener.failure("Failed to unlock state", "The lock on \(opener.location) could not be read: \(error)")
        }
    }

    static func describe(_ holder: LockInfo) -> String {
        """
        Lock Info:
          ID:        \(holder.id)
          Operation: \(holder.operation)
          Who:       \(holder.who)
          Created:   \(holder.createdAt)\(holder.processDescription)
        """
    }
}
