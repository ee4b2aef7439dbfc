import Foundation
import ResourceGraph

/// Objects `prov state rm` let go of. They still carry the stack's system tags, but the user
/// chose to stop managing them: `destroy`, which deletes tagged objects state does not
/// record, must leave them alone.
extension StateStore {
    /// The ids and ARNs of objects forgotten with `state rm`.
    public func releasedIdentities() throws -> Set<String> {
        try synchronized {
            try Self.releasedIdentities(in: database)
        }
    }

    static func releasedIdentities(in database: SQLiteDatabase) throws -> Set<String> {
        guard let text = try database.query("SELECT value FROM meta WHERE key = 'released'").first?[0].text else { return [] }
        return Set((try JSONParser.parse(text).elements ?? []).compactMap(\.stringValue))
    }

    /// Adds identities to the released ones, inside a write transaction.
    static func release(_ identities: Set<String>, in database: SQLiteDatabase) throws {
        guard !identities.isEmpty else { return }
        let all = try releasedIdentities(in: database).union(identities)
        let text = try JSONEncoding.encode(.tuple(all.sorted().map(Value.string)))
        try database.query("INSERT OR REPLACE INTO meta (key, value) VALUES ('released', ?)", [.text(text)])
    }
}
