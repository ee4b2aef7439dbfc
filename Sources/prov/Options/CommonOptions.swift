import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// Options every command that reads configuration or state takes.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state", withSingleDash: true), help: "Path of the state file, for local state (default: prov.state.db in the working directory).")
    var state: String?

    @Option(name: .customLong("lock", withSingleDash: true), help: "Take the state lock (default true).")
    var lock: Bool = true

    @Option(name: .customLong("lock-timeout", withSingleDash: true), help: "How long to wait for the state lock, e.g. 30s or 5m.")
    var lockTimeout: String = "0s"

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    func lockTimeoutDuration() throws -> Duration {
        guard let duration = DurationSyntax.parse(lockTimeout) else {
            throw ValidationError("Invalid -lock-timeout value \"\(lockTimeout)\": use a duration such as 30s, 5m or 1h.")
        }
        return duration
    }
}

/// Options that shape a plan.
struct PlanningOptions: ParsableArguments {
    @Option(name: .customLong("var", withSingleDash: true), help: "Set a root module input variable: -var 'name=value'.")
    var variables: [String] = []

    @Option(name: .customLong("var-file", withSingleDash: true), help: "Read input variables from a file.")
    var variableFiles: [String] = []

    @Option(name: .customLong("refresh", withSingleDash: true), help: "Read every object's current state before planning (default true).")
    var refresh: Bool = true

    @Option(name: .customLong("target", withSingleDash: true), help: "Plan only this resource, instance or module and what it depends on (repeatable).")
    var targets: [String] = []

    @Option(name: .customLong("exclude", withSingleDash: true), help: "Leave out this resource, instance or module and what depends on it (repeatable).")
    var excludes: [String] = []

    @Option(name: .customLong("replace", withSingleDash: true), help: "Replace this resource instance even if nothing changed (repeatable).")
    var replace: [String] = []

    @Option(name: .customLong("parallelism", withSingleDash: true), help: "At most how many provider operations run at once (default 64). prov starts at 10 and runs more while AWS answers quickly, fewer when it throttles.")
    var parallelism: Int?

    @Option(name: .customLong("input", withSingleDash: true), help: "Ask for missing input (accepted for compatibility; prov never prompts for variables).")
    var input: Bool = true

    @Flag(name: .customLong("compact-warnings", withSingleDash: true), help: "Accepted for compatibility.")
    var compactWarnings = false

    /// `-var` and `-var-file` in the order given, which decides precedence. ArgumentParser
    /// collects them separately, so the order is recovered from the raw arguments.
    func commandLineVariables(rawArguments: [String]) -> [CommandLineVariable] {
        var result: [CommandLineVariable] = []
        var index = 0
        while index < rawArguments.count {
            let argument = rawArguments[index]
            for (prefix, make) in [("-var-file", CommandLineVariable.file), ("-var", CommandLineVariable.assignment)] as [(String, (String) -> CommandLineVariable)] {
                if argument == prefix, index + 1 < rawArguments.count {
                    result.append(make(rawArguments[index + 1]))
                    index += 1
                    break
                }
                if argument.hasPrefix(prefix + "=") {
                    result.append(make(String(argument.dropFirst(prefix.count + 1))))
                    break
                }
            }
            index += 1
        }
        return result
    }
}
