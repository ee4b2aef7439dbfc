import Foundation

/// A `prov` command started in the background, for tests that act while it runs: start a
/// second command against the same state, interrupt it, or answer a prompt on its terminal.
final class RunningProv: @unchecked Sendable {
    // @unchecked: `output` is guarded by `lock`; the process and pipes are only used by the test.
    private let process = Process()
    private let input = Pipe()
    private let lock = NSLock()
    private var output = Data()
    private let reading = DispatchGroup()

    /// Starts `prov arguments` in the process's directory and environment; with `onTerminal`,
    /// under `script` so that it has a terminal (for prompts and a real Ctrl-C).
    init(_ prov: ProvProcess, _ arguments: [String], onTerminal: Bool = false) throws {
        if onTerminal {
            let commandLine = ([ProvProcess.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", commandLine, "/dev/null"]
        } else {
            process.executableURL = URL(fileURLWithPath: ProvProcess.executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: prov.directory)
        process.environment = prov.environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = input
        try process.run()
        reading.enter()
        let handle = pipe.fileHandleForReading
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { output.append(chunk) }
            }
            reading.leave()
        }
    }

    var text: String { lock.withLock { String(decoding: output, as: UTF8.self) } }

    /// Waits until the output contains `phrase`; false if the command ended or `timeout` passed first.
    func waitForOutput(containing phrase: String, timeout: Duration = .seconds(60)) throws -> Bool {
        try poll(timeout: timeout) { text.contains(phrase) }
    }

    /// Sends SIGINT, as Ctrl-C does, to prov itself.
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// Types on the command's terminal (with `onTerminal`): `"\u{03}"` is Ctrl-C.
    func type(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits for the command to end; its exit status and everything it printed.
    func finish() -> (status: Int32, output: String) {
        process.waitUntilExit()
        reading.wait()
        return (process.terminationStatus, text)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Checks `condition` every 200 ms until it holds (true) or `timeout` passes (false): for
/// waiting on another process, which no scripted clock can drive. It blocks its thread rather
/// than suspending, so a busy test pool cannot delay the test's next step past the moment it
/// must happen (the other process's timeouts keep running).
func poll(timeout: Duration, _ condition: () throws -> Bool) throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.2)
    }
    return try condition()
}
