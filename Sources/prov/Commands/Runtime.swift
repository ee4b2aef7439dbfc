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

/// Ctrl-C while a command holds a state. While changes are being applied, the first interrupt
/// stops new work and lets calls in flight finish (so state records them), and the second
/// exits at once. At any other time (planning, asking for confirmation, editing the state) the
/// first interrupt ends the command. Before exiting, `cleanup` saves the state and releases
/// its lock, waiting for it a bounded time: a remote lock is not released by the process
/// ending, as a local file's is.
final class InterruptHandler: @unchecked Sendable {
    // @unchecked: `count` is only touched on the signal source's serial queue, `stop` under
    // `lock`.
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0
    private var stop: StopSignal?

    /// The longest an interrupted command waits to save its state and release its lock.
    static let cleanupTimeout: DispatchTimeInterval = .seconds(20)

    init(cleanup: @escaping @Sendable () async -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "prov.interrupt"))
        source.setEventHandler { [unowned self] in
            count += 1
            let stop = lock.withLock { self.stop }
            if count == 1, let stop {
                Console.err("\nInterrupt received.\nPlease wait for prov to exit or data loss may occur.\nGracefully shutting down...\n")
                stop.stop()
                return
            }
            if count == 1 {
                Console.err("\nInterrupt received. Saving the state and releasing its lock before exiting...\n")
            } else {
                Console.err("\nTwo interrupts received. Exiting immediately. The operation journal in the state records the calls that were in flight; the next run reconciles them.\n")
            }
            // This queue is not one of the concurrency pool's threads, so it may wait here.
            let done = DispatchSemaphore(value: 0)
            Task {
                await cleanup()
                done.signal()
            }
            _ = done.wait(timeout: .now() + Self.cleanupTimeout)
            exit(1)
        }
        source.resume()
    }

    /// Changes are being applied (with this stop signal), or not (nil).
    func applying(_ stop: StopSignal?) {
        lock.withLock { self.stop = stop }
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
