/// The state database's schema, as named migrations applied once each, in order, each in its own
/// transaction. A new schema change is a new migration appended here, never an edit of an old one.
enum StateMigrations {
    static let all: [(name: String, sql: String)] = [
        ("001_initial", """
            CREATE TABLE meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            CREATE TABLE resources (
                address TEXT PRIMARY KEY,
                module TEXT NOT NULL,
                mode TEXT NOT NULL,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                instance_key TEXT NOT NULL,
                provider TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                attributes TEXT NOT NULL,
                sensitive_paths TEXT NOT NULL,
                dependencies TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('ready', 'tainted')),
                create_before_destroy INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE deposed (
                address TEXT NOT NULL,
                deposed_key TEXT NOT NULL,
                provider TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                attributes TEXT NOT NULL,
                sensitive_paths TEXT NOT NULL,
                dependencies TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (address, deposed_key)
            );
            CREATE TABLE outputs (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                type TEXT NOT NULL,
                sensitive INTEGER NOT NULL
            );
            CREATE TABLE lock (
                singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                id TEXT NOT NULL,
                operation TEXT NOT NULL,
                who TEXT NOT NULL,
                created_at TEXT NOT NULL,
                process_id INTEGER NOT NULL,
                host TEXT NOT NULL
            );
            CREATE TABLE journal (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id TEXT NOT NULL,
                address TEXT NOT NULL,
                action TEXT NOT NULL,
                token TEXT NOT NULL,
                details TEXT NOT NULL,
                started_at TEXT NOT NULL
            );
            """),
        // Sensitive values leave `attributes` and `outputs.value`: `secrets` lists, per object,
        // the keyed digest or the ciphertext kept for each sensitive part instead (see
        // StateStore+Secrets), and `sealed` marks outputs whose value column is a ciphertext.
        ("002_sealed_secrets", """
            ALTER TABLE resources ADD COLUMN secrets TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE deposed ADD COLUMN secrets TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE outputs ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
            """),
    ]

    static func apply(to database: SQLiteDatabase) throws {
        try database.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for migration in all {
            try database.transaction {
                // Checked inside the transaction so two processes opening a new file at once
                // cannot both apply the same migration.
                let applied = try database.query("SELECT 1 FROM migrations WHERE name = ?", [.text(migration.name)])
                guard applied.isEmpty else { return }
                try database.execute(migration.sql)
                try database.query("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", [.text(migration.name), .text(Timestamp.now())])
            }
        }
    }
}
