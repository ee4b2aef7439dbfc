import ArgumentParser
import Foundation
import Provisioner

/// `prov workspace new NAME`: creates an empty workspace and selects it.
struct WorkspaceNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create a new workspace and select it.")

    @OptionGroup var options: WorkspaceOptions

    @Argument(help: "The new workspace's name.")
    var name: String

    func run() async throws {
        let opener = try options.opener()
        try opener.checkName(name)
        try opener.refuseOverride("the new workspace cannot be selected")
        if try await opener.workspaces().contains(name) {
            throw opener.failure("Workspace already exists", "The workspace \"\(name)\" already exists.")
        }
        try await opener.create(name)
        try WorkingDirectory.select(name)
        let terminal = options.terminal
        Console.out(terminal.paint(terminal.bold("Created and switched to workspace \"\(name)\"!"), .green) + "\n\n")
        Console.out("You're now on a new, empty workspace. Workspaces isolate their state, so if you run \"prov plan\" prov will not see any existing state for this configuration.\n")
    }
}

/// `prov workspace select NAME`: makes another workspace the selected one.
struct WorkspaceSelectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "select", abstract: "Select a workspace.")

    @OptionGroup var options: WorkspaceOptions

    @Flag(name: .customLong("or-create", withSingleDash: true), help: "Create the workspace if it does not exist.")
    var orCreate = false

    @Argument(help: "The workspace to select.")
    var name: String

    func run() async throws {
        let opener = try options.opener()
        try opener.checkName(name)
        try opener.refuseOverride("another one cannot be selected")
        if !(try await opener.workspaces().contains(name)) {
            guard orCreate else {
                throw opener.failure("Workspace doesn't exist", "The workspace \"\(name)\" does not exist. Create it with prov workspace new \(name), or select it with -or-create.")
            }
            try await opener.create(name)
        }
        try WorkingDirectory.select(name)
        Console.out(options.terminal.paint("Switched to workspace \"\(name)\".", .green) + "\n")
    }
}
