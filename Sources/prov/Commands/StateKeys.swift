import ArgumentParser
import Foundation
import Providers
import Provisioner
import ResourceGraph

/// Where commands get the key that protects the secrets in the state and in saved plans: the
/// configuration's `encryption` block (AWS KMS), else `PROV_STATE_PASSPHRASE`, else a key file
/// in the user's configuration directory. A key an earlier run recorded with another of
/// these is still found (KMS through the key and region its record names).
enum StateKeys {
    static func keyring(encryption: EncryptionSettings? = nil) -> StateKeyring {
        let environment = Runtime.environment
        let configured = encryption?.keyProvider.map { KMSStateKeyProvider(settings: $0, environment: environment) }
        return .standard(
            environment: environment, configured: configured,
            unlockers: [KMSStateKeyProvider(keyID: nil, region: nil, environment: environment)])
    }

    /// The root module's `encryption` settings, for commands that plan. A configuration that
    /// does not load is reported here, before the state is touched, as planning would report it.
    static func encryptionSettings(in loaded: LoadedConfiguration, terminal: Terminal) throws -> EncryptionSettings? {
        if loaded.diagnostics.hasErrors {
            Runtime.printDiagnostics(loaded.diagnostics, sources: loaded.configuration.sources, terminal: terminal)
            throw Runtime.fail()
        }
        return loaded.configuration.module.terraform.encryption
    }

    /// Unlocks an existing state's key for a command that only reads (no new key, no move);
    /// prints the failure and fails the command when the key cannot be had.
    static func unlockForReading(_ store: StateStore, terminal: Terminal) async throws {
        do {
            _ = try await keyring().unlock(store, creating: false)
        } catch {
            Runtime.printDiagnostics(Diagnostics([diagnostic(for: error)]), sources: [:], terminal: terminal)
            throw Runtime.fail()
        }
    }

    /// The state with its encrypted values decrypted, for commands that print values. The key
    /// is asked for only when something is encrypted, so a state without secrets reads
    /// without it.
    static func revealedSnapshot(_ store: StateStore, terminal: Terminal) async throws -> StateSnapshot {
        let locked = try store.snapshot()
        let sealed = locked.outputs.values.contains { $0.sealed != nil }
            || locked.resources.values.contains { !$0.sealed.isEmpty }
            || locked.deposed.values.contains { $0.values.contains { !$0.sealed.isEmpty } }
        guard sealed, store.cipher == nil else { return locked }
        try await unlockForReading(store, terminal: terminal)
        return try store.snapshot()
    }

    static func diagnostic(for error: any Error) -> Diagnostic {
        if let error = error as? StateKeyError { return .error(error.summary, error.description) }
        return .error("Cannot unlock the state key", "\(error)")
    }

    /// What unlocking had to say (a new key file, a key that moved), on standard error so it
    /// never mixes into data a command prints.
    static func printNotices(_ notices: [String]) {
        for notice in notices { Console.err("\n" + notice + "\n") }
    }
}
