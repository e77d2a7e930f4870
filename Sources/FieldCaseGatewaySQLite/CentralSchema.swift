import FieldCaseGateway
import GRDB

/// The gateway's SQLite schema; named migrations, SQL only, never edited once shipped.
enum CentralSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 devices, events, cases, changes") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2 seq series, stored answers, dossier clock, conflicts, epoch") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3 communes and their unit codes") { db in try db.execute(sql: v3) }
        migrator.registerMigration("v4 named operators, access log, device usage") { db in try db.execute(sql: v4) }
        migrator.registerMigration("v5 sealing key, desks' audit trails") { db in try db.execute(sql: v5) }
        migrator.registerMigration("v6 bundle keys, reply key, bundle imports") { db in try db.execute(sql: v6) }
        migrator.registerMigration("v7 access log client addresses") { db in try db.execute(sql: v7) }
        migrator.registerMigration("v8 rejected events by time") { db in try db.execute(sql: v8) }
        migrator.registerMigration("v9 carriers of revoked devices' bundles") { db in try db.execute(sql: v9) }
        migrator.registerMigration("v10 the dossier's clock with each change") { db in try db.execute(sql: v10) }
        migrator.registerMigration("v11 devices revoked as lost") { db in try db.execute(sql: v11) }
        migrator.registerMigration("v12 the calendar due dates were counted on") { db in try db.execute(sql: v12) }
        migrator.registerMigration("v13 catalogs a province imported") { db in try db.execute(sql: v13) }
        migrator.registerMigration("v14 scanned pages by address") { db in try db.execute(sql: v14) }
        migrator.registerMigration("v15 scanned pages by dossier") { db in try db.execute(sql: v15) }
        migrator.registerMigration("v16 applied events by dossier") { db in try db.execute(sql: v16) }
        return migrator
    }

    static let v1 = """
        CREATE TABLE enrollment_tokens (
            token_hash TEXT PRIMARY KEY,
            commune_code TEXT NOT NULL,
            terminal INTEGER,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            commune_code TEXT NOT NULL,
            terminal INTEGER NOT NULL,
            unit_code TEXT NOT NULL,
            last_seq INTEGER NOT NULL DEFAULT 0,
            enrolled_at INTEGER NOT NULL,
            last_seen_at INTEGER,
            revoked_at INTEGER
        );
        CREATE UNIQUE INDEX devices_live_terminal ON devices(commune_code, terminal) WHERE revoked_at IS NULL;
        CREATE TABLE events (
            device_id TEXT NOT NULL REFERENCES devices(id),
            seq INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            case_code TEXT NOT NULL,
            kind TEXT NOT NULL,
            officer TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (device_id, seq)
        );
        CREATE TABLE cases (
            code TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE,
            commune_code TEXT NOT NULL,
            device_id TEXT NOT NULL,
            procedure_code TEXT NOT NULL,
            status TEXT NOT NULL,
            document TEXT NOT NULL,
            received_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            conflict TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX cases_by_commune ON cases(commune_code, status);
        CREATE TABLE changes (
            change INTEGER PRIMARY KEY AUTOINCREMENT,
            commune_code TEXT NOT NULL,
            device_id TEXT,
            kind TEXT NOT NULL,
            case_code TEXT NOT NULL,
            seq INTEGER,
            outcome TEXT,
            status TEXT,
            reason TEXT,
            actor TEXT,
            occurred_at TEXT NOT NULL
        );
        CREATE INDEX changes_by_commune ON changes(commune_code, change);
        CREATE TABLE admin_token (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            token_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        """

    /// A device that replaces a revoked one continues its seq series (`stream_id`); every event keeps the
    /// answer it was given (`change`, `status_after`) so a replay gets it again; the dossier's clock moves on
    /// the gateway; conflicts stay open in their own table until resolved; `epoch` names this history.
    static let v2 = """
        ALTER TABLE enrollment_tokens ADD COLUMN device_id TEXT;
        ALTER TABLE devices ADD COLUMN stream_id TEXT;
        UPDATE devices SET stream_id = id;
        CREATE INDEX devices_by_stream ON devices(stream_id);
        CREATE INDEX devices_by_terminal ON devices(commune_code, terminal, enrolled_at);
        ALTER TABLE events ADD COLUMN change INTEGER;
        ALTER TABLE events ADD COLUMN status_after TEXT;
        CREATE INDEX events_by_event_id ON events(event_id);
        CREATE INDEX changes_by_case ON changes(case_code, change);
        ALTER TABLE cases ADD COLUMN paused_since TEXT;
        ALTER TABLE cases ADD COLUMN finished_at TEXT;
        CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_code TEXT NOT NULL,
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            resolved_at INTEGER,
            resolved_by TEXT,
            resolution TEXT,
            CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
        );
        CREATE INDEX conflicts_open ON conflicts(case_code) WHERE resolved_at IS NULL;
        INSERT INTO conflicts (case_code, device_id, seq, event_id, reason, opened_at)
        SELECT e.case_code, e.device_id, e.seq, e.event_id, e.reason, e.received_at
        FROM events e JOIN cases c ON c.code = e.case_code
        WHERE c.conflict IS NOT NULL AND e.outcome = 'conflict' ORDER BY e.received_at;
        CREATE TABLE gateway_meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            epoch TEXT NOT NULL
        );
        INSERT INTO gateway_meta (id, epoch) VALUES (1, lower(hex(randomblob(16))));
        """

    /// The unit code a commune's dossier codes start with is an operator's registration, not a device's claim;
    /// communes with devices keep the unit code their first device brought.
    static let v3 = """
        CREATE TABLE communes (
            code TEXT PRIMARY KEY,
            unit_code TEXT NOT NULL,
            registered_at INTEGER NOT NULL,
            registered_by TEXT NOT NULL
        );
        INSERT INTO communes (code, unit_code, registered_at, registered_by)
        SELECT d.commune_code, d.unit_code, d.enrolled_at, 'migration' FROM devices d
        WHERE d.rowid = (SELECT MIN(rowid) FROM devices WHERE commune_code = d.commune_code);
        """

    /// Named operators replace the shared admin token (which becomes the operator `admin`); every operator
    /// action and read is in an append-only access log; each device's requests, events and bytes are counted
    /// per day for quotas. Existing events are counted on the day they arrived.
    static let v4 = """
        CREATE TABLE operators (
            name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
            role TEXT NOT NULL CHECK (role IN ('admin', 'province', 'viewer')),
            token_hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            token_created_at INTEGER NOT NULL,
            disabled_at INTEGER,
            disabled_by TEXT,
            CHECK ((disabled_at IS NULL) = (disabled_by IS NULL))
        );
        CREATE TABLE operator_communes (
            operator TEXT NOT NULL REFERENCES operators (name),
            commune_code TEXT NOT NULL CHECK (length(commune_code) = 5),
            PRIMARY KEY (operator, commune_code)
        );
        INSERT INTO operators (name, role, token_hash, created_at, created_by, token_created_at)
        SELECT 'admin', 'admin', token_hash, created_at, 'migration', created_at FROM admin_token;
        DROP TABLE admin_token;
        CREATE TABLE access_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            codes TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'refused', 'unauthorized', 'failed')),
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX access_log_by_operator ON access_log (operator, id);
        CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
        CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
        CREATE TABLE device_usage (
            device_id TEXT NOT NULL,
            day TEXT NOT NULL,
            requests INTEGER NOT NULL DEFAULT 0 CHECK (requests >= 0),
            events INTEGER NOT NULL DEFAULT 0 CHECK (events >= 0),
            bytes INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
            PRIMARY KEY (device_id, day)
        );
        INSERT INTO device_usage (device_id, day, events, bytes)
        SELECT device_id, date(received_at, 'unixepoch', '+7 hours'), count(*), sum(length(CAST(payload AS BLOB)))
        FROM events GROUP BY 1, 2;
        """

    /// The key desks seal their outbox to (one per gateway database, so every gateway process opens what any
    /// desk sealed), and each desk's chained audit trail as received, with the breaks found in it.
    static let v5 = """
        CREATE TABLE sealing_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL CHECK (length(private_key) = 32),
            created_at INTEGER NOT NULL
        );
        CREATE TABLE device_audit (
            device_id TEXT NOT NULL REFERENCES devices(id),
            id INTEGER NOT NULL CHECK (id >= 1),
            at INTEGER NOT NULL,
            officer TEXT,
            action TEXT NOT NULL,
            case_code TEXT,
            subject TEXT,
            before TEXT,
            after TEXT,
            reason TEXT,
            hash TEXT NOT NULL CHECK (length(hash) = 64),
            received_at INTEGER NOT NULL,
            PRIMARY KEY (device_id, id)
        );
        CREATE TRIGGER device_audit_append_only_update BEFORE UPDATE ON device_audit
            BEGIN SELECT RAISE(ABORT, 'device_audit is append-only'); END;
        CREATE TRIGGER device_audit_append_only_delete BEFORE DELETE ON device_audit
            BEGIN SELECT RAISE(ABORT, 'device_audit is append-only'); END;
        CREATE TABLE device_audit_breaks (
            id INTEGER PRIMARY KEY,
            device_id TEXT NOT NULL REFERENCES devices(id),
            at INTEGER NOT NULL,
            detail TEXT NOT NULL
        );
        """

    /// Sync by carried media: each device's bundle keys (registered once over its authenticated link), the
    /// gateway's key that signs replies, and every bundle an operator imported (append-only).
    static let v6 = """
        ALTER TABLE devices ADD COLUMN signing_key BLOB CHECK (signing_key IS NULL OR length(signing_key) = 32);
        ALTER TABLE devices ADD COLUMN agreement_key BLOB
            CHECK (agreement_key IS NULL OR length(agreement_key) = 32);
        CREATE TABLE reply_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            private_key BLOB NOT NULL CHECK (length(private_key) = 32),
            created_at INTEGER NOT NULL
        );
        CREATE TABLE bundle_imports (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            device_id TEXT NOT NULL REFERENCES devices(id),
            first_seq INTEGER,
            last_seq INTEGER,
            items INTEGER NOT NULL CHECK (items >= 0),
            applied INTEGER NOT NULL CHECK (applied >= 0),
            duplicates INTEGER NOT NULL CHECK (duplicates >= 0),
            rejected INTEGER NOT NULL CHECK (rejected >= 0),
            conflicts INTEGER NOT NULL CHECK (conflicts >= 0),
            imported_by TEXT NOT NULL,
            imported_at INTEGER NOT NULL
        );
        CREATE INDEX bundle_imports_by_device ON bundle_imports(device_id, id);
        CREATE TRIGGER bundle_imports_append_only_update BEFORE UPDATE ON bundle_imports
            BEGIN SELECT RAISE(ABORT, 'bundle_imports is append-only'); END;
        CREATE TRIGGER bundle_imports_append_only_delete BEFORE DELETE ON bundle_imports
            BEGIN SELECT RAISE(ABORT, 'bundle_imports is append-only'); END;
        """

    /// Where each logged request came from (an address, `host` for commands on the gateway host), so a rogue
    /// enrollment or operator request can be traced; lines written before say nothing.
    static let v7 = """
        ALTER TABLE access_log ADD COLUMN client TEXT NOT NULL DEFAULT '';
        """

    /// `rejections` reads the few rejected events among millions, newest first.
    static let v8 = """
        CREATE INDEX events_rejected ON events(received_at) WHERE outcome = 'rejected';
        """

    /// A carrier holds the events of a revoked device's bundle that an operator took for the terminal's new
    /// device: a series of its own (the new desk's numbers stay its own), never enrolled, never a predecessor.
    static let v9 = """
        ALTER TABLE devices ADD COLUMN bundle_of TEXT REFERENCES devices(id);
        """

    /// Each change keeps the dossier's clock after it, so a desk learns the central due date and pause with the
    /// status (a replay included) instead of computing its own with another catalog, calendar or clock.
    static let v10 = """
        ALTER TABLE changes ADD COLUMN due_at TEXT;
        ALTER TABLE changes ADD COLUMN paused_since TEXT;
        ALTER TABLE changes ADD COLUMN finished_at TEXT;
        """

    /// A device revoked because its laptop was lost or stolen: its bundles are never taken for a successor (whoever
    /// holds the laptop can still sign them).
    static let v11 = """
        ALTER TABLE devices ADD COLUMN revoked_lost INTEGER NOT NULL DEFAULT 0 CHECK (revoked_lost IN (0, 1));
        """

    /// The working calendar (JSON) open dossiers' due dates were last counted on (`adoptCalendar`).
    static let v12 = """
        ALTER TABLE gateway_meta ADD COLUMN calendar TEXT CHECK (calendar IS NULL OR json_valid(calendar));
        """

    /// Catalog files a province imported, kept whole and never changed: the newest is what desks are served.
    static let v13 = """
        CREATE TABLE catalogs (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL UNIQUE CHECK (length(version) BETWEEN 1 AND 64),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            procedures INTEGER NOT NULL CHECK (procedures >= 0),
            body BLOB NOT NULL,
            imported_by TEXT NOT NULL,
            imported_at INTEGER NOT NULL
        );
        CREATE TRIGGER catalogs_append_only_update BEFORE UPDATE ON catalogs
        BEGIN SELECT RAISE(ABORT, 'catalogs is append-only'); END;
        CREATE TRIGGER catalogs_append_only_delete BEFORE DELETE ON catalogs
        BEGIN SELECT RAISE(ABORT, 'catalogs is append-only'); END;
        """

    /// The applied `case.attached` events by the page's address in their payload (the expression of
    /// `SharedStatements.pageAddress`, written out: a migration's text never changes).
    static let v14 = """
        CREATE INDEX events_by_page ON events (substr(payload, instr(payload, '"sha256":"') + 10, 64))
        WHERE kind = 'case.attached' AND outcome = 'applied';
        """

    /// The applied `case.attached` events by dossier: a dossier's pages (`page list`, the admin listing) are
    /// found without reading every page event of the province.
    static let v15 = """
        CREATE INDEX events_pages_by_case ON events (case_code) WHERE kind = 'case.attached' AND outcome = 'applied';
        """

    /// A dossier's applied events by kind: the provincial export reads the dossiers it tells whole, intake, moves
    /// and pages, without reading every event of the province. It answers a dossier's pages too, so v15's index
    /// goes (one index less to write with every event).
    static let v16 = """
        CREATE INDEX events_by_case ON events (case_code, kind) WHERE outcome = 'applied';
        DROP INDEX events_pages_by_case;
        """
}
