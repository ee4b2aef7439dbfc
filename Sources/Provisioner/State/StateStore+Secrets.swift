import Foundation
import ResourceGraph

/// How sensitive values are kept in the state file: never in clear. A sensitive part of an
/// object whose value came from the configuration is replaced by its keyed digest; any other
/// sensitive part (a value only the cloud knows) and every sensitive output is encrypted. In
/// `attributes` such parts are null; the `secrets` column lists, per part, its path and its
/// digest or ciphertext.
///
/// The key comes from a key provider (`StateKeyring`); the state records only how to get it
/// back (`meta`: `key_provider`, `key_record`) and a check value that tells a wrong key apart.
extension StateStore {
    /// The cipher of the state's unlocked key, or nil before `unlock(with:source:)`.
    public var cipher: StateCipher? { synchronized { unlockedCipher } }

    // MARK: The key record

    /// How the state's key is kept, and its check value; nil for a state that has no key yet.
    public func keyRecord() throws -> (record: StateKeyRecord, check: String)? {
        try synchronized {
            let rows = try database.query("SELECT key, value FROM meta WHERE key IN ('key_provider', 'key_record', 'key_check')")
            let values = Dictionary(rows.map { ($0[0].text ?? "", $0[1].text ?? "") }, uniquingKeysWith: { a, _ in a })
            guard let kind = values["key_provider"], let check = values["key_check"] else { return nil }
            let fields = (try JSONParser.parse(values["key_record"] ?? "{}").attributes ?? [:]).compactMapValues(\.stringValue)
            return (StateKeyRecord(kind: kind, fields: fields), check)
        }
    }

