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
        let terminal = Terminal.detect(noColor: noColor)
        if let file, !Self.isStateFile(file) {
            try await showPlan(file, terminal: terminal)
            return
        }
        // A state file named on the command line is read as it is; otherwise the selected
        // workspace's state, wherever the backend keeps it.
        let opener = try file.map { StateOpener(backend: LocalStateBackend(path: $0), workspace: Workspace.defaultName, terminal: terminal) }
            ?? StateOpener(statePath: statePath, terminal: terminal)
        guard let opened = try await opener.read() else {
            Console.out(json ? "{\"format_version\":\"1.0\"}\n" : "No state.\n")
            return
        }
        // The JSON holds values; people are shown "(sensitive value)", which needs no key.
        let snapshot = try await opener.snapshot(of: opened, revealing: json)
        if json {
            Console.out(((try? JSONEncoding.encode(StateJSON.document(snapshot))) ?? "{}") + "\n")
        } else {
            Console.out(StateRenderer(terminal: terminal, plugins: Runtime.plugins).render(snapshot))
        }
    }

    /// A saved plan is encrypted with the key of the state it was made against: that state
    /// (-state, or the selected workspace's) must be at hand.
    private func showPlan(_ path: String, terminal: Terminal) async throws {
        let saved: PlanFile
        do {
            _ = try PlanFile.lineage(of: path)
            let opener = try StateOpener(statePath: statePath, terminal: terminal)
            guard let opened = try await opener.read() else {
                throw PlanFileError("A saved plan is encrypted with the key of the state it was made against, and there is no state at \(opener.location): run prov show in the directory where the plan was made, or give that state with -state.")
            }
            let cipher: StateCipher?
            do {
                try await StateKeys.unlockForReading(opened.store, terminal: terminal)
                cipher = opened.store.cipher
                _ = await opened.close()
            } catch {
                _ = await opened.close()
                throw error
            }
            guard let cipher else {
                throw PlanFileError("The state at \(opened.location) has no key, so it cannot be the state this plan was made against.")
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
