import Foundation

/// The default key provider: a random key in a file of its own, outside the working directory
/// (in the user's configuration directory), readable by its owner only. Whoever copies the
/// working directory, or commits it, gets the state without the key that opens its secrets.
public struct LocalKeyFileProvider: StateKeyProvider {
    public let kind = "local_key_file"
    /// Where key files live, one per state lineage.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_CONFIG_HOME/prov/keys`, or `~/.config/prov/keys` without it, as the XDG base
    /// directory specification places configuration.
    public static func defaultDirectory(environment: [String: String]) -> String {
        if let configured = environment["XDG_CONFIG_HOME"], configured.hasPrefix("/") {
            return configured + "/prov/keys"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/prov/keys"
    }

    public var displayName: String { "the key file in \(directory)" }

    public func path(forLineage lineage: String) -> String {
        directory + "/" + lineage
    }

    /// A new key, unless a key file for this state exists already (another prov process,
    /// run without the state lock, made it a moment ago): then that key, so both agree.
    public func createKey(_ context: StateKeyContext) async throws -> (key: DataKey, record: StateKeyRecord, notice: String?) {
        let key = DataKey.random()
        guard try write(key, to: path(forLineage: context.lineage), replacing: false) else {
            return (try readKey(context), StateKeyRecord(kind: kind), nil)
        }
        return (key, StateKeyRecord(kind: kind), notice(context))
    }

    public func wrap(_ key: DataKey, _ context: StateKeyContext) async throws -> (record: StateKeyRecord, notice: String?) {
        _ = try write(key, to: path(forLineage: context.lineage), replacing: true)
        return (StateKeyRecord(kind: kind), notice(context))
    }

    private func notice(_ context: StateKeyContext) -> String {
        "prov keeps the key that encrypts the secrets in \(context.statePath) in \(path(forLineage: context.lineage)), outside the working directory (readable by you only). Back it up with the state: without it, the encrypted values in the state cannot be read."
    }

    public func unwrap(_ record: StateKeyRecord, _ context: StateKeyContext) async throws -> DataKey {
        try readKey(context)
    }

    /// The key for a state, read without suspending (the file is local).
    public func readKey(_ context: StateKeyContext) throws -> DataKey {
        let path = path(forLineage: context.lineage)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateKeyError("State key not found", "The secrets in \(context.statePath) are encrypted with a key that prov keeps in \(path), and that file does not exist. Restore it from a backup (or set XDG_CONFIG_HOME to the configuration directory that holds it); if someone else made this state, copy the file from them, or move the state to a key the team shares (PROV_STATE_PASSPHRASE, or an aws_kms key_provider in the encryption block). prov changed nothing.")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), let key = DataKey(bytes: [UInt8](bytes)) else {
            throw StateKeyError("State key unreadable", "The key file \(path) does not hold a prov state key (a base64-encoded 256-bit key); prov changed nothing.")
        }
        return key
    }

    public func forget(_ context: StateKeyContext) -> String? {
        let path = path(forLineage: context.lineage)
        guard (try? FileManager.default.removeItem(atPath: path)) != nil else { return nil }
        return "The key file \(path) is no longer needed and was removed."
    }

    /// Writes the key to a private temporary file and moves it into place, so the key is never
    /// readable by others, not even for a moment, and never half written. Without
    /// `replacing`, an existing file stays and false is returned.
    private func write(_ key: DataKey, to path: String, replacing: Bool) throws -> Bool {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateKeyError("Cannot store the state key", "prov keeps state keys in \(directory), which cannot be created: \(error.localizedDescription). Set XDG_CONFIG_HOME to a writable directory, or use PROV_STATE_PASSPHRASE or a KMS key provider instead.")
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateKeyError("Cannot store the state key", "The key file \(temporary) cannot be created: \(String(cString: strerror(errno))).")
        }
        let text = Data(key.bytes).base64EncodedString() + "\n"
        let written = text.utf8CString.withUnsafeBufferPointer { Foundation.write(descriptor, $0.baseAddress, $0.count - 1) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.utf8.count, synced == 0 else {
            unlink(temporary)
            throw StateKeyError("Cannot store the state key", "The key file \(temporary) cannot be written: \(String(cString: strerror(errno))).")
        }
        // rename replaces; link refuses when the name is taken, which is what a new key needs.
        let placed = replacing ? rename(temporary, path) : link(temporary, path)
        let failure = errno
        unlink(temporary)
        if placed == 0 { return true }
        if !replacing, failure == EEXIST { return false }
        throw StateKeyError("Cannot store the state key", "The key file \(path) cannot be written: \(String(cString: strerror(failure))).")
    }
}
