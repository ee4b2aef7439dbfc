import CSQLite
import Foundation

/// An error from SQLite, with its message and the statement that failed.
public struct SQLiteError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var statement: String?

    public var description: String {
        "SQLite error \(code): \(message)" + (statement.map { " (in \($0.prefix(80)))" } ?? "")
    }

    /// SQLITE_BUSY or SQLITE_LOCKED: another connection holds a lock.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
}

/// A thin layer over one libsqlite3 connection. Not thread-safe by itself: `StateStore`
/// serialises access to it.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String
    /// Prepared statements by their SQL, kept for the connection's life: an apply writes the
    /// same few statements once per change, and preparing costs more than running them.
    private var statements: [String: OpaquePointer] = [:]
    /// Told how long each transaction took, commit included (see `StateStore.timeWrites`).
    var transactionTimer: ((Duration) -> Void)?

    /// Opens (creating if needed, with mode 0600) the database at `path`, in WAL mode.
    init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            // Create the file ourselves so it is private from the first byte: SQLite would use
            // the umask (usually 0644), and its -wal and -shm files copy the database's mode.
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(code: result, message: message, statement: nil)
        }
        sqlite3_busy_timeout(handle, 5_000)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
        // Overwritten and deleted content is zeroed rather than left in free space, so a value
        // that once stood in the file (a state written before secrets were encrypted) is gone
        // once rewritten.
        try execute("PRAGMA secure_delete = ON")
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    private func error(_ code: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), statement: sql)
    }

    /// Runs one or more statements that take no parameters.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>? = nil
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        if result != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw SQLiteError(code: result, message: text, statement: sql)
        }
    }

    /// Runs a statement with parameters, returning every row.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (i, parameter) in parameters.enumerated() {
            let index = Int32(i + 1)
            let bound: Int32
            switch parameter {
            case .null: bound = sqlite3_bind_null(statement, index)
            case .integer(let v): bound = sqlite3_bind_int64(statement, index, v)
            case .text(let v): bound = sqlite3_bind_text(statement, index, v, -1, csqlite_transient())
            case .blob(let v):
                bound = v.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32(v.count), csqlite_transient()) }
            }
            guard bound == SQLITE_OK else { throw error(bound, sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw error(step, sql) }
            let columns = sqlite3_column_count(statement)
            var row: [SQLiteValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_NULL: row.append(.null)
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let bytes = sqlite3_column_blob(statement, column)
                    row.append(.blob(bytes.map { Data(bytes: $0, count: count) } ?? Data()))
                default:
                    row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// The statement for `sql`, prepared once per connection.
    private func prepared(_ sql: String) throws -> OpaquePointer? {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard result == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw error(result, sql)
        }
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction that takes the write lock at once (BEGIN IMMEDIATE), so two
    /// processes never interleave their read-then-write. A throw rolls back and rethrows.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let started = ContinuousClock.now
        try query("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try query("COMMIT")
            transactionTimer?(ContinuousClock.now - started)
            return result
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }
}

enum SQLiteValue: Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob(Data)

    var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    var integer: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }
}
