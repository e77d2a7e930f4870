import Foundation
import FieldCaseRows
import GRDB

/// The early-warning view a supervisor answers to the province with.
public struct Dashboard: Sendable {
    /// An open dossier that is overdue or due soon.
    public struct Watch: Sendable, Hashable {
        public let code: String
        public let procedureCode: String
        public let status: CaseStatus
        public let due: LocalTime
        public let timeliness: Timeliness
        /// Working days past the due time (negative: still left before it), to one decimal.
        public let workingDaysLate: Double
    }

    public enum Warning: Sendable, Hashable {
        case notDrained(since: LocalTime, hours: Int)
        case rejected(Int)
        case conflicts(Int)
        case held(Int)
        case notEnrolled
        /// A bundle's reply has not come back for `days` days while `waiting` of its items wait for answers.
        case bundleUnanswered(fileName: String, since: LocalTime, days: Int, waiting: Int)
        /// `dossiers` open dossiers fall due across `years`, whose holidays the catalog has not confirmed: their
        /// due dates follow the Labor Code and may move when the province publishes the year's schedule.
        case calendarUnconfirmed(years: [Int], dossiers: Int)
    }

    /// A bundle's reply may take this long (a trip to the district and back) before the dashboard warns.
    public static let bundleReplyWarningSeconds = 7 * 86_400

    /// Dossiers by status, discarded ones apart.
    public let counts: [CaseStatus: Int]
    public let discarded: Int
    /// Worst (latest) first.
    public let overdue: [Watch]
    /// Closest to its due time first.
    public let dueSoon: [Watch]
    public let queue: [SyncState: Int]
    public let oldestPending: LocalTime?
    public let lastSync: LocalTime?
    public let warnings: [Warning]

    /// The outbox has waited this long before the dashboard warns.
    public static let drainWarningSeconds = 24 * 3600
}

