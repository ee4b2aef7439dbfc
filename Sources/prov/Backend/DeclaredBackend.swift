import Foundation
import Provisioner
import ResourceGraph

/// The backend the configuration declares in `terraform { backend "TYPE" { … } }`: a remote
/// one, or local state (no block, or `backend "local"` with its `path` and `workspace_dir`).
struct DeclaredBackend {
    /// nil for local state.
    var remote: BackendConfiguration?
    /// The local backend's arguments when it is local (`path`, `workspace_dir`).
    var localArguments: [String: Value] = [:]
    var range: SourceRange?
    var sources: [String: SourceFile] = [:]
    var diagnostics = Diagnostics()

    /// Reads the configuration in the working directory. Problems elsewhere in the
    /// configuration are not this reader's to report: the commands that need the whole
    /// configuration report them.
    static func load(directory: String = ".") -> DeclaredBackend {
        load(from: ConfigurationLoader.load(directory: directory).0)
    }

    static func load(from configuration: Configuration) -> DeclaredBackend {
        var declared = DeclaredBackend(sources: configuration.sources)
        guard let block = configuration.module.terraform.backend else { return declared }
        declared.range = block.range
        let (arguments, diagnostics) = BackendConfiguration.arguments(in: block.body)
        declared.diagnostics = diagnostics
        if block.type == "local" {
            declared.localArguments = arguments
        } else {
            declared.remote = BackendConfiguration(type: block.type, arguments: arguments)
        }
        return declared
    }

    static let localArgumentNames = ["path", "workspace_dir"]

    /// The local backend these arguments describe; `statePath` (-state) overrides `path`.
    static func localBackend(_ arguments: [String: Value], statePath: String?) -> (LocalStateBackend, Diagnostics) {
        var diagnostics = Diagnostics()
        var backend = LocalStateBackend()
        for (name, value) in arguments.sorted(by: { $0.key < $1.key }) {
            guard localArgumentNames.contains(name) else {
                diagnostics.error("Unsupported backend argument", "The local backend has no argument named \"\(name)\".\(NameSuggestion.didYouMean(name, in: localArgumentNames))")
                continue
            }
            guard let text = value.stringValue, !text.isEmpty else {
                diagnostics.error("Invalid backend argument", "The local backend's \"\(name)\" must be a non-empty string.")
                continue
            }
            if name == "path" { backend.path = text } else { backend.workspaceDirectory = text }
        }
        if let statePath { backend.path = statePath }
        return (backend, diagnostics)
    }
}
