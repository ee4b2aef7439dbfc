import Foundation
import Provisioner
import ResourceGraph

/// The remote backend `prov init` configured, kept in `.prov/backend.json` (as Terraform keeps
/// `.terraform/terraform.tfstate`): the arguments in effect (the block merged with every
/// `-backend-config`), and the block's own arguments, which later commands compare with the
/// configuration to notice that it changed and `prov init` must run again. It may hold
/// credentials given with -backend-config, so it is private to the user.
struct BackendRecord {
    var configuration: BackendConfiguration
    var blockArguments: [String: Value]

    var block: BackendConfiguration { BackendConfiguration(type: configuration.type, arguments: blockArguments) }

    static func load() throws -> BackendRecord? {
        guard let data = FileManager.default.contents(atPath: WorkingDirectory.backendRecordPath) else { return nil }
        guard let document = try? JSONParser.parse(Array(data)), let type = document[attribute: "type"]?.stringValue else {
            throw StateBackendError("Unreadable backend record", "\(WorkingDirectory.backendRecordPath) is not the record prov init writes. Run prov init -reconfigure to configure the backend again.")
        }
        return BackendRecord(
            configuration: BackendConfiguration(type: type, arguments: document[attribute: "config"]?.attributes ?? [:]),
            blockArguments: document[attribute: "block"]?.attributes ?? [:])
    }

    func save() throws {
        try FileManager.default.createDirectory(atPath: WorkingDirectory.dataDirectory, withIntermediateDirectories: true)
        let document: Value = .object([
            "type": .string(configuration.type),
            "config": configuration.argumentsJSON,
            "block": block.argumentsJSON,
        ])
        let text = (try? JSONEncoding.encode(document, pretty: true)) ?? "{}"
        let path = WorkingDirectory.backendRecordPath
        _ = FileManager.default.createFile(atPath: path + ".new", contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard rename(path + ".new", path) == 0 else {
            throw StateBackendError("Cannot write the backend record", "\(path): \(String(cString: strerror(errno))).")
        }
    }

    static func remove() {
        try? FileManager.default.removeItem(atPath: WorkingDirectory.backendRecordPath)
    }
}
