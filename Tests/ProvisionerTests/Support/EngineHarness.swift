import Foundation
import Provisioner
import ResourceGraph

/// A temporary working directory with configuration files and a state file, driven through
/// the engine with the fake provider.
final class EngineHarness: @unchecked Sendable {
    let directory: String
    let cloud = FakeCloud()
    var statePath: String { directory + "/prov.state.db" }
    /// Where the default key provider keeps this state's key: outside the working directory,
    /// as in the user's configuration directory.
    var keyDirectory: String { directory + "-keys" }
    /// How sessions get the state's key; tests of other key providers replace it.
    var keyring: StateKeyring

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-engine-\(UUID().uuidString)").path
        keyring = StateKeyring(preferred: LocalKeyFileProvider(directory: directory + "-keys"))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: keyDirectory)
    }

    func write(_ text: String, to name: String = "main.tf") throws {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func session() async throws -> Session {
        try await Session.open(statePath: statePath, plugins: [FakeProvider(cloud: cloud)], observer: SilentObserver(), operation: "test", keyring: keyring)
    }

    func plan(_ mode: Plan.Mode = .normal, variables: [CommandLineVariable] = [], targeting: Targeting = Targeting()) async throws -> (Plan?, Diagnostics) {
        let session = try await session()
        defer { session.close() }
        var options = PlanOptions(directory: directory, mode: mode, variables: variables)
        options.targeting = targeting
        let result = await session.plan(options)
        return (result.plan, result.diagnostics)
    }

    /// Plans and applies; returns the plan that was applied and all diagnostics.
    @discardableResult
    func apply(_ mode: Plan.Mode = .normal, variables: [CommandLineVariable] = [], targeting: Targeting = Targeting()) async throws -> (Plan?, Diagnostics) {
        let session = try await session()
        defer { session.close() }
        var options = PlanOptions(directory: directory, mode: mode, variables: variables)
        options.targeting = targeting
        let result = await session.plan(options)
        guard result.plan != nil else { return (nil, result.diagnostics) }
        var diagnostics = result.diagnostics
        diagnostics.append(contentsOf: await session.apply(result))
        return (result.plan, diagnostics)
    }

    /// The state as the engine reads it: secrets decrypted with the key file (digested
    /// secrets are not in the state at all).
    func state() throws -> StateSnapshot {
        let store = try StateStore.open(at: statePath)
        if try store.keyRecord() != nil {
            let context = StateKeyContext(lineage: try store.metadata().lineage, statePath: statePath)
            try store.unlock(with: try LocalKeyFileProvider(directory: keyDirectory).readKey(context), source: "the test's key file")
        }
        return try store.snapshot()
    }
}

extension Plan {
    func action(_ address: String) -> ChangeAction? {
        changes.first { $0.address.description == address && $0.deposedKey == nil }?.action
    }

    var actionsByAddress: [String: ChangeAction] {
        Dictionary(changes.filter { $0.deposedKey == nil }.map { ($0.address.description, $0.action) }, uniquingKeysWith: { a, _ in a })
    }
}
