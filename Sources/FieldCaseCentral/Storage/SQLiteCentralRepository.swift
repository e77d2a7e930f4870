import FieldCaseCore
import FieldCaseWire
import Foundation
import GRDB

/// The embedded default: one SQLite file (WAL, synchronous=FULL) serves a province.
public final class SQLiteCentralRepository: CentralRepository {
    let writer: any DatabaseWriter

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        writer = try DatabasePool(path: path, configuration: configuration)
        try CentralSchema.migrator.migrate(writer)
    }

    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try CentralSchema.migrator.migrate(writer)
    }

    public func createEnrollmentToken(commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime)
        async throws -> String
    {
        let token = Tokens.make(.enrollment)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO enrollment_tokens (token_hash, commune_code, terminal, expires_at, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [Tokens.hash(token), commune, terminal, expiresAt.epochSeconds, now.epochSeconds])
        }
        return token
    }

    public func enroll(_ request: EnrollRequest, now: LocalTime) async throws -> EnrollResponse {
        let deviceToken = Tokens.make(.device)
        let deviceID = UUID().uuidString.lowercased()
        return try await writer.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT commune_code, terminal FROM enrollment_tokens
                        WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
                        """,
                    arguments: [Tokens.hash(request.token), now.epochSeconds])
            else { throw CentralError.invalidEnrollmentToken }
            let commune: String = row["commune_code"]
            if let fixed = row["terminal"] as Int?, fixed != request.terminal {
                throw CentralError.terminalTaken(commune: commune, terminal: request.terminal)
            }
            let taken = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM devices WHERE commune_code = ? AND terminal = ? AND revoked_at IS NULL",
                arguments: [commune, request.terminal]) ?? false
            if taken { throw CentralError.terminalTaken(commune: commune, terminal: request.terminal) }
            try db.execute(
                sql: "UPDATE enrollment_tokens SET used_at = ? WHERE token_hash = ?",
                arguments: [now.epochSeconds, Tokens.hash(request.token)])
            try db.execute(
                sql: """
                    INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, last_seq, enrolled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    deviceID, Tokens.hash(deviceToken), commune, request.terminal, request.unitCode,
                    max(0, request.acknowledgedSeq ?? 0), now.epochSeconds,
                ])
            return EnrollResponse(
                deviceID: deviceID, deviceToken: deviceToken, communeCode: commune, terminal: request.terminal)
        }
    }

    public func device(forToken token: String, now: LocalTime) async throws -> Device? {
        try await writer.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
                    arguments: [Tokens.hash(token)])
            else { return nil }
            try db.execute(
                sql: "UPDATE devices SET last_seen_at = ? WHERE id = ?", arguments: [now.epochSeconds, row["id"] as String])
            return Self.device(row)
        }
    }

    public func push(_ events: [WireEvent], from device: Device, now: LocalTime) async throws -> PushResponse {
        try await writer.write { db in
            var last = try Int64.fetchOne(db, sql: "SELECT last_seq FROM devices WHERE id = ?", arguments: [device.id]) ?? 0
            var results: [PushResult] = []
            for event in events.sorted(by: { $0.seq < $1.seq }) {
                if event.seq <= last {
                    results.append(PushResult(seq: event.seq, outcome: .duplicate, reason: nil))
                    continue
                }
                guard event.seq == last + 1 else {
                    return PushResponse(ackedThrough: last, expectedSeq: last + 1, results: results)
                }
                let decision = CentralRules.decide(event, device: device, existing: try Self.caseState(db, code: event.caseCode))
                try Self.apply(decision, event: event, device: device, db: db, now: now)
                last = event.seq
                results.append(PushResult(seq: event.seq, outcome: decision.outcome, reason: decision.reason))
            }
            try db.execute(sql: "UPDATE devices SET last_seq = ? WHERE id = ?", arguments: [last, device.id])
            return PushResponse(ackedThrough: last, expectedSeq: nil, results: results)
        }
    }

    static func apply(_ decision: ApplyDecision, event: WireEvent, device: Device, db: Database, now: LocalTime) throws {
        switch decision {
        case .create(let state, let document, let receivedAt, let dueAt, let procedureCode):
            try db.execute(
                sql: """
                    INSERT INTO cases (code, case_id, commune_code, device_id, procedure_code, status, document,
                        received_at, due_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    state.code, state.caseID, state.communeCode, device.id, procedureCode, state.status.rawValue,
                    document, receivedAt, dueAt, now.epochSeconds,
                ])
        case .moveStatus(let code, let status):
            try db.execute(
                sql: "UPDATE cases SET status = ?, conflict = NULL, updated_at = ? WHERE code = ?",
                arguments: [status.rawValue, now.epochSeconds, code])
        case .conflict(let reason):
            try db.execute(
                sql: "UPDATE cases SET conflict = ?, updated_at = ? WHERE code = ?",
                arguments: [reason, now.epochSeconds, event.caseCode])
        case .reject:
            break
        }
        try db.execute(
            sql: """
                INSERT INTO events (device_id, seq, event_id, case_code, kind, officer, occurred_at, payload, outcome,
                    reason, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                device.id, event.seq, event.eventID, event.caseCode, event.kind, event.officer, event.occurredAt,
                try decision.storedPayload(of: event), decision.outcome.rawValue, decision.reason, now.epochSeconds,
            ])
        try db.execute(
            sql: """
                INSERT INTO changes (commune_code, device_id, kind, case_code, seq, outcome, reason, occurred_at)
                VALUES (?, ?, 'event_result', ?, ?, ?, ?, ?)
                """,
            arguments: [
                device.communeCode, device.id, event.caseCode, event.seq, decision.outcome.rawValue, decision.reason,
                now.iso8601,
            ])
    }

    public func pull(for device: Device, after cursor: Int64, resultsAfter: Int64, limit: Int) async throws -> PullResponse {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM changes
                    WHERE commune_code = ? AND change > ?
                        AND (kind = 'status_update' OR (device_id = ? AND seq > ?))
                    ORDER BY change LIMIT ?
                    """,
                arguments: [device.communeCode, cursor, device.id, resultsAfter, limit + 1])
            let page = rows.prefix(limit).map { row in
                WireChange(
                    change: row["change"], kind: WireChange.Kind(rawValue: row["kind"]) ?? .statusUpdate,
                    caseCode: row["case_code"], seq: row["seq"],
                    outcome: (row["outcome"] as String?).flatMap(PushOutcome.init(rawValue:)),
                    status: row["status"], reason: row["reason"], actor: row["actor"], occurredAt: row["occurred_at"])
            }
            let acked = try Int64.fetchOne(db, sql: "SELECT last_seq FROM devices WHERE id = ?", arguments: [device.id]) ?? 0
            // The cursor moves past everything up to now, skipped results included, so an idle device pulls nothing.
            let newest = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(change), 0) FROM changes") ?? 0
            let next = rows.count > limit ? (page.last?.change ?? cursor) : max(cursor, newest)
            return PullResponse(changes: page, nextCursor: next, hasMore: rows.count > limit, ackedSeq: acked)
        }
    }

    public func devices() async throws -> [DeviceSummary] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM devices ORDER BY commune_code, terminal, enrolled_at").map { row in
                DeviceSummary(
                    device_id: row["id"], commune_code: row["commune_code"], terminal: row["terminal"],
                    unit_code: row["unit_code"], last_seq: row["last_seq"],
                    enrolled_at: LocalTime(epochSeconds: row["enrolled_at"]).iso8601,
                    last_seen_at: (row["last_seen_at"] as Int64?).map { LocalTime(epochSeconds: $0).iso8601 },
                    revoked: row["revoked_at"] != nil)
            }
        }
    }

    public func revoke(deviceID: String, now: LocalTime) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [now.epochSeconds, deviceID])
            return db.changesCount > 0
        }
    }

    public func cases(commune: String?, status: CaseStatus?) async throws -> [CentralCase] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let commune {
            conditions.append("commune_code = ?")
            arguments += [commune]
        }
        if let status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bound = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cases \(filter) ORDER BY received_at DESC, code", arguments: bound)
                .map(Self.centralCase)
        }
    }

    public func setStatus(code: String, to status: CaseStatus, reason: String?, actor: String, now: LocalTime)
        async throws -> CentralCase
    {
        try await writer.write { db in
            guard let current = try Self.caseState(db, code: code) else { throw CentralError.unknownCase(code) }
            do throws(DomainError) {
                try current.status.checkTransition(to: status, reason: reason)
            } catch {
                throw CentralError.invalidTransition(error.description)
            }
            try db.execute(
                sql: "UPDATE cases SET status = ?, conflict = NULL, updated_at = ? WHERE code = ?",
                arguments: [status.rawValue, now.epochSeconds, code])
            try db.execute(
                sql: """
                    INSERT INTO changes (commune_code, kind, case_code, status, reason, actor, occurred_at)
                    VALUES (?, 'status_update', ?, ?, ?, ?, ?)
                    """,
                arguments: [current.communeCode, code, status.rawValue, reason, actor, now.iso8601])
            return try Row.fetchOne(db, sql: "SELECT * FROM cases WHERE code = ?", arguments: [code]).map(Self.centralCase)!
        }
    }

    public func rotateAdminToken(now: LocalTime) async throws -> String {
        let token = Tokens.make(.admin)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO admin_token (id, token_hash, created_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
                    """,
                arguments: [Tokens.hash(token), now.epochSeconds])
        }
        return token
    }

    public func isAdminToken(_ token: String) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM admin_token WHERE token_hash = ?", arguments: [Tokens.hash(token)])
                ?? false
        }
    }

    static func caseState(_ db: Database, code: String) throws -> CentralCaseState? {
        try Row.fetchOne(db, sql: "SELECT code, case_id, commune_code, status FROM cases WHERE code = ?", arguments: [code])
            .map {
                CentralCaseState(
                    code: $0["code"], caseID: $0["case_id"], communeCode: $0["commune_code"],
                    status: CaseStatus(rawValue: $0["status"]) ?? .received)
            }
    }

    static func device(_ row: Row) -> Device {
        Device(
            id: row["id"], communeCode: row["commune_code"], terminal: row["terminal"], unitCode: row["unit_code"],
            lastSeq: row["last_seq"], revoked: row["revoked_at"] != nil)
    }

    static func centralCase(_ row: Row) -> CentralCase {
        CentralCase(
            code: row["code"], caseID: row["case_id"], communeCode: row["commune_code"], deviceID: row["device_id"],
            procedureCode: row["procedure_code"], status: CaseStatus(rawValue: row["status"]) ?? .received,
            document: (try? JSONDecoder().decode(JSONValue.self, from: Data((row["document"] as String).utf8))) ?? .null,
            receivedAt: row["received_at"], dueAt: row["due_at"], conflict: row["conflict"])
    }
}
