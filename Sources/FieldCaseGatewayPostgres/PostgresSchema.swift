/// The gateway's PostgreSQL schema: named migrations, SQL only, never edited once shipped.
enum PostgresSchema {
    static let migrations: [(String, [String])] = [
        (
            "v1 devices, events, cases, changes",
            [
                """
                CREATE TABLE enrollment_tokens (
                    token_hash TEXT PRIMARY KEY, commune_code TEXT NOT NULL, terminal INTEGER,
                    expires_at BIGINT NOT NULL, used_at BIGINT, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE devices (
                    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, commune_code TEXT NOT NULL,
                    terminal INTEGER NOT NULL, unit_code TEXT NOT NULL, last_seq BIGINT NOT NULL DEFAULT 0,
                    enrolled_at BIGINT NOT NULL, last_seen_at BIGINT, revoked_at BIGINT)
                """,
                "CREATE UNIQUE INDEX devices_live_terminal ON devices (commune_code, terminal) WHERE revoked_at IS NULL",
                """
                CREATE TABLE events (
                    device_id TEXT NOT NULL REFERENCES devices (id), seq BIGINT NOT NULL, event_id TEXT NOT NULL,
                    case_code TEXT NOT NULL, kind TEXT NOT NULL, officer TEXT NOT NULL, occurred_at TEXT NOT NULL,
                    payload TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT, received_at BIGINT NOT NULL,
                    PRIMARY KEY (device_id, seq))
                """,
                """
                CREATE TABLE cases (
                    code TEXT PRIMARY KEY, case_id TEXT NOT NULL UNIQUE, commune_code TEXT NOT NULL,
                    device_id TEXT NOT NULL, procedure_code TEXT NOT NULL, status TEXT NOT NULL, document TEXT NOT NULL,
                    received_at TEXT NOT NULL, due_at TEXT NOT NULL, conflict TEXT, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX cases_by_commune ON cases (commune_code, status)",
                """
                CREATE TABLE changes (
                    change BIGINT PRIMARY KEY, commune_code TEXT NOT NULL, device_id TEXT, kind TEXT NOT NULL,
                    case_code TEXT NOT NULL, seq BIGINT, outcome TEXT, status TEXT, reason TEXT, actor TEXT,
                    occurred_at TEXT NOT NULL)
                """,
                "CREATE INDEX changes_by_commune ON changes (commune_code, change)",
                "CREATE TABLE change_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last BIGINT NOT NULL)",
                "INSERT INTO change_counter (id, last) VALUES (1, 0)",
                """
                CREATE TABLE admin_token (
                    id INTEGER PRIMARY KEY CHECK (id = 1), token_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
            ]
        ),
        (
            "v2 seq series, stored answers, dossier clock, conflicts, epoch",
            [
                "ALTER TABLE enrollment_tokens ADD COLUMN device_id TEXT",
                "ALTER TABLE devices ADD COLUMN stream_id TEXT",
                "UPDATE devices SET stream_id = id",
                "ALTER TABLE devices ALTER COLUMN stream_id SET NOT NULL",
                "CREATE INDEX devices_by_stream ON devices (stream_id)",
                "CREATE INDEX devices_by_terminal ON devices (commune_code, terminal, enrolled_at)",
                "ALTER TABLE events ADD COLUMN change BIGINT",
                "ALTER TABLE events ADD COLUMN status_after TEXT",
                "CREATE INDEX events_by_event_id ON events (event_id)",
                "CREATE INDEX changes_by_case ON changes (case_code, change)",
                "ALTER TABLE cases ADD COLUMN paused_since TEXT",
                "ALTER TABLE cases ADD COLUMN finished_at TEXT",
                """
                CREATE TABLE conflicts (
                    id BIGSERIAL PRIMARY KEY, case_code TEXT NOT NULL, device_id TEXT NOT NULL, seq BIGINT NOT NULL,
                    event_id TEXT NOT NULL, reason TEXT NOT NULL, opened_at BIGINT NOT NULL, resolved_at BIGINT,
                    resolved_by TEXT, resolution TEXT, CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)))
                """,
                "CREATE INDEX conflicts_open ON conflicts (case_code) WHERE resolved_at IS NULL",
                """
                INSERT INTO conflicts (case_code, device_id, seq, event_id, reason, opened_at)
                SELECT e.case_code, e.device_id, e.seq, e.event_id, e.reason, e.received_at
                FROM events e JOIN cases c ON c.code = e.case_code
                WHERE c.conflict IS NOT NULL AND e.outcome = 'conflict' ORDER BY e.received_at
                """,
                "CREATE TABLE gateway_meta (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT NOT NULL)",
                "INSERT INTO gateway_meta (id, epoch) VALUES (1, md5(random()::text || clock_timestamp()::text))",
            ]
        ),
        (
            "v3 communes and their unit codes",
            [
                """
                CREATE TABLE communes (
                    code TEXT PRIMARY KEY, unit_code TEXT NOT NULL, registered_at BIGINT NOT NULL,
                    registered_by TEXT NOT NULL)
                """,
                """
                INSERT INTO communes (code, unit_code, registered_at, registered_by)
                SELECT DISTINCT ON (commune_code) commune_code, unit_code, enrolled_at, 'migration'
                FROM devices ORDER BY commune_code, enrolled_at
                """,
            ]
        ),
        (
            "v4 named operators, access log, device usage",
            [
                """
                CREATE TABLE operators (
                    name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
                    role TEXT NOT NULL CHECK (role IN ('admin', 'province', 'viewer')),
                    token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, created_by TEXT NOT NULL,
                    token_created_at BIGINT NOT NULL, disabled_at BIGINT, disabled_by TEXT,
                    CHECK ((disabled_at IS NULL) = (disabled_by IS NULL)))
                """,
                """
                CREATE TABLE operator_communes (
                    operator TEXT NOT NULL REFERENCES operators (name),
                    commune_code TEXT NOT NULL CHECK (length(commune_code) = 5), PRIMARY KEY (operator, commune_code))
                """,
                """
                INSERT INTO operators (name, role, token_hash, created_at, created_by, token_created_at)
                SELECT 'admin', 'admin', token_hash, created_at, 'migration', created_at FROM admin_token
                """,
                "DROP TABLE admin_token",
                """
                CREATE TABLE access_log (
                    id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, operator TEXT NOT NULL, action TEXT NOT NULL,
                    codes TEXT NOT NULL DEFAULT '',
                    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'refused', 'unauthorized', 'failed')),
                    detail TEXT NOT NULL DEFAULT '')
                """,
                "CREATE INDEX access_log_by_operator ON access_log (operator, id)",
                """
                CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$
                """,
                """
                CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log
                FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()
                """,
                """
                CREATE TABLE device_usage (
                    device_id TEXT NOT NULL, day TEXT NOT NULL,
                    requests BIGINT NOT NULL DEFAULT 0 CHECK (requests >= 0),
                    events BIGINT NOT NULL DEFAULT 0 CHECK (events >= 0),
                    bytes BIGINT NOT NULL DEFAULT 0 CHECK (bytes >= 0), PRIMARY KEY (device_id, day))
                """,
                """
                INSERT INTO device_usage (device_id, day, events, bytes)
                SELECT device_id, to_char(to_timestamp(received_at) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'),
                    count(*), sum(octet_length(payload))
                FROM events GROUP BY 1, 2
                """,
            ]
        ),
        (
            "v5 sealing key, desks' audit trails",
            [
                """
                CREATE TABLE sealing_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    private_key BYTEA NOT NULL CHECK (octet_length(private_key) = 32), created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE device_audit (
                    device_id TEXT NOT NULL REFERENCES devices (id), id BIGINT NOT NULL CHECK (id >= 1),
                    at BIGINT NOT NULL, officer TEXT, action TEXT NOT NULL, case_code TEXT, subject TEXT, before TEXT,
                    after TEXT, reason TEXT, hash TEXT NOT NULL CHECK (length(hash) = 64), received_at BIGINT NOT NULL,
                    PRIMARY KEY (device_id, id))
                """,
                """
                CREATE FUNCTION device_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'device_audit is append-only'; END $$
                """,
                """
                CREATE TRIGGER device_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON device_audit
                FOR EACH STATEMENT EXECUTE FUNCTION device_audit_append_only()
                """,
                """
                CREATE TABLE device_audit_breaks (
                    id BIGSERIAL PRIMARY KEY, device_id TEXT NOT NULL REFERENCES devices (id), at BIGINT NOT NULL,
                    detail TEXT NOT NULL)
                """,
            ]
        ),
        (
            "v6 bundle keys, reply key, bundle imports",
            [
                """
                ALTER TABLE devices ADD COLUMN signing_key BYTEA
                    CHECK (signing_key IS NULL OR octet_length(signing_key) = 32)
                """,
                """
                ALTER TABLE devices ADD COLUMN agreement_key BYTEA
                    CHECK (agreement_key IS NULL OR octet_length(agreement_key) = 32)
                """,
                """
                CREATE TABLE reply_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    private_key BYTEA NOT NULL CHECK (octet_length(private_key) = 32), created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE bundle_imports (
                    id BIGSERIAL PRIMARY KEY, sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                    device_id TEXT NOT NULL REFERENCES devices (id), first_seq BIGINT, last_seq BIGINT,
                    items BIGINT NOT NULL CHECK (items >= 0), applied BIGINT NOT NULL CHECK (applied >= 0),
                    duplicates BIGINT NOT NULL CHECK (duplicates >= 0), rejected BIGINT NOT NULL CHECK (rejected >= 0),
                    conflicts BIGINT NOT NULL CHECK (conflicts >= 0), imported_by TEXT NOT NULL,
                    imported_at BIGINT NOT NULL)
                """,
                "CREATE INDEX bundle_imports_by_device ON bundle_imports (device_id, id)",
                """
                CREATE FUNCTION bundle_imports_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'bundle_imports is append-only'; END $$
                """,
                """
                CREATE TRIGGER bundle_imports_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON bundle_imports
                FOR EACH STATEMENT EXECUTE FUNCTION bundle_imports_append_only()
                """,
            ]
        ),
        ("v7 access log client addresses", ["ALTER TABLE access_log ADD COLUMN client TEXT NOT NULL DEFAULT ''"]),
        (
            "v8 rejected events by time",
            ["CREATE INDEX events_rejected ON events (received_at) WHERE outcome = 'rejected'"]
        ),
        (
            "v9 carriers of revoked devices' bundles",
            ["ALTER TABLE devices ADD COLUMN bundle_of TEXT REFERENCES devices (id)"]
        ),
        (
            "v10 the dossier's clock with each change",
            [
                "ALTER TABLE changes ADD COLUMN due_at TEXT", "ALTER TABLE changes ADD COLUMN paused_since TEXT",
                "ALTER TABLE changes ADD COLUMN finished_at TEXT",
            ]
        ),
        ("v11 devices revoked as lost", ["ALTER TABLE devices ADD COLUMN revoked_lost BOOLEAN NOT NULL DEFAULT false"]),
        ("v12 the calendar due dates were counted on", ["ALTER TABLE gateway_meta ADD COLUMN calendar JSONB"]),
        (
            "v13 catalogs a province imported",
            [
                """
                CREATE TABLE catalogs (
                    id BIGSERIAL PRIMARY KEY,
                    version TEXT NOT NULL UNIQUE CHECK (length(version) BETWEEN 1 AND 64),
                    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                    procedures BIGINT NOT NULL CHECK (procedures >= 0), body BYTEA NOT NULL,
                    imported_by TEXT NOT NULL, imported_at BIGINT NOT NULL)
                """,
                """
                CREATE FUNCTION catalogs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'catalogs is append-only'; END $$
                """,
                """
                CREATE TRIGGER catalogs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON catalogs
                FOR EACH STATEMENT EXECUTE FUNCTION catalogs_append_only()
                """,
            ]
        ),
        (
            "v14 scanned pages by address",
            [
                """
                CREATE INDEX events_by_page ON events ((substr(payload, strpos(payload, '"sha256":"') + 10, 64)))
                WHERE kind = 'case.attached' AND outcome = 'applied'
                """
            ]
        ),
        (
            "v15 scanned pages by dossier",
            [
                """
                CREATE INDEX events_pages_by_case ON events (case_code)
                WHERE kind = 'case.attached' AND outcome = 'applied'
                """
            ]
        ),
        (
            "v16 applied events by dossier",
            [
                "CREATE INDEX events_by_case ON events (case_code, kind) WHERE outcome = 'applied'",
                "DROP INDEX events_pages_by_case",
            ]
        ),
    ]
}