    /// Records how the key is kept now (after a provider change the key stays the same, so
    /// nothing else in the state changes, nor its serial).
    func saveKeyRecord(_ record: StateKeyRecord, check: String) throws {
        try observed { try synchronized {
            try database.transaction {
                let fields = try JSONEncoding.encode(.object(record.fields.mapValues(Value.string)))
                for (key, value) in [("key_provider", record.kind), ("key_record", fields), ("key_check", check)] {
                    try database.query("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [.text(key), .text(value)])
                }
            }
        } }
    }

    /// Makes `key` the state's key: from now on sensitive values are written under it and read
    /// back in clear. Throws (and stays locked) when it is not the key the state was made with.
    public func unlock(with key: DataKey, source: String) throws {
        guard let recorded = try keyRecord() else {
            throw StateKeyError("State has no key", "The state at \(path) has no key yet; the first command that writes it creates one.")
        }
        guard key.checkValue == recorded.check else { throw StateKeyError.wrongKey(path, source: source) }
        let lineage = try metadata().lineage
        synchronized { unlockedCipher = StateCipher(key: key, lineage: lineage) }
    }

    /// Gives a state that has no key yet its first key, and encrypts whatever sensitive values
    /// it already holds in clear (a state written before prov encrypted them). Returns false,
    /// changing nothing, when another process gave the state a key first (possible only
    /// without the state lock). A remote backend's copy follows (`observed`).
    func installFirstKey(_ key: DataKey, record: StateKeyRecord) throws -> Bool {
        try observed { try installFirstKeyLocally(key, record: record) }
    }

    private func installFirstKeyLocally(_ key: DataKey, record: StateKeyRecord) throws -> Bool {
        let installed = try synchronized {
            try database.transaction {
                guard try database.query("SELECT 1 FROM meta WHERE key = 'key_provider'").isEmpty else { return false }
                let fields = try JSONEncoding.encode(.object(record.fields.mapValues(Value.string)))
                for (name, value) in [("key_provider", record.kind), ("key_record", fields), ("key_check", key.checkValue)] {
                    try database.query("INSERT INTO meta (key, value) VALUES (?, ?)", [.text(name), .text(value)])
                }
                return true
            }
        }
        guard installed else { return false }
        try unlock(with: key, source: "the new key")
        try sealClearSecrets()
        return true
    }

    private func sealClearSecrets() throws {
        try synchronized {
            try database.transaction {
                for table in ["resources", "deposed"] {
                    let status = table == "resources" ? "status, create_before_destroy" : "'ready', 1"
                    let key = table == "resources" ? "NULL" : "deposed_key"
                    let rows = try database.query("SELECT address, provider, schema_version, attributes, sensitive_paths, dependencies, \(status), secrets, \(key) FROM \(table) WHERE secrets = '[]' AND sensitive_paths <> '[]'")
                    for row in rows {
                        guard let object = try decodeObject(Array(row[0..<9])) else { continue }
                        let columns = try self.row(for: object)
                        try database.query(
                            "UPDATE \(table) SET attributes = ?, sensitive_paths = ?, secrets = ? WHERE address = ?" + (table == "deposed" ? " AND deposed_key = ?" : ""),
                            [columns[8], columns[9], columns[11], .text(object.address.description)] + (table == "deposed" ? [row[9]] : []))
                    }
                }
                for row in try database.query("SELECT name, value, type FROM outputs WHERE sensitive = 1 AND sealed = 0") {
                    guard let valueText = row[1].text, let cipher = unlockedCipher else { continue }
                    let sealed = try cipher.seal(try JSONParser.parse(valueText))
                    try database.query("UPDATE outputs SET value = ?, sealed = 1 WHERE name = ?", [.text(sealed), row[0]])
                }
            }
            // The clear values' old pages are still in the write-ahead log: copy the new pages
            // into the database file and empty the log.
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    // MARK: Objects

    /// An object as stored: its attributes with every sensitive part null, the sensitive
    /// paths, and the `secrets` entries that stand for those parts. Called under the lock.
    func storedForm(of object: ResourceInstanceObject) throws -> (attributes: Value, sensitivePaths: [ValuePath], secrets: Value) {
        var attributes = object.value.unmarkedDeep()
        var entries: [Value] = []
        let paths = Set(object.value.sensitivePaths()).union(object.digests.keys).union(object.sealed.keys)
        var kept: [ValuePath] = []
        for path in paths.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            // A part inside one already replaced went with it.
            if kept.contains(where: { path.count > $0.count && path.starts(with: $0) }) { continue }
            kept.append(path)
            let part = object.value.value(at: path) ?? .null
            let pathValue = Value.tuple(path.map(Value.string))
            if let digest = object.digests[path] {
                entries.append(.object(["path": pathValue, "digest": .string(digest)]))
            } else if part.isNull {
                guard let sealed = object.sealed[path] else { continue }
                entries.append(.object(["path": pathValue, "sealed": .string(sealed)]))
            } else {
                guard let cipher = unlockedCipher else { throw StateKeyError.locked(self.path) }
                entries.append(.object(["path": pathValue, "sealed": .string(try cipher.seal(part))]))
            }
            attributes = attributes.replacing(at: path, with: .null)
        }
        return (attributes, kept, .tuple(entries))
    }

    /// Puts the `secrets` entries of a stored object back: ciphertexts decrypted into the value
    /// when the key is unlocked (else kept aside in `sealed`), digests into `digests`.
    func restoreSecrets(_ text: String, into object: inout ResourceInstanceObject) throws {
        for entry in try JSONParser.parse(text).elements ?? [] {
            let path = (entry[attribute: "path"]?.elements ?? []).compactMap(\.stringValue)
            if let digest = entry[attribute: "digest"]?.stringValue {
                object.digests[path] = digest
            } else if let sealed = entry[attribute: "sealed"]?.stringValue {
                if let cipher = unlockedCipher {
                    object.value = object.value.replacing(at: path, with: try cipher.open(sealed).markedSensitive())
                } else {
                    object.sealed[path] = sealed
                }
            }
            object.value = object.value.markingSensitive(at: [path])
        }
    }

    // MARK: Outputs

    /// An output's value column and whether it is a ciphertext; nil when the value cannot be
    /// stored (unknown). Sensitive outputs are always encrypted. Called under the lock.
    func storedForm(of output: OutputState) throws -> (text: String, sealed: Bool)? {
        guard output.isSensitive else {
            guard let text = try? JSONEncoding.encode(output.value.unmarkedDeep()) else { return nil }
            return (text, false)
        }
        if let sealed = output.sealed, output.value.isNull { return (sealed, true) }
        guard output.value.isWhollyKnown else { return nil }
        guard let cipher = unlockedCipher else { throw StateKeyError.locked(path) }
        return (try cipher.seal(output.value), true)
    }

    /// An output read back: decrypted when the key is unlocked, else null with its ciphertext
    /// kept aside. Called under the lock.
    func decodeOutput(_ text: String, type: ValueType, sensitive: Bool, sealed: Bool) throws -> OutputState {
        guard sealed else {
            let value = try JSONParser.parse(text).conformed(to: type)
            return OutputState(value: value.markedSensitive(sensitive), type: type, isSensitive: sensitive)
        }
        guard let cipher = unlockedCipher else {
            return OutputState(value: Value.null(type).markedSensitive(), type: type, isSensitive: true, sealed: text)
        }
        return OutputState(value: try cipher.open(text).conformed(to: type).markedSensitive(), type: type, isSensitive: true)
    }
}
