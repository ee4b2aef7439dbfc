import ArgumentParser
import Foundation
import ResourceGraph

/// Asks for "yes" at a terminal before a command does something that cannot be undone, and
/// refuses, saying how to skip the question, when there is no terminal to ask on.
enum Confirmation {
    static func ask(question: String, explanation: String, acceptance: String = "Only 'yes' will be accepted to approve.", skipFlag: String, terminal: Terminal) throws -> Bool {
        guard Terminal.standardInputIsTerminal else {
            Runtime.printDiagnostics(Diagnostics([.error("No terminal to confirm on", "\(question) prov needs a \"yes\" typed at a terminal, and standard input is not one. Run the command interactively, or pass \(skipFlag) to skip the question.")]), sources: [:], terminal: terminal)
            throw Runtime.fail()
        }
        Console.out("\n" + terminal.bold(question) + "\n  \(explanation)\n  \(acceptance)\n\n  " + terminal.bold("Enter a value:") + " ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
