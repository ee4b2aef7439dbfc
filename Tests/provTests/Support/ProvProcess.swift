import Foundation
import TestSupport

/// Runs the built `prov` binary, as a user would, and captures what it printed.
struct ProvProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether a signal ended the process (then `status` is the signal's number).
        var signaled = false
        var output: String { stdout + stderr }

        /// Standard error with the diagnostic boxes and line wrapping removed, so assertions
        /// can look for a phrase wherever the renderer broke its lines.
        var messages: String {
            stderr.split(separator: "\n").map { line in
                line.drop { $0 == "│" || $0 == "╷" || $0 == "╵" || $0 == " " }
            }.filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    /// The `prov` executable built beside the test bundle.
    static var executable: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test runner may be inside a .xctest bundle directory.
        while directory.path != "/", !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("prov").path) {
            directory = directory.deletingLastPathComponent()
            if directory.lastPathComponent == ".build" { break }
        }
        let candidate = directory.appendingPathComponent("prov").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return TestSupportFiles.repositoryRoot + "/.build/debug/prov"
    }

    var directory: String
    var environment: [String: String]

    init(directory: String, environment: [String: String] = [:]) {
        self.directory = directory
        // A clean environment: nothing from the developer's AWS setup leaks into the tests.
        var base = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TF_VAR_") && $0.key != "PROV_STATE_PASSPHRASE"
        }
        base["AWS_EC2_METADATA_DISABLED"] = "true"
        // State keys go beside the workspace, not into the developer's ~/.config.
        base["XDG_CONFIG_HOME"] = directory + "-config"
        base["NO_COLOR"] = "1"
        self.environment = base.merging(environment) { _, new in new }
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    /// Runs prov; `started` gets its process id as soon as it runs (to signal it).
    func run(_ arguments: [String], started: ((Int32) throws -> Void)? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try process.run()
        // Read both pipes while the process runs, so a full pipe never blocks it.
        let outData = ReadBuffer(stdout.fileHandleForReading)
        let errData = ReadBuffer(stderr.fileHandleForReading)
        try started?(process.processIdentifier)
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: outData.finish(), stderr: errData.finish(),
            signaled: process.terminationReason == .uncaughtSignal)
    }

    /// A temporary directory holding a copy of an example, or of the given files.
    static func workspace(example: String? = nil, files: [String: String] = [:]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prov-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let example {
            // All of it (configurations read files next to them: templates, deployment
            // packages), but not the state or hidden files of someone who ran it there by hand.
            let source = TestSupportFiles.repositoryRoot + "/Examples/" + example
            for name in try FileManager.default.contentsOfDirectory(atPath: source) where !name.hasPrefix(".") && !name.hasPrefix("prov.state") {
                try FileManager.default.copyItem(atPath: source + "/" + name, toPath: directory + "/" + name)
            }
        }
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }
}

/// Collects a pipe's output on a background thread.
private final class ReadBuffer: @unchecked Sendable {
    // @unchecked: `data` is written by the reader thread and read after `group` is done.
    private var data = Data()
    private let group = DispatchGroup()

    init(_ handle: FileHandle) {
        group.enter()
        DispatchQueue.global().async { [self] in
            data = handle.readDataToEndOfFile()
            group.leave()
        }
    }

    func finish() -> String {
        group.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
