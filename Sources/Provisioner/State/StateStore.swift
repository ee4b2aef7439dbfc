import Foundation
import ResourceGraph

/// The state file: a SQLite database holding every resource instance prov manages, the root
/// outputs, the lock and the operation journal. Every change of the cloud is written in its own
/// transaction right after the call that made it, so nothing is lost if the process dies.
public final class StateStore: @unchecked Sendable {
    // @unchecked: the connection is only used under `lock`.
    let database: SQLiteDatabase
    let lock = NSLock()
    public let path: String
    /// Told about every change, to keep a remote copy in step (see `StateReplica`). Weak: the
    /// observer owns the store it watches.
    private(set) weak var changeObserver: (any StateChangeObserver)?
    /// Set once the state's data key is unlocked (`StateStore+Secrets`); guarded by `lock`.
    var unlockedCipher: StateCipher?

    /// Opens the state at `path`, creating it (mode 0600, new lineage) if it does not exist.
    public static func open(at path: String) throws -> StateStore {
        try StateStore(path: path, observer: nil)
    }

    /// Opens the state at `path`, telling `observer` about every change written from now on.
    static func open(at path: String, observer: any StateChangeObserver) throws -> StateStore {
        try StateStore(path: path, observer: observer)
    }

    private init(path: String, observer: (any StateChangeObserver)?) throws {
        self.path = path
        self.changeObserver = observer
        database = try SQLiteDatabase(path: path)
        try StateMigrations.apply(to: database)
        try database.transaction {
            if try database.query("SELECT value FROM meta WHERE key = 'lineage'").isEmpty {
                try database.query("INSERT INTO meta (key, value) VALUES ('lineage', ?), ('serial', '0')", [.text(UUID().uuidString.lowercased())])
            }
        }
    }

