import Foundation
import Testing
@testable import Provisioner

/// Local workspaces laid out as Terraform lays out `terraform.tfstate.d`: `default` in the
/// state file, every other workspace in `prov.state.d/<name>/prov.state.db`.
@Suite struct LocalStateBackendTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-local-\(UUID().uuidString)").path

    var backend: LocalStateBackend {
        LocalStateBackend(path: directory + "/prov.state.db", workspaceDirectory: directory + "/prov.state.d")
    }

    @Test func workspacesAreDirectoriesBesideTheDefaultState() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(try await backend.workspaces() == ["default"])
        #expect(try await backend.read("default") == nil)
        try await backend.createWorkspace("staging")
        await #expect(throws: StateBackendError.self) { try await backend.createWorkspace("staging") }
        #expect(try await backend.workspaces() == ["default", "staging"])
        #expect(backend.location(of: "staging") == directory + "/prov.state.d/staging/prov.state.db")

        let opened = try await backend.open("staging", lock: StateLockRequest(operation: "OperationTypeApply"))
        #expect(try await backend.currentLock(of: "staging")?.id == opened.heldLock?.id)
        try opened.store.put(ResourceInstanceObject(address: .parse("fake_thing.a")!, providerKey: "provider[\"fake\"]", value: .object(["id": .string("a")])))
        #expect(await opened.close().isEmpty)
        #expect(try await backend.currentLock(of: "staging") == nil, "released on close")
        #expect(FileManager.default.fileExists(atPath: directory + "/prov.state.d/staging/prov.state.db"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/prov.state.db"), "default is untouched")

        try await backend.deleteWorkspace("staging", lock: StateLockRequest(operation: "OperationTypeWorkspaceDelete"))
        #expect(try await backend.workspaces() == ["default"])
    }

    /// SQLite keeps what a command wrote in its write-ahead log until a checkpoint, and a
    /// process that exits without closing the database leaves the log behind: the state file
    /// alone would then be incomplete, and the next command replays the log on opening.
    @Test func closingMovesTheLogIntoTheStateFile() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let opened = try await backend.open("default", lock: StateLockRequest(operation: "OperationTypeApply"))
        for name in ["a", "b", "c"] {
            try opened.store.put(ResourceInstanceObject(address: .parse("fake_thing.\(name)")!, providerKey: "provider[\"fake\"]", value: .object(["id": .string(name)])))
        }
        let log = directory + "/prov.state.db-wal"
        #expect(try fileSize(log) > 0, "the writes are in the log before closing")
        #expect(await opened.close().isEmpty)
        #expect(try fileSize(log) == 0)

        // The state file alone holds everything.
        let copy = directory + "/copy.db"
        try FileManager.default.copyItem(atPath: directory + "/prov.state.db", toPath: copy)
        #expect(try StateStore.open(at: copy).snapshot().resources.count == 3)
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
    }

    @Test(arguments: [("staging", true), ("prod-eu.2", true), ("a~b_c", true), ("", false), ("..", false), ("a/b", false), ("env:x", false), ("é", false)])
    func workspaceNamesAreSafePathSegments(name: String, valid: Bool) {
        #expect(Workspace.isValidName(name) == valid)
    }
}
