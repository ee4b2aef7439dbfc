import ArgumentParser
import Foundation
import Providers
import Provisioner
import ResourceGraph

/// What every command shares: the normalised arguments, the providers prov has, and how to
/// print diagnostics.
enum Runtime {
    /// The arguments after normalisation, kept for options whose order matters (-var).
    nonisolated(unsafe) static var arguments: [String] = []

    static var plugins: [any ProviderPlugin] { [AWSProvider()] }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Errors go to standard error, warnings to standard output, unless the command's standard
    /// output is data (a graph, JSON) that warnings must not mix into.
    static func printDiagnostics(_ diagnostics: Diagnostics, sources: [String: SourceFile], terminal: Terminal, warningsToStandardError: Bool = false) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(sources: sources, color: terminal.color)
        for diagnostic in diagnostics {
            let text = renderer.render(diagnostic)
            if diagnostic.severity == .error || warningsToStandardError { Console.err("\n" + text) } else { Console.out("\n" + text) }
        }
    }

    /// Fails the command with Terraform's exit code for errors, after the diagnostics were shown.
    static func fail() -> ExitCode { ExitCode(1) }

    /// Keeps a command's large result (a plan of thousands of objects) alive until the process
    /// ends, which is moments away: freeing it value by value would cost more than the
    /// operating system takes to drop the whole process.
    static func keepUntilExit(_ value: some Sendable) {
        _ = Unmanaged.passRetained(ExitRetained(value: value))
    }

    private final class ExitRetained<Value: Sendable>: Sendable {
        let value: Value
        init(value: Value) { self.value = value }
    }
}

/// Installs Ctrl-C handling for a running command: the first interrupt stops new work and lets
/// calls in flight finish (so state records them); the second exits at once.
final class InterruptHandler: @unchecked Sendable {
    // @unchecked: `count` is only touched on the signal source's serial queue.
    private let source: DispatchSourceSignal
    private var count = 0

    init(onFirst: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "prov.interrupt"))
        source.setEventHandler { [unowned self] in
            count += 1
            if count == 1 {
                Console.err("\nInterrupt received.\nPlease wait for prov to exit or data loss may occur.\nGracefully shutting down...\n")
                onFirst()
            } else {
                Console.err("\nTwo interrupts received. Exiting immediately. The operation journal in the state records the calls that were in flight; the next run reconciles them.\n")
                exit(1)
            }
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