    /// Moves everything written so far from SQLite's write-ahead log into the state file and
    /// empties the log. A command does this when it closes the state, so that the file alone
    /// holds the whole state (a copy of it is complete) and the next command has no log to
    /// replay: the log otherwise keeps every page an apply wrote, megabytes read again on each
    /// open.
    public func checkpoint() throws {
        try synchronized { try database.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    func synchronized<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Reading

    public func snapshot() throws -> StateSnapshot {
        try synchronized {
            let meta = try database.query("SELECT key, value FROM meta")
            let values = Dictionary(meta.map { ($0[0].text ?? "", $0[1].text ?? "") }, uniquingKeysWith: { a, _ in a })
            var snapshot = StateSnapshot(lineage: values["lineage"] ?? "", serial: Int(values["serial"] ?? "0") ?? 0)
            let rows = try database.query("SELECT address, provider, schema_version, attributes, sensitive_paths, dependencies, status, create_before_destroy, secrets FROM resources")
            for row in rows {
                guard let object = try decodeObject(row) else { continue }
                snapshot.resources[object.address] = object
            }
            let deposedRows = try database.query("SELECT address, provider, schema_version, attributes, sensitive_paths, dependencies, deposed_key, secrets FROM deposed")
            for row in deposedRows {
                let withStatus = Array(row[0..<6]) + [.text("ready"), .integer(1), row[7]]
                guard let object = try decodeObject(withStatus), let key = row[6].text else { continue }
                snapshot.deposed[object.address, default: [:]][key] = object
            }
            for row in try database.query("SELECT name, value, type, sensitive, sealed FROM outputs") {
                guard let name = row[0].text, let valueText = row[1].text, let typeText = row[2].text else { continue }
                let type = ValueType(json: try JSONParser.parse(typeText)) ?? .dynamic
                snapshot.outputs[name] = try decodeOutput(valueText, type: type, sensitive: row[3].integer == 1, sealed: row[4].integer == 1)
            }
            return snapshot
        }
    }

    func decodeObject(_ row: [SQLiteValue]) throws -> ResourceInstanceObject? {
        guard let addressText = row[0].text, let address = InstanceAddress.parse(addressText),
              let provider = row[1].text, let attributes = row[3].text,
              let sensitive = row[4].text, let dependencies = row[5].text else { return nil }
        let paths = (try JSONParser.parse(sensitive).elements ?? []).map { ($0.elements ?? []).compactMap(\.stringValue) }
        let dependencyAddresses = (try JSONParser.parse(dependencies).elements ?? []).compactMap { element -> ResourceAddress? in
            element.stringValue.flatMap { InstanceAddress.parse($0)?.resource }
        }
        var object = ResourceInstanceObject(
            address: address, providerKey: provider, schemaVersion: Int(row[2].integer ?? 0),
            value: try JSONParser.parse(attributes).markingSensitive(at: paths),
            dependencies: dependencyAddresses,
            status: ResourceInstanceObject.Status(rawValue: row[6].text ?? "ready") ?? .ready,
            createBeforeDestroy: row[7].integer == 1)
        try restoreSecrets(row[8].text ?? "[]", into: &object)
        return object
    }

    public func metadata() throws -> (lineage: String, serial: Int) {
        try synchronized {
            let rows = try database.query("SELECT key, value FROM meta WHERE key IN ('lineage', 'serial')")
            let values = Dictionary(rows.map { ($0[0].text ?? "", $0[1].text ?? "") }, uniquingKeysWith: { a, _ in a })
            return (values["lineage"] ?? "", Int(values["serial"] ?? "0") ?? 0)
        }
    }

    // MARK: Writing, one transaction per change

    /// Records a resource instance (new or changed), and resolves its journal entry in the same
    /// transaction when given.
    public func put(_ object: ResourceInstanceObject, resolvingJournal journalID: Int64? = nil) throws {
        try put(object, resolvingJournal: journalID.map { [$0] } ?? [])
    }

    /// Records a resource instance and resolves these journal entries, in one transaction.
    public func put(_ object: ResourceInstanceObject, resolvingJournal journalIDs: [Int64]) throws {
        try write { database in
            try database.query("""
                INSERT OR REPLACE INTO resources
                (address, module, mode, type, name, instance_key, provider, schema_version, attributes, sensitive_paths, dependencies, secrets, status, create_before_destroy, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, row(for: object) + [.text(object.status.rawValue), .integer(object.createBeforeDestroy ? 1 : 0), .text(Timestamp.now())])
            for id in journalIDs { try database.query("DELETE FROM journal WHERE id = ?", [.integer(id)]) }
        }
    }

    /// Forgets a resource instance (after it was deleted, or by `state rm`).
    public func remove(_ address: InstanceAddress, resolvingJournal journalID: Int64? = nil) throws {
        try write { database in
            try database.query("DELETE FROM resources WHERE address = ?", [.text(address.description)])
            if let journalID { try database.query("DELETE FROM journal WHERE id = ?", [.integer(journalID)]) }
        }
    }

    /// Moves the current object of an instance aside as deposed (create_before_destroy).
    public func depose(_ address: InstanceAddress, key: String) throws {
        try write { database in
            try database.query("""
                INSERT INTO deposed (address, deposed_key, provider, schema_version, attributes, sensitive_paths, dependencies, secrets, updated_at)
                SELECT address, ?, provider, schema_version, attributes, sensitive_paths, dependencies, secrets, ? FROM resources WHERE address = ?
                """, [.text(key), .text(Timestamp.now()), .text(address.description)])
            try database.query("DELETE FROM resources WHERE address = ?", [.text(address.description)])
        }
    }

    public func removeDeposed(_ address: InstanceAddress, key: String, resolvingJournal journalID: Int64? = nil) throws {
        try write { database in
            try database.query("DELETE FROM deposed WHERE address = ? AND deposed_key = ?", [.text(address.description), .text(key)])
            if let journalID { try database.query("DELETE FROM journal WHERE id = ?", [.integer(journalID)]) }
        }
    }

    /// Replaces the root module's outputs.
    public func replaceOutputs(_ outputs: [String: OutputState]) throws {
        try write { database in
            try database.query("DELETE FROM outputs")
            for (name, output) in outputs.sorted(by: { $0.key < $1.key }) {
                guard let (value, sealed) = try storedForm(of: output) else { continue }
                let type = try JSONEncoding.encode(output.type.jsonValue)
                try database.query("INSERT INTO outputs (name, value, type, sensitive, sealed) VALUES (?, ?, ?, ?, ?)",
                                   [.text(name), .text(value), .text(type), .integer(output.isSensitive ? 1 : 0), .integer(sealed ? 1 : 0)])
            }
        }
    }

    /// Runs a change in one transaction that also increases the serial.
    func write(_ body: (SQLiteDatabase) throws -> Void) throws {
        try observed {
            try synchronized {
                try database.transaction {
                    try body(database)
                    try database.query("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'serial'")
                }
            }
        }
    }

    /// Runs a change with the observer told before (so an unsaved change is on record before it
    /// exists) and after it was committed.
    func observed<T>(_ body: () throws -> T) throws -> T {
        changeObserver?.stateWillChange()
        let result = try body()
        changeObserver?.stateDidChange()
        return result
    }

    /// The columns from address to secrets. Sensitive parts are stored as digests or
    /// ciphertexts (`storedForm`), never in `attributes`.
    func row(for object: ResourceInstanceObject) throws -> [SQLiteValue] {
        let address = object.address
        let stored = try storedForm(of: object)
        let attributes = try JSONEncoding.encode(stored.attributes)
        let paths = try JSONEncoding.encode(.tuple(stored.sensitivePaths.map { .tuple($0.map(Value.string)) }))
        let dependencies = try Self.encodeDependencies(object.dependencies)
        return try Self.addressColumns(address) + [
            .text(object.providerKey), .integer(Int64(object.schemaVersion)), .text(attributes), .text(paths), .text(dependencies),
            .text(try JSONEncoding.encode(stored.secrets)),
        ]
    }

    /// The columns a row's address is stored in: address, module, mode, type, name, instance_key.
    static func addressColumns(_ address: InstanceAddress) throws -> [SQLiteValue] {
        let key: String
        switch address.key {
        case .none: key = "null"
        case .index(let i): key = String(i)
        case .key(let k): key = try JSONEncoding.encode(.string(k))
        }
        return [
            .text(address.description), .text(address.resource.module.description), .text(address.resource.mode.rawValue),
            .text(address.resource.type), .text(address.resource.name), .text(key),
        ]
    }

    static func encodeDependencies(_ dependencies: [ResourceAddress]) throws -> String {
        try JSONEncoding.encode(.tuple(dependencies.sorted().map { .string($0.description) }))
    }
}
