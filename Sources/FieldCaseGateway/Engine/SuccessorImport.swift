import FieldCaseBundle
import FieldCaseDomain
import FieldCaseWire
import Foundation

/// Whether a bundle's device may be revoked: a desk's own bundle is refused once its device is, and a bundle
/// taken for a replacement laptop must come from the revoked device it replaced.
package enum RevokedSender {
    case refused
    case required
}

/// What `bundle import --for-successor` did with a revoked device's bundle.
public struct SuccessorImport: Sendable {
    public let header: BundleHeader
    public let sha256: String
    /// The live device continuing the revoked one's series, which the dossiers now go on with.
    public let successor: Device
    /// The carrier holding the events taken, when there were any not held already.
    public let carrierID: String?
    public let counts: BundleCounts
    /// The bundle's scanned pages, and those now held here (the replaced laptop's stick may be their only copy).
    public let pagesCarried: Int
    public let pagesHeld: Int
}

extension Device {
    /// The carrier of `device`'s bundle as the push engine judges it: the same commune, terminal and unit code
    /// (the dossier codes are that terminal's), a series of its own from 1.
    package static func carrier(id: String, of device: Device) -> Device {
        Device(
            id: id, communeCode: device.communeCode, terminal: device.terminal, unitCode: device.unitCode,
            lastSeq: 0, revoked: true, streamID: id)
    }
}

extension CentralStorage {
    /// A bundle in transit when its laptop was replaced: its device is revoked and a new device continues the
    /// series, so the bundle's numbers are the new desk's to use. Its events are checked as any bundle's, those
    /// the commune holds already (the new desk sent them again, or another import took them) are duplicates,
    /// and the rest go through the push engine under a carrier of their own series: numbered from 1 there,
    /// judged as from the same terminal, never spending a number of the new desk's. No reply: the laptop that
    /// would read it is gone; the new desk learns the dossiers' fate from the province.
    public func importForSuccessor(_ data: Data, by operatorName: String, now: LocalTime, vault: PageVault?)
        async throws -> SuccessorImport
    {
        let bundle = try Self.parsed(data)
        let sealing = try await sealingKey()
        let (record, _) = try await sender(of: bundle, sealing: sealing, revoked: .required)
        guard let successor = try await liveDevice(inStream: record.device.streamID) else {
            throw CentralError.bundleDeviceRefused(
                "no device has been enrolled for terminal \(record.device.terminal) of commune "
                    + "\(record.device.communeCode) since device \(record.device.id) was revoked: enroll the "
                    + "replacement laptop first, then import the bundle for it")
        }
        let body: BundlePush
        do {
            body = try bundle.open(BundlePush.self, with: sealing)
        } catch {
            throw CentralError.bundleRefused(Self.describe(error, header: bundle.header))
        }
        try Self.check(body, against: bundle.header, device: record.device)
        var held: Set<String> = []
        for slice in body.events.map(\.eventID).chunked(1000) {
            held.formUnion(
                try await eventHolders(communeCode: record.device.communeCode, eventIDs: Array(slice)).map(\.eventID))
        }
        let fresh = body.events.filter { !held.contains($0.eventID) }.enumerated().map { index, event in
            var event = event
            event.seq = Int64(index + 1)
            return event
        }
        var carrier: Device?
        var counts = BundleCounts([])
        if !fresh.isEmpty {
            let made = try await insertCarrier(of: record.device, now: now)
            carrier = made
            counts = BundleCounts(try await apply(fresh, from: made, now: now).results)
        }
        counts.duplicates += body.events.count - fresh.count
        // The pages after the events, for the dossiers of the same commune, as a desk's own bundle's.
        let pages = try await keepPages(body.pages, from: record.device, vault: vault, now: now)
        try await insertBundleImport(
            BundleImportRecord(
                sha256: bundle.sha256, deviceID: record.device.id, firstSeq: bundle.header.firstSeq,
                lastSeq: bundle.header.lastSeq, items: body.events.count, counts: counts, importedBy: operatorName,
                importedAt: now))
        return SuccessorImport(
            header: bundle.header, sha256: bundle.sha256, successor: successor, carrierID: carrier?.id, counts: counts,
            pagesCarried: body.pages.count, pagesHeld: pages.held.count)
    }
}
