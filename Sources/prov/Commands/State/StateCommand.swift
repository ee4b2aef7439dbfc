import ArgumentParser

/// `prov state`: the group of commands that read and edit the state directly.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Read and edit the state directly: list, show, move and remove resource instances.",
        subcommands: [StateListCommand.self, StateShowCommand.self, StateMoveCommand.self, StateRemoveCommand.self])
}
