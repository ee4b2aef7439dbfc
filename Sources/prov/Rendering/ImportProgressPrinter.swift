import Provisioner
import ResourceGraph

/// Progress of `prov import` in Terraform's words: the read of the imported object is reported
/// as importing, preparing and refreshing it; anything else as usual.
struct ImportProgressPrinter: EngineObserver {
    let terminal: Terminal
    let target: InstanceAddress
    let id: String

    func event(_ event: EngineEvent) {
        switch event {
        case .started(let address, .read, _) where address == target:
            Console.out(terminal.bold("\(address): ") + "Importing from ID \(Value.quoted(id))...\n")
            Console.out(terminal.paint(terminal.bold("\(address): ") + "Import prepared!", .green) + "\n")
            Console.out(terminal.paint("  Prepared \(address.resource.type) for import", .green) + "\n")
        case .completed(let address, .read, let objectID, _) where address == target:
            Console.out(terminal.bold("\(address): ") + "Refreshing state..." + (objectID.map { " [id=\($0)]" } ?? "") + "\n")
        default:
            ProgressPrinter(terminal: terminal).event(event)
        }
    }
}
