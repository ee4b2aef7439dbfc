import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// The state as bytes and back, as remote backends and migrations move it: a copy keeps
/// lineage, serial, objects, outputs and journal, and never carries a lock along.
@Suite struct StateCopyTests {
    func store(_ name: String) throws -> StateStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try StateStore.open(at: directory.appendingPathComponent(name).path)
    }

    @Test func aCopyKeepsEverythingButTheLock() async throws {
        let source = try store("source.db")
        let keys = StateKeyring(preferred: LocalKeyFileProvider(directory: source.path + "-keys"))
        _ = try await keys.unlock(source, creating: true)
        let address = InstanceAddress.parse("fake_thing.a")!
        try source.put(ResourceInstanceObject(address: address, providerKey: "provider[\"fake\"]", value: .object(["id": .string("a"), "secret": .string("s3cr3t").markedSensitive()])))
        try source.replaceOutputs(["name": OutputState(value: .string("a"), type: .string, isSensitive: false)])
        let pending = try source.beginOperation(runID: "run", address: address, action: "update", token: "token")
        _ = try await source.acquireLock(operation: "OperationTypeApply")

        let destination = try store("destination.db")
        let ownLock = try await destination.acquireLock(operation: "migration destination state")
        try destination.replaceContents(with: try source.exportData())

        #expect(try destination.metadata() == (try source.metadata()), "lineage and serial travel with the state")
        let copied = try destination.snapshot()
        _ = try await keys.unlock(destination, creating: false)
        #expect(try destination.snapshot().resources[address]?.value[attribute: "secret"] == .string("s3cr3t").markedSensitive(), "the key record travels too, so the same key opens the copy")
        #expect(copied.resources[address]?.value[attribute: "secret"]?.isSensitive == true)
        #expect(copied.outputs["name"]?.value == .string("a"))
        #expect(try destination.unresolvedOperations().map(\.id) == [pending])
        #expect(try destination.currentLock() == ownLock, "the destination keeps its own lock, and the source's is not copied")
    }

    @Test func replacingContentsTellsTheObserverAndKeepsTheSerial() throws {
        let source = try store("source.db")
        for name in ["a", "b"] {
            try source.put(ResourceInstanceObject(address: InstanceAddress.parse("fake_thing.\(name)")!, providerKey: "provider[\"fake\"]", value: .object(["id": .string(name)])))
        }
        let observer = CountingObserver()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let destination = try StateStore.open(at: directory.appendingPathComponent("observed.db").path, observer: observer)
        try destination.replaceContents(with: try source.exportData())
        #expect(observer.counts == (1, 1))
        #expect(try destination.metadata().serial == 2)
        try destination.forget([InstanceAddress.parse("fake_thing.a")!])
        #expect(observer.counts == (2, 2))
        #expect(try destination.metadata().serial == 3)
    }
}

final class CountingObserver: StateChangeObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var will = 0
    private var did = 0
    var counts: (Int, Int) { lock.withLock { (will, did) } }
    func stateWillChange() { lock.withLock { will += 1 } }
    func stateDidChange() { lock.withLock { did += 1 } }
}
