import Provisioner
import ResourceGraph

/// Prints engine progress as it happens, one line per event.
struct ProgressPrinter: EngineObserver {
    let terminal: Terminal

    func event(_ event: EngineEvent) {
        guard let line = line(for: event) else { return }
        Console.out(line + "\n")
    }

    private func line(for event: EngineEvent) -> String? {
        switch event {
        case .refreshing(let address, let id):
            return terminal.bold("\(address): ") + "Refreshing state..." + (id.map { " [id=\($0)]" } ?? "")
        case .reconciling(let address):
            return terminal.bold("\(address): ") + "Looking for the object an interrupted run was creating..."
        case .readingDataSource(let address):
            return terminal.bold("\(address): ") + "Reading..."
        case .dataSourceRead(let address, let elapsed):
            return terminal.bold("\(address): ") + "Read complete after \(Self.format(elapsed))"
        case .started(let address, let action, let deposed):
            return terminal.bold("\(address): ") + verbs(action).doing + (deposed ? " (deposed object)" : "")
        case .stillWorking(let address, let action, let elapsed, let status):
            let detail = status.map { ", \($0)" } ?? ""
            return terminal.bold("\(address): ") + "Still \(verbs(action).still)... [\(Self.format(elapsed)) elapsed\(detail)]"
        case .completed(let address, let action, let id, let elapsed):
            let suffix = action == .delete ? "" : (id.map { " [id=\($0)]" } ?? "")
            return terminal.bold("\(address): ") + "\(verbs(action).done) after \(Self.format(elapsed))" + suffix
        case .failed(let address, let action, _):
            return terminal.bold("\(address): ") + terminal.paint("\(verbs(action).doing.dropLast(3)) failed", .red)
        case .interrupted(let inFlight):
            let names = inFlight.map(\.description).joined(separator: ", ")
            return "Waiting for \(inFlight.count) operation\(inFlight.count == 1 ? "" : "s") in flight to finish: \(names)"
        }
    }

    private func verbs(_ action: ChangeAction) -> (doing: String, still: String, done: String) {
        switch action {
        case .update: return ("Modifying...", "modifying", "Modifications complete")
        case .delete: return ("Destroying...", "destroying", "Destruction complete")
        case .read: return ("Reading...", "reading", "Read complete")
        default: return ("Creating...", "creating", "Creation complete")
        }
    }

    /// `3s`, `1m5s`, as Terraform formats elapsed time.
    static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds < 60 { return "\(seconds)s" }
        return "\(seconds / 60)m\(seconds % 60)s"
    }
}
