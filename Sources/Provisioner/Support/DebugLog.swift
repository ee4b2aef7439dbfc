import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `PROV_LOG=debug` (or `trace`): a record of what prov sent and received, for finding out why
/// a call failed, written to standard error or to the file `PROV_LOG_PATH` names (created 0600,
/// appended to). Terraform's `TF_LOG` and `TF_LOG_PATH` are honoured too, so a user's habit
/// works.
///
/// Nothing secret reaches it: callers mask credentials and secret-named fields themselves
/// (see `LogRedaction`), and every line passes through a `SecretRedactor` that the engine
/// keeps fed with the run's sensitive values (variables, attributes, outputs).
public final class DebugLog: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.
    public static let shared = DebugLog()

    public enum Level: Int, Comparable, Sendable {
        case error = 1, warn, info, debug, trace

        init?(name: String) {
            switch name.lowercased() {
            case "error": self = .error
            case "warn": self = .warn
            case "info": self = .info
            case "debug": self = .debug
            case "trace", "json": self = .trace
            default: return nil
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    private let lock = NSLock()
    private var level: Level?
    private var descriptor: Int32 = -1
    private var redactor = SecretRedactor()

    init() {}

    /// Reads the level and destination from the environment; returns a problem to show the
    /// user (an unknown level, a file that cannot be opened), or nil.
    @discardableResult
    public func configure(environment: [String: String]) -> String? {
        let name = environment["PROV_LOG"] ?? environment["TF_LOG"]
        let path = environment["PROV_LOG_PATH"] ?? environment["TF_LOG_PATH"]
        guard let name, !name.isEmpty, name.lowercased() != "off" else { return nil }
        guard let level = Level(name: name) else {
            return "PROV_LOG=\(name) is not a log level; use trace, debug, info, warn or error. Logging is off."
        }
        var descriptor = STDERR_FILENO
        if let path, !path.isEmpty {
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                return "PROV_LOG_PATH=\(path) cannot be opened for writing (\(String(cString: strerror(errno)))). Logging is off."
            }
        }
        lock.withLock {
            self.level = level
            self.descriptor = descriptor
        }
        return nil
    }

    /// Whether messages of `level` are written: callers skip building them otherwise.
    public func isEnabled(_ level: Level) -> Bool {
        lock.withLock { self.level.map { level <= $0 } ?? false }
    }

    /// Adds the sensitive values a run has seen to those hidden from every later line.
    public func hide(_ secrets: SecretRedactor) {
        lock.withLock { redactor.formUnion(secrets) }
    }

    /// Writes one entry (which may span lines) if `level` is enabled.
    public func write(_ level: Level, _ subsystem: String, _ message: @autoclosure () -> String) {
        guard isEnabled(level) else { return }
        let text = message()
        lock.withLock {
            let entry = "\(Self.timestamp()) [\(String(describing: level).uppercased())] \(subsystem): \(redactor.redact(text))\n"
            Array(entry.utf8).withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    /// The time since `start`, as phase entries show it ("12.3 ms").
    public static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return String(format: "%.1f ms", milliseconds)
    }

    /// Stops logging (for tests that configured it).
    func reset() {
        lock.withLock {
            if descriptor > STDERR_FILENO { close(descriptor) }
            level = nil
            descriptor = -1
            redactor = SecretRedactor()
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(now.tv_nsec / 1_000_000))
    }
}
