import FieldCaseGateway
import FieldCaseDomain
import Foundation
import PostgresNIO

/// Devices' bundle keys and the record of imported bundles in PostgreSQL.
extension PostgresCentralRepository {
    public func bundleDevice(id: String) async throws -> BundleDevice? {
        let rows = try await client.query(
            """
            SELECT id, commune_code, terminal, unit_code, last_seq, stream_id, revoked_at, signing_key, agreement_key,
                revoked_lost
            FROM devices WHERE id = \(id)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (id, commune, terminal, unit, last, stream, revoked, signing, agreement, lost) = try row.decode(
            (String, String, Int, String, Int64, String, Int64?, ByteBuffer?, ByteBuffer?, Bool).self)
        return BundleDevice(
            device: Device(
                id: id, communeCode: commune, terminal: terminal, unitCode: unit, lastSeq: last,
                revoked: revoked != nil, streamID: stream),
            revokedAt: revoked.map(LocalTime.init(epochSeconds:)),
            signingKey: signing.map { Data($0.readableBytesView) },
            agreementKey: agreement.map { Data($0.readableBytesView) }, lost: lost)
    }

    public func storeBundleKeys(deviceID: String, signing: Data, agreement: Data) async throws -> Bool {
        let rows = try await client.query(
            """
            WITH stored AS (
                UPDATE devices SET signing_key = \(ByteBuffer(bytes: signing)),
                    agreement_key = \(ByteBuffer(bytes: agreement))
                WHERE id = \(deviceID) AND signing_key IS NULL AND revoked_at IS NULL
                RETURNING signing_key, agreement_key)
            SELECT signing_key, agreement_key FROM stored
            UNION ALL SELECT signing_key, agreement_key FROM devices
            WHERE id = \(deviceID) AND NOT EXISTS (SELECT 1 FROM stored)
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return false }
        let (held, heldAgreement) = try row.decode((ByteBuffer?, ByteBuffer?).self)
        return held.map { Data($0.readableBytesView) } == signing
            && heldAgreement.map { Data($0.readableBytesView) } == agreement
    }

    public func insertBundleImport(_ record: BundleImportRecord) async throws {
        try await client.query(
            """
            INSERT INTO bundle_imports (sha256, device_id, first_seq, last_seq, items, applied, duplicates, rejected,
                conflicts, imported_by, imported_at)
            VALUES (\(record.sha256), \(record.deviceID), \(record.firstSeq), \(record.lastSeq), \(record.items),
                \(record.counts.applied), \(record.counts.duplicates), \(record.counts.rejected),
                \(record.counts.conflicts), \(record.importedBy), \(record.importedAt.epochSeconds))
            """, logger: logger)
    }

    public func eventHolders(communeCode: String, eventIDs: [String]) async throws -> [EventHolder] {
        var holders: [EventHolder] = []
        for row in try await client.query(
            """
            SELECT DISTINCT e.event_id, d.id,
                COALESCE((SELECT o.stream_id FROM devices o WHERE o.id = d.bundle_of), d.stream_id) AS stream_id,
                d.terminal
            FROM events e
            JOIN devices d ON d.id = e.device_id
            WHERE d.commune_code = \(communeCode) AND e.event_id = ANY(\(eventIDs))
            """, logger: logger
        ).collect() {
            let (event, device, stream, terminal) = try row.decode((String, String, String, Int).self)
            holders.append(EventHolder(eventID: event, deviceID: device, streamID: stream, terminal: terminal))
        }
        return holders
    }

    public func liveDevice(inStream streamID: String) async throws -> Device? {
        let rows = try await client.query(
            """
            SELECT id, commune_code, terminal, unit_code, last_seq, stream_id FROM devices
            WHERE stream_id = \(streamID) AND revoked_at IS NULL
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (id, commune, terminal, unit, last, stream) = try row.decode(
            (String, String, Int, String, Int64, String).self)
        return Device(
            id: id, communeCode: commune, terminal: terminal, unitCode: unit, lastSeq: last, revoked: false,
            streamID: stream)
    }

    public func insertCarrier(of device: Device, now: LocalTime) async throws -> Device {
        let id = UUID().uuidString.lowercased()
        try await client.query(
            """
            INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, last_seq, enrolled_at, revoked_at,
                stream_id, bundle_of)
            VALUES (\(id), \("carrier:\(id)"), \(device.communeCode), \(device.terminal), \(device.unitCode), 0,
                \(now.epochSeconds), \(now.epochSeconds), \(id), \(device.id))
            """, logger: logger)
        return Device.carrier(id: id, of: device)
    }
}
