import Foundation
import Testing
@testable import Provisioner
import ResourceGraph

/// The remote backend over an in-memory object store with S3's conditional-write rules: every
/// change reaches the shared object through a chain of `If-Match` writes, a write another
/// writer got in before is refused with nothing lost, the lock object is taken, waited for and
/// released, and a working copy left unsaved is uploaded by the next run.
@Suite struct RemoteStateBackendTests {
    let objects = InMemoryObjectStore()
    let layout = RemoteStateLayout(key: "app/prov.state")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("prov-remote-\(UUID().uuidString)").path

    /// A backend as one working copy (directory `name`) sees it.
    func backend(_ name: String, lockObject: Bool = true, clock: LockWaitClock = .system) -> RemoteStateBackend {
        RemoteStateBackend(storage: objects, layout: layout, usesLockObject: lockObject, workingDirectory: "\(root)/\(name)/.prov/remote-state", clock: clock)
    }

    static func thing(_ name: String) -> ResourceInstanceObject {
        ResourceInstanceObject(address: InstanceAddress.parse("fake_thing.\(name)")!, providerKey: "provider[\"fake\"]", value: .object(["id": .string(name)]))
    }

    /// The state in an object, read independently of the backend.
    static func state(in object: RemoteObject?) throws -> (snapshot: StateSnapshot, lineage: String, serial: Int)? {
        guard let object else { return nil }
        let path = try PrivateFiles.temporaryDatabase()
        defer { PrivateFiles.removeDatabase(at: path) }
        try PrivateFiles.replaceDatabase(at: path, with: object.data)
        let store = try StateStore.open(at: path)
        let (lineage, serial) = try store.metadata()
        return (try store.snapshot(), lineage, serial)
    }

    func remoteState() throws -> (snapshot: StateSnapshot, lineage: String, serial: Int)? {
        try Self.state(in: objects.object(layout.key))
    }

    @Test func whatOneWorkingCopyWritesTheOtherReads() async throws {
        let alice = backend("alice"), bob = backend("bob")
        let opened = try await alice.open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        try opened.store.put(Self.thing("a"))
        try opened.store.put(Self.thing("b"))
        #expect(await opened.close().isEmpty)

        let read = try #require(try await bob.read("default"))
        #expect(try read.store.snapshot().instanceAddresses.map(\.description) == ["fake_thing.a", "fake_thing.b"])
        _ = await read.close()
        #expect(objects.object(layout.lockKey(of: "default")) == nil, "the lock is released on close")
    }

    @Test func eachUploadIsConditionalOnTheVersionTheLastOneMade() async throws {
        let opened = try await backend("alice").open("default", lock: nil)
        for name in ["a", "b", "c"] { try opened.store.put(Self.thing(name)) }
        #expect(await opened.close().isEmpty)
        let stateWrites = objects.writes.filter { $0.key == layout.key }
        #expect(stateWrites.first?.condition == .absent, "the first write creates the object only if nobody else has")
        #expect(stateWrites.count >= 1 && stateWrites.count <= 3, "changes made while an upload is in flight share the next one")
        for (previous, next) in zip(stateWrites, stateWrites.dropFirst()) {
            #expect(next.condition != .absent && next.condition != previous.condition)
        }
        #expect(try remoteState()?.snapshot.instanceAddresses.count == 3)
        #expect(try remoteState()?.serial == 3)
    }

    @Test func aWriteThatAnotherWriterBeatIsRefusedAndKeptAside() async throws {
        let alice = backend("alice", lockObject: false), bob = backend("bob", lockObject: false)
        let first = try await alice.open("default", lock: nil)
        try first.store.put(Self.thing("base"))
        #expect(await first.close().isEmpty)

        let opened = try await alice.open("default", lock: nil)
        let stopped = StopSignal()
        opened.onSaveFailure { stopped.stop() }
        // Bob writes between Alice's read and her next upload.
        let other = try await bob.open("default", lock: nil)
        try other.store.put(Self.thing("bobs"))
        #expect(await other.close().isEmpty)
        let bobsVersion = try #require(objects.object(layout.key)).etag

        try opened.store.put(Self.thing("alices"))
        let diagnostics = await opened.close()
        #expect(stopped.isStopped, "the run is told to stop making changes it cannot save")
        let error = try #require(diagnostics.errors.first)
        #expect(error.summary == "State changed by another writer")
        #expect(error.detail.contains("did not overwrite it"))
        #expect(objects.object(layout.key)?.etag == bobsVersion, "Bob's version stays")
        #expect(try remoteState()?.snapshot.instanceAddresses.map(\.description) == ["fake_thing.base", "fake_thing.bobs"])

        // Alice's state is kept where the message says.
        let words = error.detail.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,()")) }
        let kept = try #require(words.first { $0.hasPrefix("/") && $0.hasSuffix(".state.db") })
        let keptStore = try StateStore.open(at: kept)
        #expect(try keptStore.snapshot().instanceAddresses.map(\.description) == ["fake_thing.alices", "fake_thing.base"])
        #expect(keptStore.path.hasPrefix(alice.workingCopyDirectory(of: "default")))

        // The next run starts from the shared state.
        let next = try await alice.open("default", lock: nil)
        #expect(try next.store.snapshot().instanceAddresses.map(\.description) == ["fake_thing.base", "fake_thing.bobs"])
        _ = await next.close()
    }

