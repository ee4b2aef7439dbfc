import ArgumentParser
import Foundation
import Providers
import Provisioner
import ResourceGraph

/// Which backend a command uses: the configuration's backend block, checked against what
/// `prov init` recorded, so that no command works on another state than the one the
/// configuration names. As in Terraform, a changed backend block needs `prov init` first.
enum BackendResolver {
    /// The remote backends prov has.
    static var remoteTypes: [any RemoteBackendType] { [S3BackendType(environment: Runtime.environment)] }

    static func remoteType(named name: String) -> (any RemoteBackendType)? {
        remoteTypes.first { $0.name == name }
    }

    /// Makes a remote backend from its arguments, keeping working copies of its states in
    /// `workingDirectory`.
    static func make(_ configuration: BackendConfiguration, workingDirectory: String = WorkingDirectory.remoteStateDirectory) -> (backend: (any StateBackend)?, diagnostics: Diagnostics) {
        guard let type = remoteType(named: configuration.type) else {
            let known = (["local"] + remoteTypes.map(\.name)).map { "\"\($0)\"" }.joined(separator: " and ")
            return (nil, Diagnostics([.error("Unsupported backend", "prov has the \(known) backends; the \"\(configuration.type)\" backend is not supported.")]))
        }
        return type.makeBackend(configuration.arguments, workingDirectory: workingDirectory)
    }

    /// The backend for a command. `statePath` is `-state`, which only local state takes.
    /// `configuration` is the working directory's, when the command has loaded it already.
    /// Prints what is wrong and fails when the directory needs `prov init` first.
    static func backend(statePath: String?, terminal: Terminal, configuration: Configuration? = nil) throws -> any StateBackend {
        let declared = configuration.map(DeclaredBackend.load(from:)) ?? DeclaredBackend.load()
        var diagnostics = declared.diagnostics
        var record: BackendRecord? = nil
        do {
            record = try BackendRecord.load()
        } catch let error as StateBackendError {
            diagnostics.error(error.summary, error.description)
        }
        guard !diagnostics.hasErrors else { throw fail(diagnostics, declared, terminal) }

        switch (declared.remote, record) {
        case (nil, nil):
            let (local, localDiagnostics) = DeclaredBackend.localBackend(declared.localArguments, statePath: statePath)
            guard !localDiagnostics.hasErrors else { throw fail(localDiagnostics, declared, terminal) }
            return local
        case (let remote?, nil):
            diagnostics.error("Backend initialization required, please run \"prov init\"", "The configuration keeps its state in the \"\(remote.type)\" backend, and this working directory has not been initialized for it. Run prov init (with -migrate-state to move existing local state there).", at: declared.range)
        case (nil, let record?):
            diagnostics.error("Backend configuration changed", "This working directory was initialized with the \"\(record.configuration.type)\" backend, which the configuration no longer declares. Run prov init -migrate-state to move the state back to local state, or prov init -reconfigure to use local state without moving it.")
        case (let remote?, let record?):
            guard remote.hasSameArguments(as: record.block) else {
                diagnostics.error("Backend configuration changed", "The \"\(remote.type)\" backend block changed since prov init configured this working directory. Run prov init -migrate-state to move the state to the new location, or prov init -reconfigure to use the new location without moving it.", at: declared.range)
                break
            }
            if statePath != nil {
                diagnostics.error("Option -state not supported", "-state names a local state file, but this configuration keeps its state in the \"\(remote.type)\" backend. Leave -state out.")
                break
            }
            let (backend, makeDiagnostics) = make(record.configuration)
            diagnostics.append(contentsOf: makeDiagnostics)
            if let backend, !diagnostics.hasErrors {
                Runtime.printDiagnostics(diagnostics, sources: declared.sources, terminal: terminal)
                return backend
            }
        }
        throw fail(diagnostics, declared, terminal)
    }

    private static func fail(_ diagnostics: Diagnostics, _ declared: DeclaredBackend, _ terminal: Terminal) -> ExitCode {
        Runtime.printDiagnostics(diagnostics, sources: declared.sources, terminal: terminal)
        return Runtime.fail()
    }
}
