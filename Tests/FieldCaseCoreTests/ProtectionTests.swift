import Crypto
import FieldCaseWire
import Foundation
import GRDB
import Testing

@testable import FieldCaseCore

/// Citizens' data at rest: the key, the wraps, the legacy home's sealing, the lock, the chained trail.
struct ProtectionTests {
    static let v6 = "v6 certificate authority of the central system"
    static let now = LocalTime(iso8601: "2025-06-10T09:00")!

    /// A home of the release before sealing: clear dossiers, a clear FTS index, a draft, a supervisor with a
    /// 4-digit PBKDF2 PIN and an officer with a 6-digit one.
    static func legacyHome(dossiers: Int = 3) throws -> (DatabaseQueue, FieldCaseStore) {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: v6)
        let supervisorPIN = PINHash(hash: Data(), salt: Data(repeating: 7, count: 16), rounds: 1000)
        let officerPIN = PINHash(hash: Data(), salt: Data(repeating: 9, count: 16), rounds: 1000)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO profile VALUES (1, 'device-1', '02266', '02266', 1, 0)")
            for (id, name, role, pin, secret) in [
                (1, "Nguyễn Thị Lan", "supervisor", supervisorPIN, "2468"),
                (2, "Lò Văn Pằng", "officer", officerPIN, "135790"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO officers (id, name, role, pin_hash, pin_salt, pin_rounds, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, 0)
                        """,
                    arguments: [
                        id, name, role, try PINHash.derive(pin: secret, salt: pin.salt, rounds: pin.rounds), pin.salt,
                        pin.rounds,
                    ])
            }
            for index in 1...dossiers {
                let id = "c\(index)"
                let code = String(format: "02266-250610-1%03d", index)
                try db.execute(
                    sql: """
                        INSERT INTO cases (id, code, procedure_code, channel, applicant_name, id_type, id_number,
                            date_of_birth, gender, phone, address, documents, fee, paid, received_at, due_at, status,
                            officer_id, updated_at)
                        VALUES (?, ?, '1.001193', 'in_person', ?, 'cccd', ?, '1999-03-04', 'male', ?, 'Thôn Nà Khà',
                            '[]', 0, 0, 1749520800, 1749549600, 'received', 1, 1749520800)
                        """,
                    arguments: [id, code, "Hoàng Văn Thụ \(Self.word(index))", Self.idNumber(index), Self.phone(index)])
                try db.execute(
                    sql: "INSERT INTO case_search (rowid, key) SELECT rowid, ? FROM cases WHERE id = ?",
                    arguments: ["hoang van thu \(Self.idNumber(index))", id])
                let payload =
                    #"{"code":"\#(code)","applicant":{"name":"Hoàng Văn Thụ","id_number":"\#(Self.idNumber(index))"}}"#
                try db.execute(
                    sql: "INSERT INTO case_events VALUES (?, ?, ?, 'case.created', ?, 1, 1749520800)",
                    arguments: [index, "e\(index)", id, payload])
                try db.execute(
                    sql:
                        "INSERT INTO outbox (seq, state, enqueued_at, updated_at, wire_seq) VALUES (?, 'pending', 0, 0, NULL)",
                    arguments: [index])
            }
            try db.execute(
                sql:
                    "INSERT INTO drafts (officer_id, answers, next_question, created_at, updated_at) VALUES (1, ?, 'phone', 0, 0)",
                arguments: [#"{"name":"Đinh Thị Nở","id_number":"001199000111"}"#])
        }
        // The catalog goes in once the store has brought the schema up to date: its newest columns are written.
        let store = try FieldCaseStore(writer: queue, kdfCost: .insecureFast)
        try store.replaceCatalog(with: Catalog.embedded())
        return (queue, store)
    }

    static func idNumber(_ index: Int) -> String { String(format: "0010990%05d", index) }
    static func phone(_ index: Int) -> String { String(format: "09123%05d", index) }
    /// Letters only: names hold no digits.
    static func word(_ index: Int) -> String {
        String(String(index, radix: 26).map { Character(UnicodeScalar(($0.wholeNumberValue ?? 0) + 97)!) })
    }

    @Test("The recovery key reads back from its printed form, whatever the case, dashes or look-alike letters")
    func recoveryKeyText() throws {
        let key = RecoveryKey.generate()
        let text = key.description
        #expect(text.count == 39 && text.split(separator: "-").count == 8)
        #expect(RecoveryKey(text)?.bytes == key.bytes)
        #expect(RecoveryKey(text.lowercased().replacingOccurrences(of: "-", with: " "))?.bytes == key.bytes)
        #expect(RecoveryKey(text.replacingOccurrences(of: "0", with: "O"))?.bytes == key.bytes)
        #expect(RecoveryKey(String(text.dropLast())) == nil)
        #expect(RecoveryKey(text.replacingOccurrences(of: "-", with: "U")) == nil)
    }

    @Test("A PIN wrap opens with its PIN and for its officer (id, name, role) only, at the standard cost by default")
    func wraps() throws {
        let key = DataKey.generate()
        let lan = Officer(id: 1, name: "Nguyễn Thị Lan", role: .officer, disabled: false)
        let wrap = try KeyWrap.wrapping(key, pin: "246810", officer: lan, cost: .standard, tpm: nil)
        #expect(wrap.n == 1 << 14 && wrap.r == 8 && wrap.p == 24, "16 MiB of memory, 24 times over, per try")
        #expect(!wrap.isWeak && KDFCost.insecureFast.isWeak && !wrap.isLegacy)
        #expect(try wrap.unwrap(pin: "246810", officer: lan, tpm: nil)?.rawBytes == key.rawBytes)
        #expect(try wrap.unwrap(pin: "246811", officer: lan, tpm: nil) == nil)
        let others = [
            Officer(id: 2, name: lan.name, role: .officer, disabled: false),
            Officer(id: 1, name: lan.name, role: .supervisor, disabled: false),
            Officer(id: 1, name: "Hà Văn Tú", role: .officer, disabled: false),
        ]
        for other in others {
            #expect(
                try wrap.unwrap(pin: "246810", officer: other, tpm: nil) == nil, "another id, role or name: \(other)")
        }
        var legacy = wrap
        legacy.version = nil
        #expect(
            try legacy.unwrap(pin: "246810", officer: lan, tpm: nil) == nil, "marked as a legacy wrap, it does not open"
        )
        var tampered = wrap
        tampered.n = 1 << 30
        #expect(
            try tampered.unwrap(pin: "246810", officer: lan, tpm: nil) == nil, "a tampered cost cannot exhaust memory")
        tampered.n = 1 << 13
        #expect(try tampered.unwrap(pin: "246810", officer: lan, tpm: nil) == nil, "nor lower the cost of a wrap")
    }

    @Test("A gateway's change number or cursor near the end of Int64 is refused, never an overflow or a stall")
    func implausibleChange() throws {
        let fixture = try StoreFixture()
        func local(_ change: Int64) throws -> Int64 {
            try fixture.store.read { db in try FieldCaseStore.localChange(db, change) }
        }
        #expect(throws: StoreError.implausibleAnswer("change number \(Int64.max)")) { try local(Int64.max) }
        #expect(throws: StoreError.self) { try local(-1) }
        #expect(try local(42) == 42)
        #expect(throws: StoreError.implausibleAnswer("cursor \(Int64.max)")) {
            try fixture.store.applyPulledPage([], nextCursor: Int64.max, now: Self.now)
        }
    }

    @Test("A disabled officer's PIN no longer opens the data; enabled again, a supervisor gives a new PIN")
    func disabledOfficer() throws {
        let fixture = try StoreFixture()
        let added = try fixture.store.addOfficer(
            name: "Hà Văn Tú", role: .officer, pin: "135790", by: fixture.officer, now: Self.now)
        _ = try fixture.store.disableOfficer(
            named: added.name, by: fixture.officer, pin: StoreFixture.pin, now: Self.now)
        try fixture.store.enableOfficer(named: added.name, by: fixture.officer, now: Self.now)
        let cold = try FieldCaseStore(writer: fixture.store.writer, kdfCost: .insecureFast)
        #expect(throws: StoreError.noKeyYet("Hà Văn Tú")) { try cold.signIn(added, pin: "135790", now: Self.now) }
        try fixture.store.setPIN("246802", of: added, by: fixture.officer, now: Self.now)
        #expect(try cold.signIn(added, pin: "246802", now: Self.now).0.mustChangePIN)
    }

    @Test(
        "Renewing the recovery key and disabling an officer re-key: an old recovery key or PIN with an earlier backup opens nothing written after"
    )
    func rekey() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let tu = try store.addOfficer(
            name: "Hà Văn Tú", role: .officer, pin: "135790", by: fixture.officer, now: Self.now)
        let first = try fixture.add(StoreFixture.intake(name: "Trần Thị Hoa"))
        _ = try store.changeStatus(
            code: first.code, to: .processing, reason: "thiếu giấy khai sinh", by: fixture.officer, now: Self.now)
        func keyring() throws -> (recovery: String, wraps: [Int64: String]) {
            try store.read { db in
                (
                    try String.fetchOne(db, sql: "SELECT recovery_wrap FROM keyring") ?? "",
                    Dictionary(
                        uniqueKeysWithValues: try Row.fetchAll(
                            db, sql: "SELECT id, key_wrap FROM officers WHERE key_wrap IS NOT NULL"
                        )
                        .map { ($0["id"] as Int64, $0["key_wrap"] as String) })
                )
            }
        }
        // The "earlier backup": what its keyring held; its recovery key the one printed at init.
        let backup = try keyring()
        // Another terminal signed in before the re-key: it holds the old key.
        let earlier = try FieldCaseStore(writer: store.writer, kdfCost: .insecureFast)
        _ = try earlier.signIn(fixture.officer, pin: StoreFixture.pin, now: Self.now)
        let renewed = try store.renewRecoveryKey(by: fixture.officer, pin: StoreFixture.pin, now: Self.now)
        #expect(renewed.oneTimePINs.allSatisfy { $0.pin.count == 6 })
        let stale = try StoreFixture.intake(name: "Đinh Văn Cường").validated(catalog: fixture.catalog, now: Self.now)
        #expect(throws: StoreError.dataKeyReplaced, "nothing is sealed under a retired key") {
            try earlier.addCase(stale, by: fixture.officer, now: Self.now)
        }
        #expect(try store.findCases("Đinh Văn Cường").isEmpty)
        #expect(renewed.oneTimePINs.map(\.officerName) == ["Hà Văn Tú"], "the other officer gets a one-time PIN")
        let later = try fixture.add(StoreFixture.intake(name: "Lò Thị Mai"))
        func sealed(_ code: String) throws -> (Data, String) {
            try store.read { db in
                let row = try #require(
                    try Row.fetchOne(db, sql: "SELECT id, sealed FROM cases WHERE code = ?", arguments: [code]))
                return (row["sealed"], row["id"])
            }
        }
        let oldKey = try #require(
            try KeyWrap.parse(backup.wraps[tu.id])?.unwrap(pin: "135790", officer: tu, tpm: nil),
            "the backup's wrap opens the key of its day with the officer's old PIN")
        for code in [first.code, later.code] {
            let (bytes, id) = try sealed(code)
            #expect(throws: StoreError.self, "the old key opens no dossier of the re-keyed home") {
                try oldKey.open(bytes, context: "case:\(id)")
            }
        }
        // The new recovery key opens everything, the trail's notes from before the re-key included.
        let cold = try FieldCaseStore(writer: store.writer, kdfCost: .insecureFast)
        _ = try cold.recover(with: renewed.recoveryKey, officer: fixture.officer, newPIN: "112233", now: Self.now)
        #expect(try cold.findCases("Trần Thị Hoa").map(\.code) == [first.code], "search works under the new key")
        #expect(try cold.findCases("Lò Thị Mai").map(\.code) == [later.code])
        let notes = try cold.auditTrail().compactMap(\.reason)
        #expect(notes.contains("thiếu giấy khai sinh"), "\(notes)")
        #expect(throws: StoreError.self, "the old PIN opens nothing") {
            try FieldCaseStore(writer: store.writer, kdfCost: .insecureFast).signIn(tu, pin: "135790", now: Self.now)
        }
        // Disabling re-keys too: the disabled officer's PIN of the day, with a copy taken before, opens nothing later.
        let beforeDisable = try keyring()
        let oneTimePIN = try #require(renewed.oneTimePINs.first?.pin)
        let tuKey = try #require(
            try KeyWrap.parse(beforeDisable.wraps[tu.id])?.unwrap(pin: oneTimePIN, officer: tu, tpm: nil))
        let disabled = try cold.disableOfficer(named: tu.name, by: fixture.officer, pin: "112233", now: Self.now)
        #expect(disabled?.oneTimePINs.isEmpty == true)
        let afterDisable = try cold.addCase(
            try StoreFixture.intake(name: "Vàng A Sử").validated(catalog: fixture.catalog, now: Self.now),
            by: fixture.officer, now: Self.now)
        let (bytes, id) = try sealed(afterDisable.code)
        #expect(throws: StoreError.self) { try tuKey.open(bytes, context: "case:\(id)") }
        #expect(try KeyWrap.parse(keyring().wraps[tu.id]) == nil, "the disabled officer has no wrap")
    }

    @Test("A re-key a restore owes is made by an enabled supervisor, never by one the desk had disabled")
    func owedRekeyAfterRestore() throws {
        let fixture = try StoreFixture()
        let tu = try fixture.store.addOfficer(
            name: "Hà Văn Tú", role: .supervisor, pin: "135790", by: fixture.officer, now: Self.now)
        // As a restore leaves a home whose backup still had Tú enabled.
        try fixture.store.write { db in
            try db.execute(sql: "UPDATE keyring SET rekey_after_restore = '[\"Hà Văn Tú\"]' WHERE id = 1")
        }
        #expect(throws: StoreError.officerDisabled("Hà Văn Tú")) {
            try FieldCaseStore(writer: fixture.store.writer, kdfCost: .insecureFast).signIn(
                tu, pin: "135790", now: Self.now)
        }
        let (_, protection) = try FieldCaseStore(writer: fixture.store.writer, kdfCost: .insecureFast).signIn(
            fixture.officer, pin: StoreFixture.pin, now: Self.now)
        #expect(protection?.signedIn != nil, "the enabled supervisor's sign-in re-keyed")
        #expect(try fixture.store.officer(named: "Hà Văn Tú").disabled)
        #expect(
            try fixture.store.read { db in try String.fetchOne(db, sql: "SELECT rekey_after_restore FROM keyring") }
                == nil)
    }

    @Test("A legacy home is sealed at a supervisor's first sign-in; other officers wait for it")
    func legacySealing() throws {
        let (queue, store) = try Self.legacyHome()
        let supervisor = try store.officer(named: "Nguyễn Thị Lan")
        let officer = try store.officer(named: "Lò Văn Pằng")
        #expect(throws: StoreError.homeNotProtected("Lò Văn Pằng")) {
            try store.signIn(officer, pin: "135790", now: Self.now)
        }
        #expect(throws: StoreError.wrongPIN("Nguyễn Thị Lan", attemptsLeft: 4)) {
            try store.signIn(supervisor, pin: "9999", now: Self.now)
        }
        #expect(try !store.isProtected())

        let (signedIn, protection) = try store.signIn(supervisor, pin: "2468", now: Self.now)
        #expect(signedIn.mustChangePIN, "a 4-digit PIN is replaced at once")
        let given = try #require(protection)
        #expect(given.oneTimePINs.map(\.officerName) == ["Lò Văn Pằng"])
        #expect(try store.isProtected())

        let clear = try queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT applicant_name, id_number, date_of_birth, phone, address, sealed FROM cases")
        }
        #expect(clear.allSatisfy { ($0["applicant_name"] as String).isEmpty && ($0["id_number"] as String).isEmpty })
        #expect(clear.allSatisfy { ($0["phone"] as String?) == nil && ($0["sealed"] as Data?) != nil })
        #expect(try queue.read { db in try db.tableExists("case_search") } == false)
        #expect(
            try queue.read { db in try String.fetchAll(db, sql: "SELECT payload FROM case_events") }.allSatisfy(
                \.isEmpty))
        #expect(try queue.read { db in try String.fetchAll(db, sql: "SELECT answers FROM drafts") } == [""])

        // What was clear reads back whole with the key; search goes through the blind index.
        #expect(try store.findCases("hoang thu").count == 3)
        #expect(try store.findCases(Self.idNumber(2)).map { $0.applicant[.phone] } == [Self.phone(2)])
        #expect(try store.drafts().first?.answers["name"] == "Đinh Thị Nở")
        #expect(try store.verifyAudit().intact)

        // The officer's one-time PIN opens the same data, once, and must be replaced.
        let other = try FieldCaseStore(writer: queue, kdfCost: .insecureFast)
        let (theirs, _) = try other.signIn(officer, pin: given.oneTimePINs[0].pin, now: Self.now)
        #expect(theirs.mustChangePIN)
        #expect(try other.caseRecord(code: "02266-250610-1001")?.applicant.idNumber == Self.idNumber(1))
        #expect(throws: StoreError.noKeyYet("Nguyễn Thị Lan")) {
            try queue.write { db in try db.execute(sql: "UPDATE officers SET key_wrap = NULL WHERE id = 1") }
            return try FieldCaseStore(writer: queue, kdfCost: .insecureFast).signIn(
                supervisor, pin: "2468", now: Self.now)
        }
    }

    @Test("Without a sign-in nothing personal opens, and the province's updates still apply")
    func locked() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let cold = try FieldCaseStore(writer: fixture.store.writer, kdfCost: .insecureFast)
        #expect(throws: StoreError.signInRequired) { try cold.caseRecord(code: record.code) }
        #expect(throws: StoreError.signInRequired) { try cold.findCases("duc") }
        #expect(throws: StoreError.signInRequired) {
            try cold.addCase(
                try StoreFixture.intake().validated(catalog: fixture.catalog, now: StoreFixture.now),
                by: fixture.officer, now: StoreFixture.now)
        }
        #expect(try cold.pendingEvents(limit: 10).isEmpty, "an item only the data key opens waits for a sign-in")
        #expect(try cold.itemsWaitingForSealing() == 1)
    }

    @Test("The central system's words and documents' names are sealed at rest, and read by a signed-in officer")
    func arrivedTextSealed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("fieldcase.sqlite").path
        let fixture = try StoreFixture(
            store: FieldCaseStore(writer: DatabaseQueue(path: path), path: path, kdfCost: .insecureFast))
        var intake = StoreFixture.intake()
        intake.documents = ["Giấy xác nhận của Lê Thị Sáu:1:0"]
        let record = try fixture.add(intake)
        // The reconnect script syncs with no officer signed in.
        let cold = try FieldCaseStore(writer: fixture.store.writer, path: path, kdfCost: .insecureFast)
        let reason = "Gọi chị Lê Thị Sáu 0987654321, CCCD 001199054321"
        let update = WireChange(
            change: 1, kind: .statusUpdate, caseCode: record.code, seq: nil, outcome: nil, status: "processing",
            reason: reason, actor: "Sở Tư pháp", occurredAt: "2025-06-10T10:00:00+07:00")
        try cold.applyPulledPage([update], nextCursor: 1, now: StoreFixture.now)
        #expect(try cold.centralUpdates(ofCase: record.code).first?.reason == "(sealed)")
        #expect(try fixture.store.centralUpdates(ofCase: record.code).first?.reason == reason)
        #expect(
            try fixture.store.caseRecord(code: record.code)?.documents.map(\.name) == ["Giấy xác nhận của Lê Thị Sáu"])

        // What an earlier release kept in clear is sealed at the next sign-in, its old pages purged.
        try fixture.store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO central_updates (change, kind, case_code, status, reason, occurred_at, received_at)
                    VALUES (2, 'status_update', ?, 'processing', 'Lê Thị Sáu gọi lại 0987654321', '2025-06-10', 0)
                    """, arguments: [record.code])
            try db.execute(sql: "UPDATE outbox SET state = 'rejected', last_error = 'CCCD 001199054321 không khớp'")
        }
        _ = try fixture.store.signIn(fixture.officer, pin: StoreFixture.pin, now: StoreFixture.now)
        #expect(
            try fixture.store.centralUpdates(ofCase: record.code).map(\.reason) == [
                reason, "Lê Thị Sáu gọi lại 0987654321",
            ])
        #expect(try fixture.store.events(ofCase: record.id).first?.lastError == "CCCD 001199054321 không khớp")
        try fixture.store.writer.writeWithoutTransaction { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let bytes = try files.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
        for secret in ["0987654321", "001199054321", "Lê Thị Sáu"] {
            #expect(!bytes.contains { $0.range(of: Data(secret.utf8)) != nil }, "\(secret) left in clear")
        }
    }

    @Test("Once the desk knows the central key, items leave sealed to it and open only with its private key")
    func outboxSealed() throws {
        let fixture = try StoreFixture()
        let central = Curve25519.KeyAgreement.PrivateKey()
        _ = try fixture.add()
        try fixture.store.saveEnrollment(
            centralURL: "https://central.example",
            answer: EnrollResponse(
                deviceID: "d", deviceToken: "fcd_secret", communeCode: "02266", terminal: 2, lastSeq: 0,
                dossierNumbers: [], epoch: "e1", sealingKey: central.publicKey.rawRepresentation.base64EncodedString()),
            terminal: 2, by: fixture.officer, now: StoreFixture.now)
        try fixture.store.sealOutstanding()
        _ = try fixture.add(StoreFixture.intake(name: "Trần Thị Hoa"))
        let cold = try FieldCaseStore(writer: fixture.store.writer, kdfCost: .insecureFast)
        let events = try cold.pendingEvents(limit: 10)
        #expect(events.count == 2, "the reconnect script sends them with no officer signed in")
        #expect(events.allSatisfy { $0.payload == .null && $0.sealed != nil })
        let opened = try OutboxSeal.open(try #require(events[1].sealed), eventID: events[1].eventID, with: central)
        #expect(String(decoding: opened, as: UTF8.self).contains("Trần Thị Hoa"))
        #expect(throws: (any Error).self) {
            try OutboxSeal.open(try #require(events[1].sealed), eventID: events[0].eventID, with: central)
        }
        #expect(try cold.enrollment()?.token == "fcd_secret")
        let stored = try fixture.store.read { db in
            try Row.fetchOne(db, sql: "SELECT device_token, token_sealed FROM sync_config")
        }
        #expect(stored?["device_token"] == "" && (stored?["token_sealed"] as Data?) != nil)
    }

    @Test("Five wrong PINs lock on the boot clock: a wall clock moved to 2030 or 2020 neither lifts nor stretches it")
    func lockout() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        try store.addOfficer(name: "Hà Văn Tú", role: .officer, pin: "135790", by: fixture.officer, now: Self.now)
        let officer = try store.officer(named: "Hà Văn Tú")
        for left in (0..<4).reversed() {
            #expect(throws: StoreError.wrongPIN("Hà Văn Tú", attemptsLeft: left + 1)) {
                try store.signIn(officer, pin: "000000", now: Self.now)
            }
        }
        #expect(throws: StoreError.officerLocked("Hà Văn Tú", until: Self.now.adding(seconds: PINPolicy.lockSeconds))) {
            try store.signIn(officer, pin: "000000", now: Self.now)
        }
        for moved in ["2030-01-01T09:00", "2020-01-01T09:00"] {
            let when = try #require(LocalTime(iso8601: moved))
            #expect(throws: StoreError.self, "locked at \(moved)") {
                try store.signIn(officer, pin: "135790", now: when)
            }
        }
        try store.setPIN("246802", of: officer, by: fixture.officer, now: Self.now)
        #expect(
            try store.signIn(officer, pin: "246802", now: Self.now).0.mustChangePIN, "a supervisor's reset lifts it")
    }

    @Test("The chained trail fails verification when a trigger is dropped, a middle entry deleted or one edited")
    func tampering() throws {
        let fixture = try StoreFixture()
        for _ in 0..<3 { try fixture.add() }
        #expect(try fixture.store.verifyAudit().intact)
        let cases: [(String, String)] = [
            ("DROP TRIGGER audit_log_append_only_update", "trigger audit_log_append_only_update is missing"),
            (
                "DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE id = 3",
                "entries 3-3 are missing before entry 4"
            ),
            (
                "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET officer_id = NULL WHERE id = 2",
                "entry 2 was changed after it was written"
            ),
            (
                """
                CREATE TRIGGER quiet BEFORE INSERT ON audit_log WHEN NEW.action = 'cases.exported'
                    BEGIN SELECT RAISE(IGNORE); END
                """,
                "trigger quiet was added"
            ),
            (
                """
                DROP TRIGGER audit_log_append_only_delete;
                CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log WHEN 0
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
                "trigger audit_log_append_only_delete was changed"
            ),
        ]
        for (sql, expected) in cases {
            let copy = try DatabaseQueue()
            try fixture.store.writer.backup(to: copy)
            try copy.writeWithoutTransaction { db in try db.execute(sql: sql) }
            let problems = try FieldCaseStore(writer: copy, kdfCost: .insecureFast).verifyAudit().problems
            #expect(problems.contains { $0.hasPrefix(expected) }, "\(sql): \(problems)")
        }
    }

    @Test("A reason typed by an officer is sealed in the trail, chained as sealed, and read back signed in")
    func sealedReasons() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        _ = try fixture.store.changeStatus(
            code: record.code, to: .refused, reason: "Nguyễn Văn Đức thiếu giấy khai sinh", by: fixture.officer,
            now: Self.now)
        let stored = try fixture.store.read { db in
            try String.fetchAll(db, sql: "SELECT reason FROM audit_log WHERE reason IS NOT NULL")
        }
        #expect(stored.count == 1 && stored.allSatisfy { $0.hasPrefix("sealed:") && !$0.contains("Đức") })
        #expect(try fixture.store.auditTrail().compactMap(\.reason) == ["Nguyễn Văn Đức thiếu giấy khai sinh"])
        #expect(
            try FieldCaseStore(writer: fixture.store.writer, kdfCost: .insecureFast).auditTrail().compactMap(\.reason)
                == ["(sealed)"])
        #expect(try fixture.store.verifyAudit().intact)
    }

    @Test("A recovery key opens the data when every PIN is forgotten, and sets a new one")
    func recovery() throws {
        let store = try FieldCaseStore.inMemory(kdfCost: .insecureFast)
        let (_, recovery, _) = try store.initialize(
            Setup(communeCode: "02266", terminal: 1, unitCode: nil, officerName: "Lan", pin: "246810"),
            catalog: try Catalog.embedded(), now: Self.now)
        let cold = try FieldCaseStore(writer: store.writer, kdfCost: .insecureFast)
        let lan = try cold.officer(named: "Lan")
        #expect(throws: StoreError.wrongRecoveryKey) {
            try cold.recover(with: RecoveryKey.generate(), officer: lan, newPIN: "112233", now: Self.now)
        }
        _ = try cold.recover(with: recovery, officer: lan, newPIN: "112233", now: Self.now)
        let later = try FieldCaseStore(writer: store.writer, kdfCost: .insecureFast)
        #expect(throws: StoreError.self) { try later.signIn(lan, pin: "246810", now: Self.now) }
        #expect(try !later.signIn(lan, pin: "112233", now: Self.now).0.mustChangePIN)
        #expect(try later.auditTrail().map(\.action).contains(AuditAction.recovered))
    }

    @Test("New PINs are 6-12 digits; officers are added only with one")
    func pinRule() throws {
        let fixture = try StoreFixture()
        for bad in ["2468", "12345", "1234567890123", "12ab56", "١٢٣٤٥٦"] {
            #expect(throws: DomainError.self) {
                try fixture.store.addOfficer(
                    name: "Hà Văn Tú", role: .officer, pin: bad, by: fixture.officer, now: Self.now)
            }
        }
        #expect(try fixture.store.officers().count == 1)
    }
}
