import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov show [FILE]`: the state (or a saved plan, or another state file) for people, or with
/// -json in Terraform's machine-readable shapes.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the state, or a plan saved with prov plan -out=FILE.")

    @Flag(name: .customLong("json", withSingleDash: true), help: "Print Terraform's JSON representation of the state or plan.")
    var json = false

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    @Option(name: .customLong("state", withSingleDash: true), help: "Path of the state file to show when no FILE is given.")
    var statePath: String?

    @Argument(help: "A saved plan or a state file (default: the state).")
    var file: String?

    func run() async throws {
        let access = StateAccess(statePath: file ?? statePath ?? StateOptions.defaultStatePath, noColor: noColor, lockTimeout: nil)
        if let file, !Self.isStateFile(file) {
            try await showPlan(file, terminal: access.terminal)
            return
        }
        guard access.exists else {
            Console.out(json ? "{\"format_version\":\"1.0\"}\n" : "No state.\n")
            return
        }
        let store = try access.openExisting()
        // The JSON holds values; people are shown "(sensitive value)", which needs no key.
        let snapshot = json ? try await StateKeys.revealedSnapshot(store, terminal: access.terminal) : try access.snapshot(store)
        if json {
            Console.out(((try? JSONEncoding.encode(StateJSON.document(snapshot))) ?? "{}") + "\n")
        } else {
            Console.out(StateRenderer(terminal: access.terminal, plugins: Runtime.plugins).render(snapshot))
        }
    }

    /// A saved plan is encrypted with the key of the state it was made against: that state
    /// (-state, or the working directory's) must be at hand.
    private func showPlan(_ path: String, terminal: Terminal) async throws {
        let state = StateAccess(statePath: statePath ?? StateOptions.defaultStatePath, noColor: noColor, lockTimeout: nil)
        let saved: PlanFile
        do {
            _ = try PlanFile.lineage(of: path)
            guard state.exists else {
                throw PlanFileError("A saved plan is encrypted with the key of the state it was made against, and there is no state at \(state.statePath): run prov show in the directory where the plan was made, or give that state with -state.")
            }
            let store = try state.openExisting()
            try await StateKeys.unlockForReading(store, terminal: terminal)
            guard let cipher = store.cipher else {
                throw PlanFileError("The state at \(state.statePath) has no key, so it cannot be the state this plan was made against.")
            }
            saved = try PlanFile.read(from: path, cipher: cipher)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Runtime.printDiagnostics(Diagnostics([.error("Failed to read the file", "\(error)")]), sources: [:], terminal: terminal)
            throw Runtime.fail()
        }
        if json {
            Console.out(((try? JSONEncoding.encode(PlanJSON.document(saved.plan, timestamp: saved.createdAt))) ?? "{}") + "\n")
        } else {
            Console.out(PlanRenderer(terminal: terminal).render(saved.plan))
        }
    }

    /// State files are SQLite databases; anything else is taken for a plan.
    static func isStateFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\u{0}".utf8)
    }
}
