import Foundation

/// Files that hold a copy of the state, which holds secrets: created readable by this user only.
enum PrivateFiles {
    /// Creates an empty file with mode 0600; fails if it exists.
    static func createEmpty(at path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateFileError("Cannot create \(path): \(String(cString: strerror(errno))).")
        }
        close(descriptor)
    }

    /// A new empty private file in the temporary directory.
    static func temporaryDatabase() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("prov-state-\(UUID().uuidString.lowercased()).db")
        try createEmpty(at: path)
        return path
    }

    /// Writes `data` to `path` all at once: into a private file beside it, then renamed over it,
    /// so a reader (or a crash) never sees half a database. SQLite's side files of any earlier
    /// database at `path` are removed, since they belong to the old contents.
    static func replaceDatabase(at path: String, with data: Data) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        let temporary = path + ".incoming-\(UUID().uuidString.lowercased())"
        try createEmpty(at: temporary)
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            guard rename(temporary, path) == 0 else {
                throw StateFileError("Cannot replace \(path): \(String(cString: strerror(errno))).")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Removes a database file and the files SQLite keeps beside it.
    static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// A state file could not be created, written or moved.
public struct StateFileError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
