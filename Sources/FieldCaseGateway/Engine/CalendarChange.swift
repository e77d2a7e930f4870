import FieldCaseDomain
import Foundation

/// An open dossier as a calendar change counts its due date again.
public struct OpenDossier: Sendable {
    public let state: CentralCaseState
    public let procedureCode: String
    public let receivedAt: LocalTime

    package init(state: CentralCaseState, procedureCode: String, receivedAt: LocalTime) {
        self.state = state
        self.procedureCode = procedureCode
        self.receivedAt = receivedAt
    }
}

/// What the gateway records of the calendar its due dates were counted on: the catalog's version with it, so
/// that a process serving an older catalog is refused instead of counting every dossier back.
struct RecordedCalendar: Codable {
    let catalog: String
    let calendar: WorkCalendar
}

extension WorkCalendar {
    /// The calendar every gateway before catalog 2026.1 counted due dates on when it served the bundled
    /// catalog: its 2025 days alone, nothing for the years after.
    public var countedBefore2026: WorkCalendar {
        var calendar = self
        calendar.holidays = holidays.filter { $0.year == 2025 }
        calendar.makeupDays = makeupDays.filter { $0.year == 2025 }
        calendar.confirmedYears = [2025]
        return calendar
    }
}

extension CentralStorage {
    /// Counts the due dates of open dossiers again when the gateway's calendar is not the one they were counted
    /// on (a catalog with a newly published year, or the first start of a release that knows the years after
    /// 2025, whose earlier counting is `countedBefore`), each with a `status_update` change that keeps its status
    /// and carries its new clock: every desk of the commune records it in the dossier's history and takes the
    /// new due date. Returns how many moved. Run at `serve`'s start; a second process finds the calendar
    /// recorded and changes nothing; a process serving an older catalog than the one recorded is refused
    /// (`CentralError.catalogOlder`). A recorded calendar this release cannot read is taken as the current one.
    @discardableResult
    public func adoptCalendar(now: LocalTime, countedBefore: WorkCalendar) async throws -> Int {
        let catalog = rules.catalog
        let current = catalog.calendar
        let record = try JSONEncoder.sorted.encode(RecordedCalendar(catalog: catalog.version, calendar: current))
        let procedures = Dictionary(catalog.procedures.map { ($0.code, $0.processing) }) { first, _ in first }
        return try await runCalendarChange(
            to: record, reason: "due date counted again on the calendar of catalog \(catalog.version)",
            actor: "catalog \(catalog.version)", now: now
        ) { stored, open in
            let recorded = stored.flatMap { try? JSONDecoder().decode(RecordedCalendar.self, from: $0) }
            if let recorded, Catalog.version(catalog.version, precedes: recorded.catalog) {
                throw CentralError.catalogOlder(recorded: recorded.catalog, serving: catalog.version)
            }
            let previous = stored == nil ? countedBefore : recorded?.calendar ?? current
            guard previous != current else { return [] }
            return open.compactMap { dossier in
                guard let processing = procedures[dossier.procedureCode],
                    let clock = try? dossier.state.clock.recounted(
                        receivedAt: dossier.receivedAt, processing: processing, from: previous, to: current),
                    clock != dossier.state.clock
                else { return nil }
                return dossier.state.with(clock: clock)
            }
        }
    }
}