extension FieldCaseStore {
    /// Counts, watch lists and warnings as of `now`. Reads indexes and the dossiers due within a month;
    /// it never loads every case.
    public func dashboard(now: LocalTime) throws -> Dashboard {
        try read { db in
            let calendar = try calendar(db)
            var counts: [CaseStatus: Int] = [:]
            // Each group names one of its dossiers: a status no version writes is reported with a code to look at.
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n, min(code) AS example FROM cases GROUP BY status")
            {
                let key = try row.stored("example", table: "cases", key: "counted by status", as: String.self)
                counts[try row.stored("status", table: "cases", key: key, as: CaseStatus.self)] = try row.stored(
                    "n", table: "cases", key: key)
            }
            // Without GROUP BY, so that SQLite takes the partial index of discarded dossiers.
            let discarded = try Row.fetchAll(db, sql: "SELECT status, code FROM cases WHERE discarded_at IS NOT NULL")
            for row in discarded {
                let key = try row.stored("code", table: "cases", key: "discarded", as: String.self)
                counts[try row.stored("status", table: "cases", key: key, as: CaseStatus.self), default: 0] -= 1
            }
            let watches = try Self.watches(db, calendar: calendar, now: now)
            var queue: [SyncState: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT state, COUNT(*) AS n, min(seq) AS example FROM outbox GROUP BY state")
            {
                let key = try row.stored("example", table: "outbox", key: "counted by state", as: Int64.self)
                queue[try row.stored("state", table: "outbox", key: String(key), as: SyncState.self)] = try row.stored(
                    "n", table: "outbox", key: String(key))
            }
            let oldest = try Self.oldestPending(db)
            let sync = try Row.fetchOne(db, sql: "SELECT last_sync_at FROM sync_config WHERE id = 1")
            let lastSync = try sync?.reading("sync_config", key: "1").timeIfAny("last_sync_at")
            var warnings: [Dashboard.Warning] = []
            if let oldest, now.epochSeconds - oldest.epochSeconds >= Dashboard.drainWarningSeconds {
                warnings.append(.notDrained(since: oldest, hours: Int(now.epochSeconds - oldest.epochSeconds) / 3600))
            }
            if let rejected = queue[.rejected], rejected > 0 { warnings.append(.rejected(rejected)) }
            if let conflicts = queue[.conflict], conflicts > 0 { warnings.append(.conflicts(conflicts)) }
            if let held = queue[.held], held > 0 { warnings.append(.held(held)) }
            if sync == nil { warnings.append(.notEnrolled) }
            for bundle in try Self.outstandingBundles(
                db, before: now.adding(seconds: -Dashboard.bundleReplyWarningSeconds))
            {
                warnings.append(
                    .bundleUnanswered(
                        fileName: bundle.fileName, since: bundle.exportedAt,
                        days: Int(now.epochSeconds - bundle.exportedAt.epochSeconds) / 86_400, waiting: bundle.waiting))
            }
            if let warning = try Self.unconfirmedCalendar(db, calendar: calendar, now: now) {
                warnings.append(warning)
            }
            return Dashboard(
                counts: counts.filter { $0.value > 0 }, discarded: discarded.count,
                overdue: watches.filter { $0.timeliness == .overdue }.sorted { $0.due < $1.due },
                dueSoon: watches.filter { $0.timeliness == .dueSoon }.sorted { $0.due < $1.due },
                queue: queue, oldestPending: oldest, lastSync: lastSync, warnings: warnings)
        }
    }

    /// The open statuses as an SQL list, for `status IN (…)`.
    static let openStatuses = CaseStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Open dossiers due in years the calendar has not confirmed, from this year on: counted by due year in
    /// SQL, and a running pause's dossiers by their effective due time (few are paused at once).
    static func unconfirmedCalendar(_ db: Database, calendar: WorkCalendar, now: LocalTime) throws
        -> Dashboard.Warning?
    {
        guard let year = (now.date.year...(now.date.year + 10)).first(where: { !calendar.confirmedYears.contains($0) }),
            let start = LocalDate(year: year, month: 1, day: 1).map({ LocalTime(date: $0, secondOfDay: 0) })
        else { return nil }
        var byYear: [Int: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT CAST(strftime('%Y', due_at + 25200, 'unixepoch') AS INTEGER) AS year, COUNT(*) AS dossiers
                FROM cases WHERE status IN (\(Self.openStatuses)) AND due_at >= ? AND discarded_at IS NULL
                    AND paused_since IS NULL
                GROUP BY year
                """,
            arguments: [start.epochSeconds])
        {
            let read = row.reading("cases", key: "counted by due year")
            byYear[try read("year", as: Int.self), default: 0] += try read("dossiers", as: Int.self)
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT code, due_at, paused_since FROM cases
                WHERE status IN (\(Self.openStatuses)) AND paused_since IS NOT NULL AND discarded_at IS NULL
                """)
        {
            let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
            let read = row.reading("cases", key: code)
            let due = calendar.effectiveDue(
                try read.time("due_at"), pausedSince: try read.timeIfAny("paused_since"), now: now)
            if due >= start { byYear[due.date.year, default: 0] += 1 }
        }
        let unconfirmed = byYear.filter { !calendar.confirmedYears.contains($0.key) }
        let dossiers = unconfirmed.values.reduce(0, +)
        return dossiers == 0 ? nil : .calendarUnconfirmed(years: unconfirmed.keys.sorted(), dossiers: dossiers)
    }

    /// Open dossiers that are overdue or due soon. Only those due within a month of now can be: a
    /// running pause only moves a due time later.
    static func watches(_ db: Database, calendar: WorkCalendar, now: LocalTime) throws -> [Dashboard.Watch] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT code, procedure_code, status, due_at, paused_since FROM cases
                WHERE status IN (\(Self.openStatuses)) AND due_at <= ? AND discarded_at IS NULL
                """,
            arguments: [now.adding(seconds: 31 * 86_400).epochSeconds])
        return try rows.compactMap { row in
            let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
            let read = row.reading("cases", key: code)
            let status: CaseStatus = try read("status")
            let due = calendar.effectiveDue(
                try read.time("due_at"), pausedSince: try read.timeIfAny("paused_since"), now: now)
            guard let timeliness = calendar.timeliness(status: status, due: due, finishedAt: nil, now: now),
                timeliness == .overdue || timeliness == .dueSoon
            else { return nil }
            let seconds =
                timeliness == .overdue
                ? calendar.workingSeconds(from: due, to: now) : -calendar.workingSeconds(from: now, to: due)
            let days = (Double(seconds) / Double(calendar.workingDaySeconds) * 10).rounded() / 10
            return Dashboard.Watch(
                code: code, procedureCode: try read("procedure_code"), status: status, due: due,
                timeliness: timeliness, workingDaysLate: days)
        }
    }
}
