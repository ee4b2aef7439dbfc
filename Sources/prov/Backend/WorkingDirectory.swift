import Foundation
import Provisioner

/// What prov keeps in the working directory's `.prov` directory, as Terraform keeps it in
/// `.terraform`: the backend `prov init` configured (`backend.json`), the selected workspace
/// (`environment`), and the working copies of remote state (`remote-state/<workspace>/`).
enum WorkingDirectory {
    static let dataDirectory = ".prov"
    static let backendRecordPath = dataDirectory + "/backend.json"
    static let environmentPath = dataDirectory + "/environment"
    static let remoteStateDirectory = dataDirectory + "/remote-state"

    /// The selected workspace: `TF_WORKSPACE` when set (as in Terraform, for automation), else
    /// the one `prov workspace select` recorded, else `default`.
    static var selectedWorkspace: String {
        if let override = Runtime.environment["TF_WORKSPACE"], !override.isEmpty { return override }
        let recorded = (try? String(contentsOfFile: environmentPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return recorded.flatMap { $0.isEmpty ? nil : $0 } ?? Workspace.defaultName
    }

    static func select(_ workspace: String) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if workspace == Workspace.defaultName {
            try? FileManager.default.removeItem(atPath: environmentPath)
        } else {
            try workspace.write(toFile: environmentPath, atomically: true, encoding: .utf8)
        }
    }
}
