import Foundation
import ResourceGraph

/// What is known about a remote state's local working copy, kept beside it: which object it is
/// a copy of, the version (ETag) it was last in step with, and whether it holds changes that
/// have not reached the remote object. A run that dies before uploading leaves `unsaved`
/// set, so the next run uploads the copy instead of replacing it with the older remote one.
struct WorkingCopyRecord: Equatable {
    var location: String
    /// nil while the remote object does not exist.
    var etag: String?
    var unsaved: Bool

    static func load(from path: String) -> WorkingCopyRecord? {
        guard let data = FileManager.default.contents(atPath: path),
              let document = try? JSONParser.parse(Array(data)),
              let location = document[attribute: "location"]?.stringValue else { return nil }
        return WorkingCopyRecord(
            location: location, etag: document[attribute: "etag"]?.stringValue,
            unsaved: document[attribute: "unsaved"]?.boolValue ?? true)
    }

    /// Written durably (to a new file, synced, renamed over the old one): the record is what
    /// stands between an unsaved change and its loss.
    func save(to path: String) throws {
        let document: Value = .object([
            "location": .string(location),
            "etag": etag.map(Value.string) ?? .null(.string),
            "unsaved": .bool(unsaved),
        ])
        let data = Data(((try? JSONEncoding.encode(document, pretty: true)) ?? "{}").utf8)
        let temporary = path + ".new"
        _ = FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else {
            throw StateFileError("Cannot write \(path): \(String(cString: strerror(errno))).")
        }
    }
}