    @Test func aRetriedWriteRecognisesItsOwnEarlierSuccess() async throws {
        let opened = try await backend("alice").open("default", lock: nil)
        try opened.store.put(Self.thing("a"))
        #expect(await opened.close().isEmpty)
        let reopened = try await backend("alice").open("default", lock: nil)
        objects.loseAnswerOfNextWrite(to: layout.key)
        try reopened.store.put(Self.thing("b"))
        #expect(await reopened.close().isEmpty, "the version there is the one this write made")
        #expect(try remoteState()?.snapshot.instanceAddresses.count == 2)
    }

    @Test func aChangeThatCouldNotBeUploadedIsUploadedByTheNextRun() async throws {
        let alice = backend("alice")
        let opened = try await alice.open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        objects.setFailWrites(true)
        try opened.store.put(Self.thing("made-while-offline"))
        let diagnostics = await opened.close()
        #expect(diagnostics.errors.first?.summary == "Failed to save state")
        #expect(diagnostics.errors.first?.detail.contains("the next prov command in this directory uploads it") == true)
        let held = try #require(opened.heldLock)
        #expect(try await alice.currentLock(of: "default")?.id == held.id, "the lock stays: the remote state is behind")
        #expect(objects.object(layout.key) == nil)

        objects.setFailWrites(false)
        let next = try await alice.open("default", lock: nil)
        #expect(try remoteState()?.snapshot.instanceAddresses.map(\.description) == ["fake_thing.made-while-offline"])
        _ = await next.close()
        #expect(try await alice.forceUnlock("default", id: held.id))
    }

    @Test func anUnsavedCopyIsNotUploadedOverANewerRemoteState() async throws {
        let alice = backend("alice", lockObject: false), bob = backend("bob", lockObject: false)
        let opened = try await alice.open("default", lock: nil)
        objects.setFailWrites(true)
        try opened.store.put(Self.thing("alices"))
        _ = await opened.close()
        objects.setFailWrites(false)
        let other = try await bob.open("default", lock: nil)
        try other.store.put(Self.thing("bobs"))
        #expect(await other.close().isEmpty)

        await #expect(throws: StateBackendError.self) { _ = try await alice.open("default", lock: nil) }
        #expect(try remoteState()?.snapshot.instanceAddresses.map(\.description) == ["fake_thing.bobs"])
        let kept = try FileManager.default.contentsOfDirectory(atPath: alice.workingCopyDirectory(of: "default")).filter { $0.hasPrefix("unsaved-") }
        #expect(kept.count == 1)
        let again = try await alice.open("default", lock: nil)
        #expect(try again.store.snapshot().instanceAddresses.map(\.description) == ["fake_thing.bobs"])
        _ = await again.close()
    }

    @Test func aHeldLockRefusesWithTheHoldersDetails() async throws {
        let holder = try await backend("alice").open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        let lockObject = try #require(objects.object(layout.lockKey(of: "default")))
        let document = try JSONParser.parse(Array(lockObject.data))
        #expect(document[attribute: "ID"]?.stringValue == holder.heldLock?.id)
        #expect(document[attribute: "Operation"]?.stringValue == "OperationTypeApply")
        #expect(document[attribute: "Who"]?.stringValue?.contains("@") == true)
        #expect(document[attribute: "Created"]?.stringValue?.isEmpty == false)
        #expect(document[attribute: "Path"]?.stringValue == "mem://bucket/app/prov.state")

        do {
            _ = try await backend("bob").open("default", lock: StateLockRequest(operation: "OperationTypePlan"))
            Issue.record("the lock was taken twice")
        } catch let error as StateLockedError {
            #expect(error.holder.id == holder.heldLock?.id)
            #expect(error.holder.operation == "OperationTypeApply")
            #expect(error.path == "mem://bucket/app/prov.state")
        }
        _ = await holder.close()
        let next = try await backend("bob").open("default", lock: StateLockRequest(operation: "OperationTypePlan"))
        #expect(next.heldLock != nil)
        _ = await next.close()
    }

