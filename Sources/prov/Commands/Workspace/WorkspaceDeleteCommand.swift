import ArgumentParser
import Foundation
import Provisioner

/// `prov workspace delete NAME`: deletes a workspace's state. A state that still tracks
/// resources is kept unless -force says to forget them (the remote objects stay).
struct WorkspaceDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a workspace.")

    @OptionGroup var options: WorkspaceOptions

    @Flag(name: .customLong("force", withSingleDash: true), help: "Delete even if the workspace's state still tracks resources.")
    var force = false

    @Argument(help: "The workspace to delete.")
    var name: String

    func run() async throws {
        let opener = try options.opener()
        try opener.checkName(name)
        guard name != Workspace.defaultName else {
            throw opener.failure("Cannot delete the default workspace", "The \"default\" workspace always exists and cannot be deleted.")
        }
        guard name != opener.workspace else {
            throw opener.failure("Cannot delete the selected workspace", "Workspace \"\(name)\" is the selected workspace. Select another workspace (prov workspace select default) and try again.")
        }
        guard try await opener.workspaces().contains(name) else {
            throw opener.failure("Workspace doesn't exist", "The workspace \"\(name)\" does not exist.")
        }
        let named = StateOpener(backend: opener.backend, workspace: name, terminal: options.terminal)
        if !force, let opened = try await named.read() {
            let snapshot = try? opened.store.snapshot()
            _ = await opened.close()
            if let instances = snapshot?.instanceAddresses, !instances.isEmpty {
                let list = instances.map { "\n  - \($0)" }.joined()
                throw opener.failure("Workspace is not empty", "Workspace \"\(name)\" is currently tracking the following resource instances:\(list)\nDeleting this workspace would make prov lose track of these objects, which would go on existing. Destroy them first (prov destroy in that workspace), or delete with -force to forget them.")
            }
        }
        do {
            try await opener.backend.deleteWorkspace(name, lock: try options.lockRequest(operation: "OperationTypeWorkspaceDelete"))
        } catch {
            throw named.failure(describing: error, doing: "deleted")
        }
        Console.out(options.terminal.paint("Deleted workspace \"\(name)\"!", .green) + "\n")
    }
}
