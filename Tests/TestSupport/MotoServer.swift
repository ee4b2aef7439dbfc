import Foundation

/// A `moto_server` emulator started for the tests on a free loopback port. It stops when `stop()`
/// is called or the test process exits (the launcher watches its stdin).
public final class MotoServer: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; Process and Pipe are only
    // touched again in stop(), which is idempotent under the lock.
    public let port: Int
    public let accessKeyId: String
    public let secretAccessKey: String
    public let enforcesSignatures: Bool
    /// Where the emulator's request recorder writes (see `startRecording`).
    let recordingPath: String
    private let process: Process
    private let stdin: Pipe
    private let lock = NSLock()
    private var stopped = false

    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts a new emulator. With `enforceSignatures`, every request must be signed with
    /// `accessKeyId`/`secretAccessKey` (an IAM user the launcher creates). With
    /// `awsManagedPolicies`, IAM holds AWS's managed policies (`arn:aws:iam::aws:policy/…`), so
    /// they can be attached; loading them costs the emulator about two seconds.
    public static func start(enforceSignatures: Bool = true, awsManagedPolicies: Bool = false) throws -> MotoServer {
        try MotoServer(enforceSignatures: enforceSignatures, awsManagedPolicies: awsManagedPolicies)
    }

    private static let sharedServers = SharedServers()

    /// One emulator per configuration for the whole test process, for tests that only need an
    /// emulator and do not care what else exists in it.
    public static func shared(enforceSignatures: Bool = true) throws -> MotoServer {
        try sharedServers.server(enforceSignatures: enforceSignatures)
    }

    private init(enforceSignatures: Bool, awsManagedPolicies: Bool) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, TestSupportFiles.path("moto_launcher.py")]
            + (enforceSignatures ? ["--enforce-signatures"] : [])
            + (awsManagedPolicies ? ["--aws-managed-policies"] : [])
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        guard let line = Self.readLine(stdout.fileHandleForReading),
              let data = line.data(using: .utf8),
              let info = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let port = info["port"] as? Int,
              let keyId = info["access_key_id"] as? String,
              let secret = info["secret_access_key"] as? String,
              let recordingPath = info["recording_path"] as? String else {
            process.terminate()
            throw TestSupportError("moto_server did not start: is `moto[server]` installed? (pip install 'moto[server]')")
        }
        self.process = process
        self.stdin = stdin
        self.port = port
        self.accessKeyId = keyId
        self.secretAccessKey = secret
        self.enforcesSignatures = enforceSignatures
        self.recordingPath = recordingPath
    }

    private static func readLine(_ handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Environment variables that point an AWS client (prov, or any SDK) at this emulator.
    public var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": accessKeyId,
            "AWS_SECRET_ACCESS_KEY": secretAccessKey,
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    /// A call to make through boto3, the independent oracle. Parameters are JSON-shaped
    /// (strings, numbers, arrays, dictionaries), as boto3 takes them.
    public struct OracleCall: @unchecked Sendable {
        // @unchecked: params holds only JSON-shaped values, which are immutable once built.
        public var service: String
        public var operation: String
        public var params: [String: Any]
        public var region: String

        public init(_ service: String, _ operation: String, _ params: [String: Any] = [:], region: String = "eu-west-1") {
            self.service = service
            self.operation = operation
            self.params = params
            self.region = region
        }
    }

    public enum OracleResult: @unchecked Sendable {
        case ok([String: Any])
        case error(code: String, message: String)

        public var response: [String: Any]? {
            if case .ok(let r) = self { return r }
            return nil
        }
    }

    /// Asks boto3 about the emulator's state: one Python run for all the calls.
    public func oracle(_ calls: [OracleCall]) throws -> [OracleResult] {
        let payload = calls.map { ["service": $0.service, "operation": $0.operation, "params": $0.params, "region": $0.region] as [String: Any] }
        let input = try JSONSerialization.data(withJSONObject: payload)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, TestSupportFiles.path("aws_oracle.py")]
        var environment = ProcessInfo.processInfo.environment
        environment["ORACLE_ENDPOINT"] = endpoint
        environment["ORACLE_ACCESS_KEY_ID"] = accessKeyId
        environment["ORACLE_SECRET_ACCESS_KEY"] = secretAccessKey
        process.environment = environment
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        stdinPipe.fileHandleForWriting.write(input)
        try stdinPipe.fileHandleForWriting.close()
        let output = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        let errors = stderrPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let results = try JSONSerialization.jsonObject(with: output) as? [[String: Any]] else {
            throw TestSupportError("boto3 oracle failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return results.map { result in
            if let ok = result["ok"] as? [String: Any] { return .ok(ok) }
            let error = result["error"] as? [String: Any] ?? [:]
            return .error(code: error["code"] as? String ?? "", message: error["message"] as? String ?? "")
        }
    }

    public func oracle(_ call: OracleCall) throws -> OracleResult {
        try oracle([call])[0]
    }
}

private final class SharedServers: @unchecked Sendable {
    // @unchecked: the dictionary is only touched under the lock.
    private let lock = NSLock()
    private var servers: [Bool: MotoServer] = [:]

    func server(enforceSignatures: Bool) throws -> MotoServer {
        lock.lock()
        defer { lock.unlock() }
        if let existing = servers[enforceSignatures] { return existing }
        let server = try MotoServer.start(enforceSignatures: enforceSignatures)
        servers[enforceSignatures] = server
        return server
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Files that live beside this source file (scripts, fixtures).
public enum TestSupportFiles {
    public static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The Python that has the emulator: `PROV_TEST_PYTHON` (set by `make test`), the
    /// project's `.venv`, or `python3` from the path.
    public static var python: String {
        if let configured = ProcessInfo.processInfo.environment["PROV_TEST_PYTHON"], !configured.isEmpty { return configured }
        let venv = repositoryRoot + "/.venv/bin/python3"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// The repository root, for tests that need the examples.
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}
