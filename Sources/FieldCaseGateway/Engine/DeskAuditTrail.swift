import FieldCaseDomain
import FieldCaseWire
import Foundation

/// A desk's audit trail as the central system holds it, and the breaks found when it arrived.
public struct DeskAudit: Sendable {
    public let entries: [WireAuditEntry]
    public let breaks: [DeskAuditBreak]

    /// What is wrong with the trail: breaks recorded on arrival, and any in the stored chain itself.
    public var problems: [String] {
        breaks.map { "\($0.at): \($0.detail)" }
            + (AuditChain.firstBreak(in: entries).map { ["stored copy: " + Self.describe($0)] } ?? [])
    }

    static func describe(_ broken: (entry: WireAuditEntry, problem: AuditBreak)) -> String {
        switch broken.problem {
        case .missingBefore(let id): "entries from \(id) are missing before entry \(broken.entry.id)"
        case .altered: "entry \(broken.entry.id) does not follow from the one before"
        }
    }
}

extension WireAuditEntry {
    /// About how many bytes the entry takes in the gateway's database: its texts and the row around them.
    var storedBytes: Int {
        64 + action.utf8.count + hash.utf8.count
            + [officer, caseCode, subject, before, after, reason].reduce(0) { $0 + ($1?.utf8.count ?? 0) }
    }
}

public struct DeskAuditBreak: Sendable, Codable, Hashable {
    public let at: String
    public let detail: String

    package init(at: String, detail: String) {
        self.at = at
        self.detail = detail
    }
}

extension CentralStorage {
    /// Takes a desk's audit entries: those it already holds must be the same, the new ones must chain onto its
    /// last. Entries after a gap are not taken (the answer says where the desk resumes); a difference or a
    /// break is recorded against the device, and only the part that chains is kept. So a desk whose file was
    /// edited, cut or rewritten shows it here, whatever its own copy says now.
    ///
    /// What it stores counts against the device's byte quota like its events (`quota`; nil for an operator's
    /// bundle import): a desk cannot fill the gateway's disk through its audit trail.
    public func receiveAudit(_ pushed: AuditPushRequest, from device: Device, now: LocalTime, quota: GatewayLimits?)
        async throws -> AuditPushResponse
    {
        let reported = pushed.localProblems.prefix(10).map { "the desk reports: " + $0 }
        if !reported.isEmpty {
            // What the desk reports is stored too: it counts against the same quota as its entries.
            try await insertAudit(
                [], deviceID: device.id, now: now, bytes: reported.reduce(0) { $0 + 64 + $1.utf8.count },
                admit: Self.admission(quota, bytes: reported.reduce(0) { $0 + 64 + $1.utf8.count }))
            for problem in reported {
                try await insertAuditBreak(deviceID: device.id, detail: problem, now: now)
            }
        }
        let entries = pushed.entries
        let tail = try await auditTail(deviceID: device.id) ?? (0, "")
        guard let first = entries.first, first.id <= tail.id + 1 else {
            return AuditPushResponse(receivedThrough: tail.id, problem: nil)
        }
        let overlap = entries.filter { $0.id <= tail.id }
        if let last = overlap.last {
            let stored = try await auditHashes(deviceID: device.id, from: first.id, through: last.id)
            if let changed = overlap.first(where: { stored[$0.id] != $0.hash }) {
                return try await refuse(
                    "entry \(changed.id) differs from the copy received earlier (edited or rewritten on the desk)",
                    device: device, tail: tail.id, now: now)
            }
        }
        let fresh = entries.filter { $0.id > tail.id }
        var taken = fresh
        var problem: String?
        if let broken = AuditChain.firstBreak(in: fresh, after: tail) {
            taken = Array(fresh.prefix { $0.id < broken.entry.id })
            problem = DeskAudit.describe(broken)
        }
        let bytes = taken.reduce(0) { $0 + $1.storedBytes }
        try await insertAudit(
            taken, deviceID: device.id, now: now, bytes: bytes, admit: Self.admission(quota, bytes: bytes))
        let through = taken.last?.id ?? tail.id
        if let problem { return try await refuse(problem, device: device, tail: through, now: now) }
        return AuditPushResponse(receivedThrough: through, problem: nil)
    }

    /// Refuses `bytes` more for a device whose usage would pass its quota (none for an operator's import).
    static func admission(_ quota: GatewayLimits?, bytes: Int) -> @Sendable (DeviceUsage) throws -> Void {
        { usage in
            if let quota, let refusal = quota.quotaRefusal(usage, events: 0, bytes: bytes) {
                throw CentralError.quotaExceeded(refusal)
            }
        }
    }

    private func refuse(_ problem: String, device: Device, tail: Int64, now: LocalTime) async throws
        -> AuditPushResponse
    {
        try await insertAuditBreak(deviceID: device.id, detail: problem, now: now)
        return AuditPushResponse(receivedThrough: tail, problem: problem)
    }

    public func deskAudit(deviceID: String) async throws -> DeskAudit {
        DeskAudit(
            entries: try await auditTrail(deviceID: deviceID), breaks: try await auditBreaks(deviceID: deviceID))
    }
}