    @Test func lockTimeoutWaitsForTheHolderOnAScriptedClock() async throws {
        let holder = try await backend("alice").open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        let clock = ScriptedClock()
        // The holder finishes after the waiting run has slept two seconds.
        clock.at(.seconds(2)) { _ = await holder.close() }
        let waiting = try await backend("bob", clock: clock.lockWaitClock).open("default", lock: StateLockRequest(operation: "OperationTypePlan", timeout: .seconds(30)))
        #expect(waiting.heldLock != nil)
        #expect(clock.elapsed >= .seconds(2) && clock.elapsed < .seconds(5))
        _ = await waiting.close()

        let stillHeld = try await backend("alice").open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        let patient = ScriptedClock()
        await #expect(throws: StateLockedError.self) {
            _ = try await backend("bob", clock: patient.lockWaitClock).open("default", lock: StateLockRequest(operation: "OperationTypePlan", timeout: .seconds(10)))
        }
        #expect(patient.elapsed == .seconds(10), "it waits exactly as long as -lock-timeout says")
        _ = await stillHeld.close()
    }

    @Test func aLockLeftByAProcessThatEndedOnThisMachineIsTakenOver() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let dead = LockInfo(id: "dead-run", operation: "OperationTypeApply", who: "me@here", createdAt: Timestamp.now(), processID: Int(process.processIdentifier), host: ProcessInfo.processInfo.hostName)
        objects.put(layout.lockKey(of: "default"), RemoteLockDocument.encode(dead, path: "mem://bucket/app/prov.state"))
        let opened = try await backend("alice").open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        #expect(opened.heldLock != nil)
        _ = await opened.close()

        let elsewhere = LockInfo(id: "other-machine", operation: "OperationTypeApply", who: "you@there", createdAt: Timestamp.now(), processID: Int(process.processIdentifier), host: "another-machine.example")
        objects.put(layout.lockKey(of: "default"), RemoteLockDocument.encode(elsewhere, path: "mem://bucket/app/prov.state"))
        await #expect(throws: StateLockedError.self) { _ = try await backend("alice").open("default", lock: StateLockRequest(operation: "OperationTypeApply")) }
        #expect(try await backend("alice").forceUnlock("default", id: "not-it") == false)
        #expect(try await backend("alice").forceUnlock("default", id: "other-machine"))
        #expect(objects.object(layout.lockKey(of: "default")) == nil)
    }

    @Test func workspacesLiveUnderTheWorkspaceKeyPrefix() async throws {
        let alice = backend("alice")
        #expect(try await alice.workspaces() == ["default"])
        try await alice.createWorkspace("staging")
        await #expect(throws: StateBackendError.self) { try await alice.createWorkspace("staging") }
        #expect(objects.object("env:/staging/app/prov.state") != nil)
        let opened = try await alice.open("staging", lock: StateLockRequest(operation: "OperationTypeApply"))
        try opened.store.put(Self.thing("staged"))
        #expect(await opened.close().isEmpty)
        #expect(objects.object("env:/staging/app/prov.state.tflock") == nil)
        #expect(try await alice.workspaces() == ["default", "staging"], "the lock object is not a workspace")
        #expect(try await backend("bob").read("default") == nil, "default has no state yet")
        try await alice.deleteWorkspace("staging", lock: StateLockRequest(operation: "OperationTypeWorkspaceDelete"))
        #expect(try await alice.workspaces() == ["default"])
    }

    @Test(arguments: [
        (key: "app/prov.state", prefix: "env:", workspace: "default", expected: "app/prov.state"),
        (key: "app/prov.state", prefix: "env:", workspace: "staging", expected: "env:/staging/app/prov.state"),
        (key: "prov.state", prefix: "teams/web", workspace: "prod", expected: "teams/web/prod/prov.state"),
        (key: "prov.state", prefix: "", workspace: "prod", expected: "prod/prov.state"),
    ])
    func stateKeysFollowTerraformsLayout(key: String, prefix: String, workspace: String, expected: String) {
        let layout = RemoteStateLayout(key: key, workspaceKeyPrefix: prefix)
        #expect(layout.stateKey(of: workspace) == expected)
        #expect(layout.lockKey(of: workspace) == expected + ".tflock")
        if workspace != "default" {
            #expect(layout.workspace(ofStateKey: expected) == workspace)
            #expect(layout.workspace(ofStateKey: expected + ".tflock") == nil)
        }
    }
}

/// A clock for lock waits that moves only when slept on, running scripted events when their
/// time comes, so waiting tests take no real time.
final class ScriptedClock: @unchecked Sendable {
    // @unchecked: fields guarded by `lock`.
    private let lock = NSLock()
    private var now = Duration.zero
    private var events: [(at: Duration, action: @Sendable () async -> Void)] = []

    var elapsed: Duration { lock.withLock { now } }

    func at(_ time: Duration, _ action: @escaping @Sendable () async -> Void) {
        lock.withLock { events.append((time, action)) }
    }

    var lockWaitClock: LockWaitClock {
        LockWaitClock(now: { [self] in elapsed }, sleep: { [self] duration in await advance(by: duration) })
    }

    private func advance(by duration: Duration) async {
        let due: [@Sendable () async -> Void] = lock.withLock {
            now += duration
            let ready = events.filter { $0.at <= now }
            events.removeAll { $0.at <= now }
            return ready.map(\.action)
        }
        for action in due { await action() }
    }
}
