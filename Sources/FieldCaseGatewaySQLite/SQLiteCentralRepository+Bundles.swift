import FieldCaseGateway
import FieldCaseDomain
import FieldCaseRows
import Foundation
import GRDB

/// Devices' bundle keys and the record of imported bundles in the SQLite file.
extension SQLiteCentralRepository {
    public func bundleDevice(id: String) async throws -> BundleDevice? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM devices WHERE id = ?", arguments: [id]).map { row in
                let read = row.reading("devices", key: id)
                return BundleDevice(
                    device: try Self.device(row), revokedAt: try read.timeIfAny("revoked_at"),
                    signingKey: try read("signing_key", as: Data?.self),
                    agreementKey: try read("agreement_key", as: Data?.self), lost: try read("revoked_lost"))
            }
        }
    }

    public func storeBundleKeys(deviceID: String, signing: Data, agreement: Data) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE devices SET signing_key = ?, agreement_key = ?
                    WHERE id = ? AND signing_key IS NULL AND revoked_at IS NULL
                    """, arguments: [signing, agreement, deviceID])
            let row = try Row.fetchOne(
                db, sql: "SELECT signing_key, agreement_key FROM devices WHERE id = ?", arguments: [deviceID]
            )?.reading("devices", key: deviceID)
            return try row?("signing_key", as: Data?.self) == signing
                && row?("agreement_key", as: Data?.self) == agreement
        }
    }

    public func insertBundleImport(_ record: BundleImportRecord) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO bundle_imports (sha256, device_id, first_seq, last_seq, items, applied, duplicates,
                        rejected, conflicts, imported_by, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.sha256, record.deviceID, record.firstSeq, record.lastSeq, record.items,
                    record.counts.applied, record.counts.duplicates, record.counts.rejected, record.counts.conflicts,
                    record.importedBy, record.importedAt.epochSeconds,
                ])
        }
    }

    public func eventHolders(communeCode: String, eventIDs: [String]) async throws -> [EventHolder] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT e.event_id, d.id,
                        COALESCE((SELECT o.stream_id FROM devices o WHERE o.id = d.bundle_of), d.stream_id) AS stream_id,
                        d.terminal
                    FROM events e
                    JOIN devices d ON d.id = e.device_id
                    WHERE d.commune_code = ? AND e.event_id IN (\(placeholders(eventIDs.count)))
                    """, arguments: StatementArguments([communeCode] + eventIDs)
            ).map { row in
                let read = row.reading("events", key: "held in \(communeCode)")
                return EventHolder(
                    eventID: try read("event_id"), deviceID: try read("id"), streamID: try read("stream_id"),
                    terminal: try read("terminal"))
            }
        }
    }

    public func liveDevice(inStream streamID: String) async throws -> Device? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM devices WHERE stream_id = ? AND revoked_at IS NULL", arguments: [streamID]
            ).map(Self.device)
        }
    }

    public func insertCarrier(of device: Device, now: LocalTime) async throws -> Device {
        let id = UUID().uuidString.lowercased()
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, last_seq, enrolled_at,
                        revoked_at, stream_id, bundle_of)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, "carrier:\(id)", device.communeCode, device.terminal, device.unitCode, now.epochSeconds,
                    now.epochSeconds, id, device.id,
                ])
        }
        return Device.carrier(id: id, of: device)
    }
}
