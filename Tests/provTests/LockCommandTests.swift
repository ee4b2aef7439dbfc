import Foundation
import Provisioner
import Testing
import TestSupport

/// The state lock seen from the command line: runs refused while another holds it (with the
/// holder's details), and `force-unlock` clearing a stale lock only when given its id.
@Suite struct LockCommandTests {
    static let configuration = ["main.tf": """
        provider "aws" {
          region = "eu-west-1"
        }
        resource "aws_vpc" "locked" {
          cidr_block = "10.165.0.0/16"
        }
        """]

    @Test func aHeldLockRefusesApplyAndStateEditsUntilForceUnlocked() async throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        let directory = try ProvProcess.workspace(files: Self.configuration)
        let prov = ProvProcess(directory: directory, environment: server.environment)
        #expect(try prov.run("apply", "-auto-approve").status == 0)

        // A run that died holding the lock, as far as the state can tell.
        let store = try StateStore.open(at: directory + "/prov.state.db")
        let stale = try await store.acquireLock(operation: "OperationTypeApply")

        let apply = try prov.run("apply", "-auto-approve")
        #expect(apply.status == 1)
        #expect(apply.messages.contains("Error acquiring the state lock"))
        #expect(apply.messages.contains("Lock Info: ID:        \(stale.id)"))
        #expect(apply.messages.contains("Operation: OperationTypeApply"))
        #expect(apply.messages.contains("prov force-unlock \(stale.id)"))
        let remove = try prov.run("state", "rm", "aws_vpc.locked")
        #expect(remove.status == 1)
        #expect(remove.messages.contains("Error acquiring the state lock"))
        #expect(try prov.run("taint", "aws_vpc.locked").status == 1)
        #expect(try prov.run("state", "list").stdout == "aws_vpc.locked\n", "reading needs no lock")

        let wrong = try prov.run("force-unlock", "-force", "not-the-id")
        #expect(wrong.status == 1)
        #expect(wrong.messages.contains("does not match the current lock"))
        #expect(wrong.messages.contains("Lock Info: ID:        \(stale.id)"), "the current holder is shown")
        let unattended = try prov.run("force-unlock", stale.id)
        #expect(unattended.status == 1)
        #expect(unattended.messages.contains("No terminal to confirm on"))
        #expect(unattended.messages.contains("-force"))
        let declined = try prov.runOnTerminal("\(ProvProcess.executable) force-unlock \(stale.id)", input: "no\n")
        #expect(declined.contains("Do you really want to force-unlock?"))
        #expect(declined.contains("force-unlock cancelled."))
        #expect(try store.currentLock() == stale)

        let unlocked = try prov.runOnTerminal("\(ProvProcess.executable) force-unlock \(stale.id)", input: "yes\n")
        #expect(unlocked.contains("prov state has been successfully unlocked!"), "\(unlocked)")
        #expect(try store.currentLock() == nil)
        let notLocked = try prov.run("force-unlock", "-force", stale.id)
        #expect(notLocked.status == 1)
        #expect(notLocked.messages.contains("is not locked"))

        #expect(try prov.run("apply", "-auto-approve").status == 0)
        #expect(try prov.run("destroy", "-auto-approve").status == 0)
    }

    @Test func forceUnlockWithForceNeedsNoTerminal() async throws {
        let directory = try ProvProcess.workspace(files: Self.configuration)
        let store = try StateStore.open(at: directory + "/prov.state.db")
        let stale = try await store.acquireLock(operation: "OperationTypePlan")
        let prov = ProvProcess(directory: directory)
        let unlocked = try prov.run("force-unlock", "--force", stale.id)
        #expect(unlocked.status == 0, "\(unlocked.output)")
        #expect(unlocked.stdout.contains("prov state has been successfully unlocked!"))
        #expect(try store.currentLock() == nil)
    }

    /// `prov plan | head -1`: the reader goes away early, and prov still finishes and releases
    /// its lock instead of dying of SIGPIPE while holding it.
    @Test func aClosedPipeDoesNotLeaveTheLockBehind() throws {
        let server = try MotoServer.shared(enforceSignatures: false)
        // A plan far longer than a pipe's buffer, so prov is still writing when the reader goes.
        let directory = try ProvProcess.workspace(files: ["main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            resource "aws_vpc" "many" {
              count      = 300
              cidr_block = "10.166.${count.index}.0/24"
            }
            """])
        let prov = ProvProcess(directory: directory, environment: server.environment)
        #expect(try prov.run("init").status == 0)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "set -o pipefail; '\(ProvProcess.executable)' plan -refresh=false | head -c 1 > /dev/null"]
        shell.currentDirectoryURL = URL(fileURLWithPath: directory)
        shell.environment = prov.environment
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0, "prov exits normally after its reader left")
        #expect(try StateStore.open(at: directory + "/prov.state.db").currentLock() == nil)
    }
}
