import ArgumentParser
import Foundation
import Provisioner

@main
struct Prov: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "prov",
        abstract: "Provision AWS infrastructure from configuration written in Terraform's language.",
        discussion: """
            prov reads the .tf files in the working directory, compares them with the state \
            (prov.state.db, a SQLite file), shows a plan, and applies it through the AWS APIs.

            Options take one dash or two (-auto-approve, --auto-approve). The global option \
            -chdir=DIR, given before the command, switches to DIR first.
            """,
        version: "prov \(version)",
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, ApplyCommand.self,
            DestroyCommand.self, OutputCommand.self, ShowCommand.self, GraphCommand.self,
            ImportCommand.self, StateCommand.self, TaintCommand.self, UntaintCommand.self,
            ForceUnlockCommand.self, FmtCommand.self, WorkspaceCommand.self,
        ])

    static func main() async {
        // A closed pipe must not kill a run half-way (leaving its lock and unsaved state):
        // writes to it fail instead, and Console ignores the failure.
        signal(SIGPIPE, SIG_IGN)
        MemoryTuning.apply()
        let normalized = ArgumentNormalizer.normalize(Array(CommandLine.arguments.dropFirst()))
        if let directory = normalized.chdir, !FileManager.default.changeCurrentDirectoryPath(directory) {
            Console.err("Error: Invalid -chdir option: the directory \(directory) does not exist or cannot be entered.\n")
            Foundation.exit(1)
        }
        Runtime.arguments = normalized.arguments
        if let problem = DebugLog.shared.configure(environment: Runtime.environment) {
            Console.err("Warning: \(problem)\n")
        }
        // The command only: its arguments may hold -var values not yet known to be secret.
        DebugLog.shared.write(.info, "prov", "prov \(normalized.arguments.first ?? "") in \(FileManager.default.currentDirectoryPath)")
        do {
            var command = try parseAsRoot(normalized.arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
