import GRDB

/// The local schema, one named migration per shipped change.
///
/// Migrations are SQL only and never edited once shipped: a device in the field may be
/// at any of them. Append a new migration instead.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 profile, officers, catalog, cases, events, outbox") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2 drafts of guided entries") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3 enrollment, pull cursor, central updates") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4 send order, audit trail, settings, discarded cases") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5 wire counter, central status per case, epoch, divergence") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6 certificate authority of the central system") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7 personal data sealed, key wraps, blind index, chained audit trail") { db in
            try db.execute(sql: v7)
            // SQLite has no SHA-256: the entries written before this release are chained here, once, in the
            // migration's own transaction; every later entry is chained as it is written.
            try FieldCaseStore.chainUnchainedAudit(db)
            try db.execute(sql: v7Triggers)
        }
        // GRDB runs each migration with foreign keys off and checks them before it commits: the tables are
        // rebuilt in SQLite's documented order (create new, copy, drop old, rename, recreate indexes and
        // triggers) without a dangling reference in between.
        migrator.registerMigration("v8 enumerated columns checked by SQLite") { db in
            try db.execute(sql: v8Tables)
            try copyChecked(db, from: "cases", key: "code", columns: casesColumns)
            try copyChecked(
                db, from: "case_events", key: "seq",
                columns: "seq, event_id, case_id, kind, payload, officer_id, occurred_at, sealed")
            try db.execute(sql: v8Finish)
        }
        migrator.registerMigration("v9 bundle keys, carried bundles") { db in
            try db.execute(sql: v9)
        }
        migrator.registerMigration("v10 inbox key for words the central system sends") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11 retired data keys") { db in
            try db.execute(sql: v11)
        }
        migrator.registerMigration("v12 the central clock of a dossier") { db in
            try db.execute(sql: v12)
        }
        migrator.registerMigration("v13 the current data key's id") { db in
            try db.execute(sql: v13)
        }
        migrator.registerMigration("v14 a re-key owed after a restore") { db in
            try db.execute(sql: v14)
        }
        migrator.registerMigration("v15 one outbox key for many payloads") { db in
            try db.execute(sql: v15)
        }
        migrator.registerMigration("v16 the years a catalog's calendar confirms") { db in
            try db.execute(sql: v16)
        }
        migrator.registerMigration("v17 procedures with their fields, fee rules, hours and provincial codes") { db in
            try db.execute(sql: v17)
        }
        migrator.registerMigration("v18 the catalog's format, procedures in clock hours") { db in
            try db.execute(sql: v18)
        }
        migrator.registerMigration("v19 the catalog's satisfaction survey") { db in
            try db.execute(sql: v19)
        }
        migrator.registerMigration("v20 scanned pages, sent after their dossiers") { db in
            try db.execute(sql: v20)
        }
        return migrator
    }

    static let v1 = """
        CREATE TABLE profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            device_id TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            unit_code TEXT NOT NULL,
            terminal INTEGER NOT NULL CHECK (terminal BETWEEN 1 AND 9),
            created_at INTEGER NOT NULL
        );

        CREATE TABLE officers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor')),
            pin_hash BLOB,
            pin_salt BLOB,
            pin_rounds INTEGER,
            disabled INTEGER NOT NULL DEFAULT 0,
            failed_pins INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE catalog_meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version TEXT NOT NULL,
            working_weekdays TEXT NOT NULL,
            same_day_cutoff INTEGER NOT NULL
        );
        CREATE TABLE procedures (
            code TEXT PRIMARY KEY,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            processing_kind TEXT NOT NULL CHECK (processing_kind IN ('same_day', 'working_days', 'calendar_days')),
            processing_days INTEGER,
            fee INTEGER,
            documents TEXT NOT NULL
        );
        CREATE TABLE communes (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            province_code TEXT NOT NULL,
            province_name TEXT NOT NULL
        );
        CREATE TABLE birth_provinces (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE office_periods (
            opens INTEGER NOT NULL,
            closes INTEGER NOT NULL,
            CHECK (opens < closes)
        );
        CREATE TABLE calendar_days (
            date TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('holiday', 'makeup')),
            name TEXT NOT NULL
        );

        CREATE TABLE code_sequences (
            date TEXT PRIMARY KEY,
            last INTEGER NOT NULL
        );

        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            procedure_code TEXT NOT NULL,
            channel TEXT NOT NULL,
            applicant_name TEXT NOT NULL,
            id_type TEXT NOT NULL,
            id_number TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            gender TEXT NOT NULL,
            phone TEXT,
            address TEXT,
            summary TEXT,
            documents TEXT NOT NULL,
            fee INTEGER NOT NULL,
            paid INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            paused_since INTEGER,
            finished_at INTEGER,
            status TEXT NOT NULL,
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX cases_by_status ON cases(status, due_at);
        CREATE INDEX cases_by_id_number ON cases(id_number);
        CREATE INDEX cases_by_phone ON cases(phone);
        CREATE INDEX cases_by_received ON cases(received_at);
        CREATE VIRTUAL TABLE case_search USING fts5(key, tokenize = 'unicode61 remove_diacritics 0');

        CREATE TABLE case_events (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            occurred_at INTEGER NOT NULL
        );
        CREATE INDEX case_events_by_case ON case_events(case_id, seq);
        CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
        CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY REFERENCES case_events(seq),
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'held', 'synced', 'rejected', 'conflict', 'discarded')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            enqueued_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_by_state ON outbox(state, seq);
        CREATE TRIGGER outbox_never_deleted BEFORE DELETE ON outbox
            BEGIN SELECT RAISE(ABORT, 'outbox rows are never deleted'); END;
        """

    /// Drafts hold a guided entry's answers so far; they never reach the outbox.
    static let v2 = """
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            officer_id INTEGER REFERENCES officers(id),
            answers TEXT NOT NULL,
            next_question TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        """

    /// What sync needs: the enrollment, the pull cursor, and the updates the central system sent down.
    static let v3 = """
        CREATE TABLE sync_config (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            central_url TEXT NOT NULL,
            central_device_id TEXT NOT NULL,
            device_token TEXT NOT NULL,
            pull_cursor INTEGER NOT NULL DEFAULT 0,
            last_sync_at INTEGER,
            enrolled_at INTEGER NOT NULL
        );
        CREATE TABLE central_updates (
            change INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            case_code TEXT NOT NULL,
            seq INTEGER,
            outcome TEXT,
            status TEXT,
            reason TEXT,
            actor TEXT,
            occurred_at TEXT NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX central_updates_by_case ON central_updates(case_code, change);
        CREATE TRIGGER central_updates_append_only_update BEFORE UPDATE ON central_updates
            BEGIN SELECT RAISE(ABORT, 'central_updates is append-only'); END;
        CREATE TRIGGER central_updates_append_only_delete BEFORE DELETE ON central_updates
            BEGIN SELECT RAISE(ABORT, 'central_updates is append-only'); END;
        """

    /// Supervisors' review. `wire_seq` is the gap-free number an item gets when it first leaves the
    /// device: held items are skipped without leaving a gap the gateway would wait on. Items sent
    /// before v4 went out under their event seq, so they keep it.
    ///
    /// The audit trail is append-only like the events; it starts with the events already recorded.
    static let v4 = """
        ALTER TABLE outbox ADD COLUMN wire_seq INTEGER;
        UPDATE outbox SET wire_seq = seq;
        CREATE UNIQUE INDEX outbox_by_wire_seq ON outbox(wire_seq);
        CREATE INDEX outbox_pending_age ON outbox(enqueued_at) WHERE state = 'pending';

        ALTER TABLE cases ADD COLUMN discarded_at INTEGER;
        CREATE INDEX cases_discarded ON cases(discarded_at) WHERE discarded_at IS NOT NULL;

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            device_id TEXT NOT NULL,
            officer_id INTEGER REFERENCES officers(id),
            action TEXT NOT NULL,
            case_code TEXT,
            subject TEXT,
            before TEXT,
            after TEXT,
            reason TEXT
        );
        CREATE INDEX audit_by_case ON audit_log(case_code, id);
        CREATE INDEX audit_by_officer ON audit_log(officer_id, id);
        CREATE INDEX audit_by_time ON audit_log(at, id);
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

        INSERT INTO audit_log (at, device_id, officer_id, action, case_code, subject, before, after, reason)
        SELECT e.occurred_at, p.device_id, e.officer_id, e.kind, c.code, 'event ' || e.seq,
            CASE e.kind WHEN 'case.status_changed' THEN json_object('status', json_extract(e.payload, '$.from')) END,
            CASE e.kind
                WHEN 'case.created' THEN json_object('status', 'received',
                    'procedure', json_extract(e.payload, '$.procedure_code'))
                WHEN 'case.status_changed' THEN json_object('status', json_extract(e.payload, '$.to'))
            END,
            CASE e.kind WHEN 'case.status_changed' THEN json_extract(e.payload, '$.reason') END
        FROM case_events e JOIN cases c ON c.id = e.case_id JOIN profile p ON p.id = 1
        ORDER BY e.seq;
        """

    /// Wire numbers come from a counter that only goes up (a retried newest item never reuses its number);
    /// each case remembers the newest central change it applied, so an older provincial update never
    /// overwrites a newer state; the enrollment remembers the gateway's epoch, a refused numbering, and that a
    /// new identity must ask the central system what it holds before it sends anything. `change_offset` keeps
    /// the change numbers the desk stores rising across gateway histories (a restored central numbers anew).
    static let v5 = """
        CREATE TABLE wire_counter (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last INTEGER NOT NULL CHECK (last >= 0)
        );
        INSERT INTO wire_counter (id, last) SELECT 1, IFNULL(MAX(wire_seq), 0) FROM outbox;
        ALTER TABLE cases ADD COLUMN central_change INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN central_status TEXT;
        ALTER TABLE sync_config ADD COLUMN central_epoch TEXT;
        ALTER TABLE sync_config ADD COLUMN diverged TEXT;
        ALTER TABLE sync_config ADD COLUMN reconcile_needed INTEGER NOT NULL DEFAULT 0 CHECK (reconcile_needed IN (0, 1));
        ALTER TABLE sync_config ADD COLUMN change_offset INTEGER NOT NULL DEFAULT 0 CHECK (change_offset >= 0);
        """

    /// A province that runs its own certificate authority gives the desk its certificate at enrollment: the
    /// desk then trusts that CA, besides the system's, for the central system's HTTPS.
    static let v6 = """
        ALTER TABLE sync_config ADD COLUMN central_ca TEXT;
        """

    /// Citizens' data at rest. Personal fields, event payloads and drafts move into `sealed` columns under the
    /// home's data key once a supervisor signs in (`keyring` exists from then on); the clear search table and
    /// the indexes on ID numbers and phones go, replaced by keyed tokens. Each officer's key wrap is also
    /// their PIN check; the lock is counted on the boot clock. The outbox keeps each item sealed to the
    /// central system's key; the device token is sealed to this machine. Audit entries carry a hash chain.
    static let v7 = """
        ALTER TABLE officers ADD COLUMN key_wrap TEXT;
        ALTER TABLE officers ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1));
        ALTER TABLE officers ADD COLUMN lock_boot_id TEXT;
        ALTER TABLE officers ADD COLUMN lock_boot_at INTEGER;
        CREATE TABLE keyring (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            recovery_wrap TEXT NOT NULL,
            purged INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1)),
            created_at INTEGER NOT NULL
        );
        ALTER TABLE cases ADD COLUMN sealed BLOB;
        DROP INDEX cases_by_id_number;
        DROP INDEX cases_by_phone;
        DROP TABLE case_search;
        CREATE TABLE case_tokens (
            token BLOB NOT NULL,
            case_id TEXT NOT NULL REFERENCES cases(id),
            PRIMARY KEY (token, case_id)
        ) WITHOUT ROWID;
        ALTER TABLE case_events ADD COLUMN sealed BLOB;
        ALTER TABLE drafts ADD COLUMN sealed BLOB;
        ALTER TABLE outbox ADD COLUMN sealed TEXT;
        ALTER TABLE sync_config ADD COLUMN sealing_key BLOB;
        ALTER TABLE sync_config ADD COLUMN token_sealed BLOB;
        ALTER TABLE sync_config ADD COLUMN audit_sent INTEGER NOT NULL DEFAULT 0 CHECK (audit_sent >= 0);
        DROP TRIGGER audit_log_append_only_update;
        ALTER TABLE audit_log ADD COLUMN hash TEXT;
        """

    /// After the chain is filled in: entries are append-only again, and every new one must carry its hash.
    static let v7Triggers = """
        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_hash_required BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL
            BEGIN SELECT RAISE(ABORT, 'audit_log entries are chained'); END;
        """

    /// Statuses, channels, ID types, genders, event kinds, fees, flags, the types of times and the documents'
    /// JSON are checked by SQLite itself: a value no version writes cannot be stored, whatever writes it.
    /// Gender is blank in a sealed row (its value is in the sealed applicant).
    static let v8Tables = """
        CREATE TABLE cases_checked (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            procedure_code TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('in_person', 'postal')),
            applicant_name TEXT NOT NULL,
            id_type TEXT NOT NULL CHECK (id_type IN ('cccd', 'passport', 'other')),
            id_number TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            gender TEXT NOT NULL CHECK (gender IN ('male', 'female', '')),
            phone TEXT,
            address TEXT,
            summary TEXT,
            documents TEXT NOT NULL CHECK (json_valid(documents)),
            fee INTEGER NOT NULL CHECK (typeof(fee) = 'integer' AND fee BETWEEN 0 AND 1000000000),
            paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
            received_at INTEGER NOT NULL CHECK (typeof(received_at) = 'integer'),
            due_at INTEGER NOT NULL CHECK (typeof(due_at) = 'integer'),
            paused_since INTEGER CHECK (paused_since IS NULL OR typeof(paused_since) = 'integer'),
            finished_at INTEGER CHECK (finished_at IS NULL OR typeof(finished_at) = 'integer'),
            status TEXT NOT NULL CHECK (status IN (\(statuses))),
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            updated_at INTEGER NOT NULL CHECK (typeof(updated_at) = 'integer'),
            discarded_at INTEGER CHECK (discarded_at IS NULL OR typeof(discarded_at) = 'integer'),
            central_change INTEGER NOT NULL DEFAULT 0 CHECK (central_change >= 0),
            central_status TEXT CHECK (central_status IS NULL OR central_status IN (\(statuses))),
            sealed BLOB
        );

        CREATE TABLE case_events_checked (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL CHECK (kind IN ('case.created', 'case.status_changed')),
            payload TEXT NOT NULL CHECK (typeof(payload) = 'text'),
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            occurred_at INTEGER NOT NULL CHECK (typeof(occurred_at) = 'integer'),
            sealed BLOB
        );
        """

    /// After the rows were copied into the checked tables: the old ones go, the new ones take their names,
    /// indexes and triggers.
    static let v8Finish = """
        DROP TABLE cases;
        ALTER TABLE cases_checked RENAME TO cases;
        CREATE INDEX cases_by_status ON cases(status, due_at);
        CREATE INDEX cases_by_received ON cases(received_at);
        CREATE INDEX cases_discarded ON cases(discarded_at) WHERE discarded_at IS NOT NULL;

        DROP TABLE case_events;
        ALTER TABLE case_events_checked RENAME TO case_events;
        CREATE INDEX case_events_by_case ON case_events(case_id, seq);
        CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
        CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
        """

    /// The statuses of the national lifecycle, as SQL literals; written out once here so the migration's
    /// text never changes (a status added later comes with its own migration).
    private static let statuses = """
        'received', 'refused', 'processing', 'supplement_requested', 'payment_requested', 'withdrawn', 'stopped', \
        'resolved', 'returned'
        """

    static let casesColumns = """
        id, code, procedure_code, channel, applicant_name, id_type, id_number, date_of_birth, gender, phone, address,
        summary, documents, fee, paid, received_at, due_at, paused_since, finished_at, status, officer_id, updated_at,
        discarded_at, central_change, central_status, sealed
        """

    /// Copies `table` into `table_checked`. A row the checks refuse (a damaged home) stops the migration with
    /// a `CorruptRow` naming it and the column, found by copying row by row once the bulk copy failed;
    /// nothing is changed, and the home stays at the version before.
    static func copyChecked(_ db: Database, from table: String, key: String, columns: String) throws {
        let copy = "INSERT INTO \(table)_checked (\(columns)) SELECT \(columns) FROM \(table)"
        do {
            try db.execute(sql: copy)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            for row in try String.fetchAll(db, sql: "SELECT CAST(\(key) AS TEXT) FROM \(table)") {
                do {
                    try db.execute(sql: copy + " WHERE \(key) = ?", arguments: [row])
                } catch let refused as DatabaseError where refused.resultCode == .SQLITE_CONSTRAINT {
                    throw CorruptRow(table: table, key: row, column: column(in: refused.message ?? "", of: columns))
                }
            }
            throw error
        }
    }

    /// The column a failed CHECK is about: SQLite quotes the check's expression, whose first column name
    /// (alone or inside a function: `typeof(fee)`, `json_valid(documents)`) is the one checked.
    static func column(in message: String, of columns: String) -> String {
        let names = Set(columns.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init))
        let expression = message.components(separatedBy: "failed: ").last ?? message
        let words = expression.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
        return words.first(where: names.contains) ?? "unknown"
    }

    /// Sync by carried media: the desk's bundle keys (sealed to this machine, as the token is), the gateway's
    /// key that signs replies, and every bundle written, until its reply comes back.
    static let v9 = """
        ALTER TABLE sync_config ADD COLUMN bundle_keys_sealed BLOB;
        ALTER TABLE sync_config ADD COLUMN reply_key BLOB CHECK (reply_key IS NULL OR length(reply_key) = 32);
        CREATE TABLE bundles (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            file_name TEXT NOT NULL,
            device_id TEXT NOT NULL,
            first_seq INTEGER,
            last_seq INTEGER,
            items INTEGER NOT NULL CHECK (items >= 0),
            exported_at INTEGER NOT NULL,
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            answered_at INTEGER,
            CHECK ((first_seq IS NULL) = (last_seq IS NULL) AND (first_seq IS NULL OR first_seq <= last_seq))
        );
        CREATE INDEX bundles_unanswered ON bundles(exported_at) WHERE answered_at IS NULL;
        """

    /// The desk's inbox key (`FieldCaseStore+Inbox`): the public half seals what arrives with no officer signed
    /// in, the private half is sealed under the data key. Made at the next sign-in of a home from before.
    static let v10 = """
        ALTER TABLE keyring ADD COLUMN inbox_key BLOB CHECK (inbox_key IS NULL OR length(inbox_key) = 32);
        ALTER TABLE keyring ADD COLUMN inbox_private BLOB;
        """

    /// A re-key (a renewed recovery key, a disabled officer) seals everything again under a new data key,
    /// except the audit trail's notes, which its hash chain covers: the keys they were sealed under are kept
    /// here, sealed under the current key, so a signed-in officer still reads them.
    static let v11 = """
        ALTER TABLE keyring ADD COLUMN retired BLOB;
        """

    /// The central system's clock for the dossier as of `central_change` (JSON, as the wire carries it): the desk
    /// takes it once none of the dossier's items waits, also when that happens later by a discard.
    static let v12 = """
        ALTER TABLE cases ADD COLUMN central_clock TEXT CHECK (central_clock IS NULL OR json_valid(central_clock));
        """

    /// The current data key's id (`DataKey.id`): a process holding a retired key is stopped before it seals.
    static let v13 = """
        ALTER TABLE keyring ADD COLUMN key_id TEXT CHECK (key_id IS NULL OR length(key_id) = 32);
        """

    /// Set by a restore in its own transaction (the names of the officers the desk had disabled, JSON): the
    /// restored home's key is retired by the next supervisor's sign-in, and nobody else signs in before that.
    static let v14 = """
        ALTER TABLE keyring ADD COLUMN rekey_after_restore TEXT
            CHECK (rekey_after_restore IS NULL OR json_valid(rekey_after_restore));
        """

    /// The key outbox payloads are sealed under (`OutboxKey`): its encapsulation to the central system's key,
    /// and its secret sealed under the data key. Made when first needed; forgotten when the central key or the
    /// data key changes, so a new one is made.
    static let v15 = """
        ALTER TABLE sync_config ADD COLUMN outbox_key_encapsulation BLOB
            CHECK (outbox_key_encapsulation IS NULL OR length(outbox_key_encapsulation) = 32);
        ALTER TABLE sync_config ADD COLUMN outbox_key_sealed BLOB
            CHECK ((outbox_key_sealed IS NULL) = (outbox_key_encapsulation IS NULL));
        """

    /// The years whose holidays are the published schedule (`WorkCalendar.confirmedYears`), comma-separated;
    /// `calendar_days` then holds every year's days, the Labor Code's for the others. NULL for a catalog
    /// stored before: its days are its confirmed years', and the others are computed when it is read.
    static let v16 = """
        ALTER TABLE catalog_meta ADD COLUMN confirmed_years TEXT
            CHECK (confirmed_years IS NULL OR confirmed_years NOT GLOB '*[^0-9,]*');
        """

    /// Catalog 2026.2's procedures: a province's own code, the field, processing in hours, a fee rule instead of
    /// one amount (a legacy amount becomes none, fixed, or the province's), and what a reader checks against.
    static let v17 = """
        CREATE TABLE procedures_v17 (
            code TEXT PRIMARY KEY,
            local_code TEXT UNIQUE,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            field_vi TEXT,
            field_en TEXT,
            processing_kind TEXT NOT NULL
                CHECK (processing_kind IN ('same_day', 'working_days', 'calendar_days', 'working_hours')),
            processing_amount INTEGER CHECK ((processing_kind = 'same_day') = (processing_amount IS NULL)),
            fee_rule TEXT NOT NULL CHECK (json_valid(fee_rule)),
            documents TEXT NOT NULL CHECK (json_valid(documents)),
            details TEXT NOT NULL CHECK (json_valid(details))
        );
        INSERT INTO procedures_v17
            (code, name_vi, name_en, processing_kind, processing_amount, fee_rule, documents, details)
        SELECT code, name_vi, name_en, processing_kind,
            CASE WHEN processing_kind = 'same_day' THEN NULL ELSE processing_days END,
            CASE WHEN fee IS NULL THEN '{"kind":"province"}' WHEN fee = 0 THEN '{"kind":"none"}'
                ELSE json_object('kind', 'fixed', 'amount', fee) END,
            documents, '{"legal_basis":[]}'
        FROM procedures;
        DROP TABLE procedures;
        ALTER TABLE procedures_v17 RENAME TO procedures;
        """

    /// The catalog format the desk took its catalog in (`SyncAPI.catalogFormat`): 1 for a catalog stored before,
    /// which the next sync replaces whatever its version, since the file in format 2 says more.
    /// Procedures counted in clock hours (`hours`) join the kinds a row may hold.
    static let v18 = """
        ALTER TABLE catalog_meta ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format >= 1);
        CREATE TABLE procedures_v18 (
            code TEXT PRIMARY KEY,
            local_code TEXT UNIQUE,
            name_vi TEXT NOT NULL,
            name_en TEXT NOT NULL,
            field_vi TEXT,
            field_en TEXT,
            processing_kind TEXT NOT NULL
                CHECK (processing_kind IN ('same_day', 'working_days', 'calendar_days', 'working_hours', 'hours')),
            processing_amount INTEGER CHECK ((processing_kind = 'same_day') = (processing_amount IS NULL)),
            fee_rule TEXT NOT NULL CHECK (json_valid(fee_rule)),
            documents TEXT NOT NULL CHECK (json_valid(documents)),
            details TEXT NOT NULL CHECK (json_valid(details))
        );
        INSERT INTO procedures_v18 SELECT code, local_code, name_vi, name_en, field_vi, field_en, processing_kind,
            processing_amount, fee_rule, documents, details FROM procedures;
        DROP TABLE procedures;
        ALTER TABLE procedures_v18 RENAME TO procedures;
        """

    /// The criteria a citizen rates at the handover, as the catalog's JSON gives them; null for a catalog stored
    /// before, which asks the overall rating alone until the next sync brings a newer one.
    static let v19 = """
        ALTER TABLE catalog_meta ADD COLUMN satisfaction TEXT CHECK (satisfaction IS NULL OR json_valid(satisfaction));
        """

    /// Scanned pages, stored once by the SHA-256 of their bytes (`sealed`, under the data key) and tied to dossiers
    /// by the `case.attached` events that attached them. `upload` is the page sealed for the central system, made
    /// once (the reconnect script sends it with no officer signed in) and dropped once the gateway holds the page;
    /// `sent` is how many of its bytes the gateway acknowledged; a copy the gateway could not open is sealed once
    /// more (`resealed`), and a second refusal is kept (`refused`). `page_budget` counts the page bytes sent each day.
    /// The events table is rebuilt first: its kinds are checked, and `case.attached` is a new one.
    static let v20 = """
        CREATE TABLE case_events_v20 (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL REFERENCES cases(id),
            kind TEXT NOT NULL CHECK (kind IN ('case.created', 'case.status_changed', 'case.attached')),
            payload TEXT NOT NULL CHECK (typeof(payload) = 'text'),
            officer_id INTEGER NOT NULL REFERENCES officers(id),
            occurred_at INTEGER NOT NULL CHECK (typeof(occurred_at) = 'integer'),
            sealed BLOB
        );
        INSERT INTO case_events_v20 (seq, event_id, case_id, kind, payload, officer_id, occurred_at, sealed)
            SELECT seq, event_id, case_id, kind, payload, officer_id, occurred_at, sealed FROM case_events;
        DROP TABLE case_events;
        ALTER TABLE case_events_v20 RENAME TO case_events;
        CREATE INDEX case_events_by_case ON case_events(case_id, seq);
        CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
        CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

        CREATE TABLE pages (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
            media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
            size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
            sealed BLOB NOT NULL,
            upload BLOB CHECK (upload IS NULL OR length(upload) > size),
            sent INTEGER NOT NULL DEFAULT 0 CHECK (sent >= 0 AND (upload IS NULL OR sent <= length(upload))),
            stored_centrally INTEGER NOT NULL DEFAULT 0 CHECK (stored_centrally IN (0, 1)),
            refused TEXT,
            resealed INTEGER NOT NULL DEFAULT 0 CHECK (resealed IN (0, 1)),
            created_at INTEGER NOT NULL
        );
        CREATE TABLE case_pages (
            seq INTEGER PRIMARY KEY REFERENCES case_events(seq),
            case_id TEXT NOT NULL REFERENCES cases(id),
            sha256 TEXT NOT NULL REFERENCES pages(sha256),
            stage TEXT NOT NULL CHECK (stage IN ('intake', 'result')),
            component INTEGER CHECK (component IS NULL OR (component >= 1 AND stage = 'intake'))
        );
        CREATE INDEX case_pages_by_page ON case_pages (sha256);
        CREATE INDEX case_pages_by_case ON case_pages (case_id, sha256);
        CREATE TABLE page_budget (
            day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            bytes INTEGER NOT NULL CHECK (bytes >= 0)
        );
        """

    /// As v3 made it: lifted only while a sealing or a re-key rewrites the events.
    static let caseEventsAppendOnly = """
        CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END
        """

    /// As v3 made it: lifted only while a sign-in seals the reasons an earlier release kept in clear.
    static let centralUpdatesAppendOnly = """
        CREATE TRIGGER central_updates_append_only_update BEFORE UPDATE ON central_updates
            BEGIN SELECT RAISE(ABORT, 'central_updates is append-only'); END
        """
}
