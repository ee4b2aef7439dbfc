import Foundation

/// Runs a profile's `credential_process` command and reads the credentials it prints:
/// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}`.
///
/// The command runs through `/bin/sh -c`, as the SDKs run it on Unix, on a thread of its own so
/// that waiting for it never holds one of the few cooperative threads. Its standard error goes
/// into the failure message (shortened) because that is where such tools explain themselves;
/// its standard output, which holds the secret, never does.
public struct ProcessCredentialsProvider: AWSCredentialsProvider {
    public let command: String
    public let sourceDescription: String
    private let environment: [String: String]

    public init(command: String, sourceDescription: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.command = command
        self.sourceDescription = sourceDescription
        self.environment = environment
    }

    public func credentials() async throws -> AWSCredentials {
        let (command, environment, source) = (command, environment, sourceDescription)
        let (status, output, errors) = try await Self.runOnOwnThread {
            try Self.run(command, environment: environment)
        }
        guard status == 0 else {
            let detail = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw AWSCredentialsError.invalid(
                source: source,
                reason: "credential_process exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail.prefix(300))"))
        }
        return try TemporaryCredentialsDocument.parseJSON(output, source: source)
    }

    private static func run(_ command: String, environment: [String: String]) throws -> (Int32, Data, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, or a chatty process fills a pipe and
        // never exits. Standard error is drained on a second thread meanwhile.
        let errorData = ErrorCollector()
        let drain = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        drain.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, errorData.wait())
    }

    private static func runOnOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// Standard error of the child process, handed from the thread that drains it.
private final class ErrorCollector: @unchecked Sendable {
    // @unchecked: `data` is only touched under `condition`.
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.withLock {
            data = value
            condition.signal()
        }
    }

    func wait() -> Data {
        condition.withLock {
            while data == nil { condition.wait() }
            return data!
        }
    }
}
