import ArgumentParser
import Foundation
import Provisioner

/// `prov workspace list`: every workspace, the selected one marked with `*`.
struct WorkspaceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workspaces.")

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let opener = try options.opener()
        var names = try await opener.workspaces()
        if !names.contains(opener.workspace) { names.append(opener.workspace) }
        Console.out(names.map { ($0 == opener.workspace ? "* " : "  ") + $0 + "\n" }.joined() + "\n")
    }
}

/// `prov workspace show`: the selected workspace's name.
struct WorkspaceShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the name of the selected workspace.")

    func run() async throws {
        Console.out(WorkingDirectory.selectedWorkspace + "\n")
    }
}
