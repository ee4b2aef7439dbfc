import Foundation

/// Told about every change written to a state store, so a copy kept elsewhere (a remote
/// backend's object) can follow it.
public protocol StateChangeObserver: AnyObject, Sendable {
    /// Before a change is committed: from now on the store may differ from its last saved copy.
    /// Called first so that a crash between commit and upload still leaves the change on record.
    func stateWillChange()
    /// After a change was committed.
    func stateDidChange()
}

/// The whole state as bytes, and back: what a remote backend uploads and downloads, and what
/// moving the state between backends copies. The bytes are a SQLite database with this
/// store's schema, so the remote copy is the same file a local state would be.
extension StateStore {
    /// The tables that make up the state. The lock table is left out: a lock belongs to one
    /// copy of the state, never to the data that is copied.
    static let copiedTables = ["meta", "resources", "deposed", "outputs", "journal"]

    /// A consistent copy of the whole database, without any lock it holds.
    public func exportData() throws -> Data {
        let temporary = try PrivateFiles.temporaryDatabase()
        defer { PrivateFiles.removeDatabase(at: temporary) }
        try synchronized {
            // VACUUM INTO reads the database (with what is still in the WAL) in one read
            // transaction and writes a compact copy.
            _ = try database.query("VACUUM INTO ?", [.text(temporary)])
        }
        do {
            let copy = try SQLiteDatabase(path: temporary)
            try copy.query("DELETE FROM lock")
            // Leave the copy in rollback-journal mode, so its single file holds everything.
            try copy.execute("PRAGMA journal_mode = DELETE")
        }
        return try Data(contentsOf: URL(fileURLWithPath: temporary))
    }

    /// Replaces everything in this store (resources, outputs, journal, lineage and serial)
    /// with the state in `data`, in one transaction, keeping this store's own lock.
    public func replaceContents(with data: Data) throws {
        let temporary = try PrivateFiles.temporaryDatabase()
        defer { PrivateFiles.removeDatabase(at: temporary) }
        try data.write(to: URL(fileURLWithPath: temporary))
        // Brings an older copy up to this schema before its rows are read.
        _ = try StateStore.open(at: temporary)
        try observed {
            try synchronized {
                try database.query("ATTACH DATABASE ? AS incoming", [.text(temporary)])
                defer { _ = try? database.execute("DETACH DATABASE incoming") }
                try database.transaction {
                    for table in Self.copiedTables {
                        try database.execute("DELETE FROM main.\(table); INSERT INTO main.\(table) SELECT * FROM incoming.\(table)")
                    }
                }
            }
        }
    }
}
