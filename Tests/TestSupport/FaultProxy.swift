import Foundation

/// A proxy between prov and an emulator that injects faults at exact points of a run: kill -9
/// prov after the n-th create call acted, interrupt it (Ctrl-C) with a call in flight, or drop
/// the answers of every k-th create call. See `fault_proxy.py`.
public final class FaultProxy: @unchecked Sendable {
    // @unchecked: the pipes are only used under `lock`.
    public let port: Int
    private let process: Process
    private let input: Pipe
    private let output: FileHandle
    private let lock = NSLock()

    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// What to inject from the next create call on; the counters start again.
    public struct Faults: Sendable {
        public var killAfter: Int?
        /// Kill -9 after the n-th delete call (when destroying).
        public var killAfterDelete: Int?
        public var interruptAfter: Int?
        /// How many SIGINTs the interrupt sends: 1 (graceful stop) or 2 (exit at once).
        public var interrupts: Int
        public var interruptDelayMilliseconds: Int
        public var dropEvery: Int?

        public init(killAfter: Int? = nil, killAfterDelete: Int? = nil, interruptAfter: Int? = nil, interrupts: Int = 1, interruptDelayMilliseconds: Int = 300, dropEvery: Int? = nil) {
            self.killAfter = killAfter
            self.killAfterDelete = killAfterDelete
            self.interruptAfter = interruptAfter
            self.interrupts = interrupts
            self.interruptDelayMilliseconds = interruptDelayMilliseconds
            self.dropEvery = dropEvery
        }

        public static let none = Faults()

        var json: [String: Any] {
            var settings: [String: Any] = ["interrupts": interrupts, "interrupt_delay_ms": interruptDelayMilliseconds]
            if let killAfter { settings["kill_after"] = killAfter }
            if let killAfterDelete { settings["kill_after_delete"] = killAfterDelete }
            if let interruptAfter { settings["interrupt_after"] = interruptAfter }
            if let dropEvery { settings["drop_every"] = dropEvery }
            return settings
        }
    }

    /// What the proxy saw since the faults were last set.
    public struct Stats: Sendable {
        public var creates: Int
        public var killed: Int
        public var interrupted: Int
        /// Calls read from prov that the emulator has not answered yet.
        public var inFlight: Int
        public var dropped: Int
        public var droppedActions: [String]
    }

    public init(target: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestSupportFiles.python, TestSupportFiles.path("fault_proxy.py"), target]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        self.process = process
        self.input = input
        self.output = output.fileHandleForReading
        guard let line = Self.readLine(self.output), let info = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let port = info["port"] as? Int else {
            process.terminate()
            throw TestSupportError("the fault proxy did not start")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Sets the faults to inject; clears the counters.
    @discardableResult
    public func inject(_ faults: Faults) throws -> Stats {
        try command(["configure": faults.json])
    }

    /// Names the prov process to signal.
    public func target(pid: Int32) throws {
        _ = try command(["pid": Int(pid)])
    }

    public func stats() throws -> Stats {
        try command([:])
    }

    /// Waits (up to 10 s) until every call the proxy read has reached the emulator and been
    /// answered. prov killed or interrupted leaves calls behind it (an interrupted one is held
    /// before it is forwarded); they still act, as calls AWS has received do, so whatever
    /// looks at the emulator next must wait for them.
    public func waitUntilNoCallInFlight() throws {
        let deadline = Date().addingTimeInterval(10)
        while try stats().inFlight > 0 {
            guard Date() < deadline else { throw TestSupportError("calls through the fault proxy never reached the emulator") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    private func command(_ object: [String: Any]) throws -> Stats {
        try lock.withLock {
            input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: object) + Data("\n".utf8))
            guard let line = Self.readLine(output), let answer = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TestSupportError("the fault proxy did not answer")
            }
            return Stats(
                creates: answer["creates"] as? Int ?? 0, killed: answer["killed"] as? Int ?? 0,
                interrupted: answer["interrupted"] as? Int ?? 0, inFlight: answer["in_flight"] as? Int ?? 0,
                dropped: answer["dropped"] as? Int ?? 0,
                droppedActions: answer["dropped_actions"] as? [String] ?? [])
        }
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
}
