import Foundation

/// With PROV_STATE_WRITE_TIMINGS=FILE, every state write transaction appends a line to FILE
/// with the seconds it took, commit included, for `make bench` to measure.
final class StateWriteTimingLog: @unchecked Sendable {
    // @unchecked: the file handle is only used under `lock`.
    static let variable = "PROV_STATE_WRITE_TIMINGS"

    private let lock = NSLock()
    private let handle: FileHandle

    init?(environment: [String: String]) {
        guard let path = environment[Self.variable], !path.isEmpty else { return nil }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return nil }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func record(_ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let line = String(format: "%.9f\n", seconds)
        lock.withLock { handle.write(Data(line.utf8)) }
    }
}
