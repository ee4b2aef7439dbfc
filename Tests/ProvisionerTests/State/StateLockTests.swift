import Foundation
import Testing
@testable import Provisioner

/// The state lock outlives a run only while that run may still be alive: a lock whose process
/// is gone from this machine is taken over (an operating-system file lock would have been
/// released), while a live holder or a holder on another machine is respected.
@Suite struct StateLockTests {
    let host = ProcessInfo.processInfo.hostName

    /// Writes a lock row as another run would have, with the process and host given.
    func plantLock(in store: StateStore, processID: Int32, host: String) throws -> String {
        let id = UUID().uuidString.lowercased()
        try store.database.query(
            "INSERT INTO lock (singleton, id, operation, who, created_at, process_id, host) VALUES (1, ?, 'OperationTypeApply', 'someone@elsewhere', ?, ?, ?)",
            [.text(id), .text(Timestamp.now()), .integer(Int64(processID)), .text(host)])
        return id
    }

    /// The id of a process that has run and exited, so no process has it now.
    func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func emptyStore() throws -> StateStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try StateStore.open(at: directory.appendingPathComponent("prov.state.db").path)
    }

    @Test func aLockWhoseProcessIsGoneIsTakenOver() async throws {
        let store = try emptyStore()
        _ = try plantLock(in: store, processID: try exitedProcessID(), host: host)
        let taken = try await store.acquireLock(operation: "OperationTypePlan")
        #expect(try store.currentLock() == taken)
        #expect(taken.processID == Int(getpid()))
    }

    @Test func aLiveHolderIsRespected() async throws {
        let store = try emptyStore()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { sleeper.terminate(); sleeper.waitUntilExit() }
        let id = try plantLock(in: store, processID: sleeper.processIdentifier, host: host)
        await #expect(throws: StateLockedError.self) { try await store.acquireLock(operation: "OperationTypePlan") }
        #expect(try store.currentLock()?.id == id)
    }

    @Test func aHolderOnAnotherMachineIsRespected() async throws {
        let store = try emptyStore()
        let id = try plantLock(in: store, processID: try exitedProcessID(), host: "another-machine.example")
        await #expect(throws: StateLockedError.self) { try await store.acquireLock(operation: "OperationTypePlan") }
        #expect(try store.currentLock()?.id == id)
    }
}
