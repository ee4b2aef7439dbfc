import ArgumentParser
import Foundation
import Provisioner
import ResourceGraph

/// `prov init`: checks the configuration can be used by prov and prepares the working directory.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Prepare the working directory: check the configuration's providers and backend.")

    @Flag(name: .customLong("no-color", withSingleDash: true), help: "Do not colour the output.")
    var noColor = false

    @Flag(name: .customLong("upgrade", withSingleDash: true), help: "Accepted for compatibility: providers are built into prov.")
    var upgrade = false

    @Option(name: .customLong("input", withSingleDash: true), help: "Accepted for compatibility.")
    var input: Bool = true

    @Flag(name: .customLong("reconfigure", withSingleDash: true), help: "Use the configured backend as it is now, without moving any state from the backend used before.")
    var reconfigure = false

    @Flag(name: .customLong("migrate-state", withSingleDash: true), help: "Move the state of every workspace from the backend used before to the configured one, keeping lineage and serial.")
    var migrateState = false

    @Flag(name: .customLong("force-copy", withSingleDash: true), help: "As -migrate-state, without asking (prov never asks).")
    var forceCopy = false

    @Option(name: .customLong("backend-config", withSingleDash: true), help: "A backend argument, KEY=VALUE, or a file of them; repeatable, later ones win.")
    var backendConfig: [String] = []

    @Option(name: .customLong("backend", withSingleDash: true), help: "Configure the backend.")
    var backend: Bool = true

    @Option(name: .customLong("lock", withSingleDash: true), help: "Lock the states while moving them.")
    var lock: Bool = true

    @Option(name: .customLong("lock-timeout", withSingleDash: true), help: "How long to wait for a state lock, e.g. 30s or 5m.")
    var lockTimeout: String = "0s"

    func validate() throws {
        if migrateState || forceCopy, reconfigure { throw ValidationError("-migrate-state and -reconfigure cannot be used together.") }
        if DurationSyntax.parse(lockTimeout) == nil { throw ValidationError("Invalid -lock-timeout value \"\(lockTimeout)\": use a duration such as 30s, 5m or 1h.") }
    }

    func run() async throws {
        let terminal = Terminal.detect(noColor: noColor)
        let (configuration, loadDiagnostics) = ConfigurationLoader.load(directory: ".")
        var diagnostics = loadDiagnostics
        if configuration.sources.isEmpty, !diagnostics.hasErrors {
            Console.out(terminal.bold("prov initialized in an empty directory!") + "\n\nThe directory has no prov configuration files. You may begin working with prov immediately by creating prov configuration files.\n")
            return
        }
        Console.out(terminal.bold("Initializing the backend...") + "\n")
        if !diagnostics.hasErrors, backend {
            try FileManager.default.createDirectory(atPath: WorkingDirectory.dataDirectory, withIntermediateDirectories: true)
            let initializer = BackendInitializer(
                backendConfig: backendConfig, migrateState: migrateState || forceCopy, reconfigure: reconfigure,
                lock: lock ? StateLockRequest(operation: "OperationTypeInit", timeout: DurationSyntax.parse(lockTimeout) ?? .zero) : nil,
                terminal: terminal)
            try await initializer.run(configuration)
        }
        Console.out("\n" + terminal.bold("Initializing provider plugins...") + "\n")
        let available = Set(Runtime.plugins.map(\.name))
        for (name, requirement) in configuration.module.terraform.requiredProviders.sorted(by: { $0.key < $1.key }) {
            let source = requirement.source ?? "hashicorp/\(name)"
            if available.contains(name), source.hasSuffix("hashicorp/\(name)") {
                Console.out("- \(source) is built into prov\(requirement.version.map { " (version constraint \($0) ignored)" } ?? "")\n")
            } else {
                diagnostics.error("Unsupported provider", "The configuration requires the provider \(source), which prov does not have. prov has: \(available.sorted().joined(separator: ", ")).", at: configuration.module.terraform.requiredVersionRange)
            }
        }
        if configuration.module.terraform.requiredProviders.isEmpty {
            Console.out("- hashicorp/aws is built into prov\n")
        }
        Runtime.printDiagnostics(diagnostics, sources: configuration.sources, terminal: terminal)
        guard !diagnostics.hasErrors else { throw Runtime.fail() }
        try FileManager.default.createDirectory(atPath: WorkingDirectory.dataDirectory, withIntermediateDirectories: true)
        Console.out("\n" + terminal.paint(terminal.bold("prov has been successfully initialized!"), .green) + "\n\n")
        Console.out("You may now begin working with prov. Try running \"prov plan\" to see any changes that are required for your infrastructure. All prov commands should now work.\n")
    }
}
