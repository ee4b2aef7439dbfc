import Foundation
import ResourceGraph

extension StateStore {
    /// Records an operation about to change the cloud. Returns the entry's id, to resolve in the
    /// same transaction as the state change that records its result.
    public func beginOperation(runID: String, address: InstanceAddress, action: String, token: String, details: String = "") throws -> Int64 {
        try observed { try synchronized {
            try database.transaction {
                try database.query(
                    "INSERT INTO journal (run_id, address, action, token, details, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [.text(runID), .text(address.description), .text(action), .text(token), .text(details), .text(Timestamp.now())])
                return try database.query("SELECT last_insert_rowid()")[0][0].integer ?? 0
            }
        } }
    }

    /// Clears an entry whose operation finished without changing state (a failed call).
    public func resolveOperation(_ id: Int64) throws {
        try resolveOperations([id])
    }

    /// Clears entries an earlier run left, once a plan has reconciled them.
    public func resolveOperations(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try observed { try synchronized {
            try database.transaction {
                for id in ids { try database.query("DELETE FROM journal WHERE id = ?", [.integer(id)]) }
            }
        } }
    }

    /// Entries left by runs that stopped before their operations resolved.
    public func unresolvedOperations() throws -> [JournalEntry] {
        try synchronized {
            try database.query("SELECT id, run_id, address, action, token, details, started_at FROM journal ORDER BY id").compactMap { row in
                guard let address = row[2].text.flatMap(InstanceAddress.parse) else { return nil }
                return JournalEntry(
                    id: row[0].integer ?? 0, runID: row[1].text ?? "", address: address, action: row[3].text ?? "",
                    token: row[4].text ?? "", details: row[5].text ?? "", startedAt: row[6].text ?? "")
            }
        }
    }
}

extension JournalEntry {
    /// The `details` of an entry: the provider configuration the operation went through, so
    /// the next run can ask the same provider about it even when the configuration no longer
    /// declares the instance.
    static func details(providerKey: String) -> String {
        (try? JSONEncoding.encode(.object(["provider": .string(providerKey)]))) ?? ""
    }

    /// The provider configuration address recorded in `details`, if any.
    public var providerKey: String? {
        guard let parsed = try? JSONParser.parse(details) else { return nil }
        return parsed[attribute: "provider"]?.stringValue
    }
}
