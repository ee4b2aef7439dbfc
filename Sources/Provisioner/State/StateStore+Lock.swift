import Foundation

/// Why the lock could not be taken.
public struct StateLockedError: Error, CustomStringConvertible {
    public var holder: LockInfo
    public var path: String

    public var description: String {
        """
        Error acquiring the state lock: the state at \(path) is locked by another run.
        Lock Info:
          ID:        \(holder.id)
          Operation: \(holder.operation)
          Who:       \(holder.who)
          Created:   \(holder.createdAt)\(holder.processDescription)
        prov acquires a lock for every command that writes or plans, so two runs cannot change the \
        same state at once. Wait for the other run to finish, retry with -lock-timeout=DURATION to \
        wait, or, if no run holds it any more, remove the lock with: prov force-unlock \(holder.id)
        """
    }
}

extension StateStore {
    /// Takes the lock for an operation, waiting up to `timeout` for another holder to release it.
    public func acquireLock(operation: String, timeout: Duration = .zero) async throws -> LockInfo {
        let info = LockInfo(
            id: UUID().uuidString.lowercased(), operation: operation, who: Self.currentUser(),
            createdAt: Timestamp.now(), processID: Int(getpid()), host: ProcessInfo.processInfo.hostName)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var delay = Duration.milliseconds(100)
        while true {
            if let holder = try tryLock(info) {
                guard ContinuousClock.now < deadline else { throw StateLockedError(holder: holder, path: path) }
                try await Task.sleep(for: min(delay, deadline - ContinuousClock.now))
                delay = min(delay * 2, .seconds(2))
                continue
            }
            return info
        }
    }

    /// Inserts our lock row unless one exists; returns the current holder if it does.
    /// A lock left by a run on this machine that no longer exists (killed, crashed) is taken
    /// over, as an operating-system file lock would have been released with its process.
    private func tryLock(_ info: LockInfo) throws -> LockInfo? {
        try synchronized {
            try database.transaction {
                if let holder = try currentLockRow() {
                    guard holder.isAbandoned(on: info.host) else { return holder }
                    try database.query("DELETE FROM lock WHERE id = ?", [.text(holder.id)])
                }
                try database.query(
                    "INSERT INTO lock (singleton, id, operation, who, created_at, process_id, host) VALUES (1, ?, ?, ?, ?, ?, ?)",
                    [.text(info.id), .text(info.operation), .text(info.who), .text(info.createdAt), .integer(Int64(info.processID)), .text(info.host)])
                return nil
            }
        }
    }

    public func releaseLock(_ info: LockInfo) throws {
        try synchronized {
            _ = try database.query("DELETE FROM lock WHERE id = ?", [.text(info.id)])
        }
    }

    /// Removes the lock with this id, whoever holds it. Returns false if no such lock exists.
    @discardableResult
    public func forceUnlock(id: String) throws -> Bool {
        try synchronized {
            guard let holder = try currentLockRow(), holder.id == id else { return false }
            try database.query("DELETE FROM lock WHERE id = ?", [.text(id)])
            return true
        }
    }

    public func currentLock() throws -> LockInfo? {
        try synchronized { try currentLockRow() }
    }

    private func currentLockRow() throws -> LockInfo? {
        let rows = try database.query("SELECT id, operation, who, created_at, process_id, host FROM lock")
        guard let row = rows.first else { return nil }
        return LockInfo(
            id: row[0].text ?? "", operation: row[1].text ?? "", who: row[2].text ?? "", createdAt: row[3].text ?? "",
            processID: Int(row[4].integer ?? 0), host: row[5].text ?? "")
    }

    static func currentUser() -> String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}

extension LockInfo {
    /// The holder's process as a line of lock details; nothing for a lock that does not say
    /// (one Terraform wrote).
    public var processDescription: String {
        processID > 0 ? "\n  Process:   \(processID) on \(host)" : ""
    }

    /// Whether the run that took this lock is known to be gone: it ran on `host` (where process
    /// ids mean something to us) and no process has its id any more. A lock from another
    /// machine, or whose process still exists, is never judged abandoned.
    func isAbandoned(on host: String) -> Bool {
        guard self.host == host, processID > 0, processID != Int(getpid()) else { return false }
        return kill(pid_t(processID), 0) == -1 && errno == ESRCH
    }
}
