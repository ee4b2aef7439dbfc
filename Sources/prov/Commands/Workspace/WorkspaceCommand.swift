import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov workspace`: several states for one configuration, told apart by
/// `terraform.workspace`. Local workspaces live in `prov.state.d/<name>/`, S3 workspaces under
/// the backend's `workspace_key_prefix` (`env:/<name>/<key>`).
struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "List, create, select and delete workspaces.",
        subcommands: [
            WorkspaceListCommand.self, WorkspaceShowCommand.self, WorkspaceNewCommand.self,
            WorkspaceSelectCommand.self, WorkspaceDeleteCommand.self,
        ])
}

/// Options the workspace commands share.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .customLong("lock", withSingleDash: true), help: "Take the state lock.")
    var lock: Bool = true

    @Option(name: .customLong("lock-timeout", withSingleDash: true), help: "How long to wait for the state lock, e.g. 30s or 5m.")
    var lockTimeout: String = "0s"

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    var terminal: Terminal { Terminal.detect(noColor: noColor) }

    func lockRequest(operation: String) throws -> StateLockRequest? {
        guard lock else { return nil }
        guard let duration = DurationSyntax.parse(lockTimeout) else {
            throw ValidationError("Invalid -lock-timeout value \"\(lockTimeout)\": use a duration such as 30s, 5m or 1h.")
        }
        return StateLockRequest(operation: operation, timeout: duration)
    }

    /// The backend, with the selected workspace.
    func opener() throws -> StateOpener {
        try StateOpener(statePath: nil, terminal: terminal)
    }
}

extension StateOpener {
    /// The backend's workspaces, or a failure saying why they could not be listed.
    func workspaces() async throws -> [String] {
        do {
            return try await backend.workspaces()
        } catch {
            throw failure("Failed to list workspaces", "The workspaces of \(location) could not be listed: \(error)")
        }
    }

    /// Fails unless `name` can name a workspace.
    func checkName(_ name: String) throws {
        guard Workspace.isValidName(name) else { throw failure("Invalid workspace name", Workspace.invalidNameMessage(name)) }
    }

    /// Fails when TF_WORKSPACE chooses the workspace, which selecting cannot change.
    func refuseOverride(_ what: String) throws {
        if let override = Runtime.environment["TF_WORKSPACE"], !override.isEmpty {
            throw failure("Workspace overridden", "The selected workspace is \"\(override)\", set by the TF_WORKSPACE environment variable, so \(what). Unset TF_WORKSPACE first.")
        }
    }

    func create(_ name: String) async throws {
        do {
            try await backend.createWorkspace(name)
        } catch let error as StateBackendError {
            throw failure(error.summary, error.description)
        } catch {
            throw failure("Failed to create workspace", "The workspace \"\(name)\" could not be created in \(backend.location(of: name)): \(error)")
        }
    }
}
