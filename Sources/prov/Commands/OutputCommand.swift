import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov output [NAME]`: the root module's outputs from the state.
struct OutputCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output",
        abstract: "Show the root module's output values from the state.")

    @Option(name: .customLong("state", withSingleDash: true), help: "Path of the state file.")
    var state: String?

    @Flag(name: .customLong("json", withSingleDash: true), help: "Print as JSON: {\"name\": {\"sensitive\": …, \"type\": …, \"value\": …}}.")
    var json = false

    @Flag(name: .customLong("raw", withSingleDash: true), help: "Print a single string, number or bool output without quotes.")
    var raw = false

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    @Argument(help: "The output to show.")
    var name: String?

    func run() async throws {
        let terminal = Terminal.detect(noColor: noColor)
        let opener = try StateOpener(statePath: state, terminal: terminal)
        guard let opened = try await opener.read() else {
            return try noOutputs(terminal)
        }
        // Sensitive outputs are encrypted: showing one by name or as JSON needs the key.
        let outputs = try await opener.snapshot(of: opened, revealing: name != nil || json).outputs
        if let name {
            guard let output = outputs[name] else {
                let suggestion = NameSuggestion.didYouMean(name, in: outputs.keys)
                Runtime.printDiagnostics(Diagnostics([.error("Output \"\(name)\" not found", "The output variable requested could not be found in the state file. If you recently added this to your configuration, be sure to run `prov apply`, since the state won't be updated with new output variables until that command is run.\(suggestion)")]), sources: [:], terminal: terminal)
                throw Runtime.fail()
            }
            // Asking for one output by name shows it even when sensitive, as Terraform does.
            if json {
                Console.out(((try? JSONEncoding.encode(output.value.unmarkedDeep())) ?? "null") + "\n")
            } else if raw {
                guard output.value.type.isPrimitive, let text = try? output.value.unmarkedDeep().converted(to: .string).stringValue else {
                    Runtime.printDiagnostics(Diagnostics([.error("Unsupported value for raw output", "The -raw option only supports strings, numbers, and boolean values, but output value \"\(name)\" is \(output.value.type).")]), sources: [:], terminal: terminal)
                    throw Runtime.fail()
                }
                Console.out(text)
            } else {
                Console.out(ValueRenderer(sensitivePlaceholder: "(sensitive value)").render(output.value.unmarkedDeep()) + "\n")
            }
            return
        }
        if json {
            Console.out(Self.json(outputs) + "\n")
            return
        }
        guard !outputs.isEmpty else { return try noOutputs(terminal) }
        Console.out(Self.render(outputs, revealSensitive: false))
    }

    private func noOutputs(_ terminal: Terminal) throws {
        if json {
            Console.out("{}\n")
            return
        }
        Runtime.printDiagnostics(Diagnostics([.warning("No outputs found", "The state file either has no outputs defined, or all the defined outputs are empty. Please define an output in your configuration with the `output` keyword and run `prov apply` for it to become available. If you are using interpolation, please verify the interpolated value is not empty.")]), sources: [:], terminal: terminal)
    }

    /// `name = value` lines, sensitive values as `<sensitive>`.
    static func render(_ outputs: [String: OutputState], revealSensitive: Bool) -> String {
        var out = ""
        for name in outputs.keys.sorted() {
            let output = outputs[name]!
            let shown = output.isSensitive && !revealSensitive ? "<sensitive>" : ValueRenderer().render(output.value.unmarkedDeep())
            out += "\(name) = \(shown)\n"
        }
        return out
    }

    /// Terraform's `output -json` shape. Values are included even when sensitive, as there.
    static func json(_ outputs: [String: OutputState]) -> String {
        var document: [String: Value] = [:]
        for (name, output) in outputs {
            document[name] = .object([
                "sensitive": .bool(output.isSensitive),
                "type": output.type.jsonValue,
                "value": output.value.unmarkedDeep(),
            ])
        }
        return (try? JSONEncoding.encode(.object(document), pretty: true)) ?? "{}"
    }
}
