import FieldCaseCommandLine
import FieldCaseCore
import FieldCaseWire

/// The dashboard in words: the one-line summary the shell banner shows, and the warnings.
public enum DashboardText {
    /// `2 overdue · 1 due soon · ↑5 waiting (oldest 3h) · last sync 2025-06-10 16:05 · warning: 2 rejected`
    public static func summary(_ dashboard: Dashboard, now: LocalTime, in language: Language = .english) -> String {
        let vi = language == .vietnamese
        var parts = [
            vi ? "\(dashboard.overdue.count) quá hạn" : "\(dashboard.overdue.count) overdue",
            vi ? "\(dashboard.dueSoon.count) sắp đến hạn" : "\(dashboard.dueSoon.count) due soon",
        ]
        let pending = dashboard.queue[.pending] ?? 0
        if let oldest = dashboard.oldestPending {
            let age = age(now.epochSeconds - oldest.epochSeconds, vietnamese: vi)
            parts.append(vi ? "↑\(pending) chờ gửi (lâu nhất \(age))" : "↑\(pending) waiting (oldest \(age))")
        } else {
            parts.append(vi ? "không có gì chờ gửi" : "outbox empty")
        }
        let lastSync = dashboard.lastSync.map(Format.shortTime) ?? (vi ? "chưa có" : "never")
        parts.append(vi ? "đồng bộ gần nhất \(lastSync)" : "last sync \(lastSync)")
        // Each warning named in a few words: the banner says what is wrong, `status` says what to do.
        let named = dashboard.warnings.map { short($0, vietnamese: vi) }.joined(separator: ", ")
        if !named.isEmpty {
            parts.append((vi ? "cảnh báo: " : dashboard.warnings.count == 1 ? "warning: " : "warnings: ") + named)
        }
        return parts.joined(separator: " · ")
    }

    /// A warning in a few words, for the banner.
    static func short(_ warning: Dashboard.Warning, vietnamese vi: Bool) -> String {
        switch warning {
        case .notDrained(_, let hours): vi ? "chưa gửi được \(hours) giờ" : "outbox stuck \(hours)h"
        case .rejected(let count): vi ? "\(count) bị từ chối" : "\(count) rejected"
        case .conflicts(let count): vi ? "\(count) xung đột" : "\(count) in conflict"
        case .held(let count): vi ? "\(count) đang giữ lại" : "\(count) held"
        case .notEnrolled: vi ? "chưa đăng ký với trung tâm" : "not enrolled"
        case .bundleUnanswered(_, _, let days, _):
            vi ? "gói chưa có trả lời \(days) ngày" : "bundle unanswered \(days)d"
        case .calendarUnconfirmed(let years, _):
            vi
                ? "lịch nghỉ \(years.map(String.init).joined(separator: ", ")) chưa xác nhận"
                : "holidays of \(years.map(String.init).joined(separator: ", ")) unconfirmed"
        }
    }

    /// `3h`, or `3 giờ`.
    static func age(_ seconds: Int64, vietnamese vi: Bool) -> String {
        if seconds >= 86_400 { return vi ? "\(seconds / 86_400) ngày" : "\(seconds / 86_400)d" }
        if seconds >= 3600 { return vi ? "\(seconds / 3600) giờ" : "\(seconds / 3600)h" }
        return vi ? "\(max(0, seconds) / 60) phút" : "\(max(0, seconds) / 60)m"
    }
}

/// The dashboard as JSON: stable keys whatever the language.
struct DashboardJSON: Encodable {
    struct Watch: Encodable {
        let code: String
        let procedure_code: String
        let status: CaseStatus
        let due_at: LocalTime
        let working_days_late: Double
    }

    struct Outbox: Encodable {
        let pending: Int
        let held: Int
        let rejected: Int
        let conflict: Int
        @Nullable var oldest_pending_age_seconds: Int64?
    }

    let counts: [String: Int]
    let discarded: Int
    let overdue: [Watch]
    let due_soon: [Watch]
    let outbox: Outbox
    @Nullable var last_sync_at: LocalTime?
    let warnings: [String]
    /// The month so far, as `report indicators` counts it.
    let indicators: IndicatorsPrintout.JSON
    /// Scanned pages still to send, and the page budget.
    let pages: PageBacklog

    init(_ dashboard: Dashboard, indicators: IndicatorsPrintout.JSON, pages: PageBacklog, now: LocalTime) {
        self.indicators = indicators
        self.pages = pages
        counts = Dictionary(uniqueKeysWithValues: CaseStatus.allCases.map { ($0.rawValue, dashboard.counts[$0] ?? 0) })
        discarded = dashboard.discarded
        let watch = { (w: Dashboard.Watch) in
            Watch(
                code: w.code, procedure_code: w.procedureCode, status: w.status, due_at: w.due,
                working_days_late: w.workingDaysLate)
        }
        overdue = dashboard.overdue.map(watch)
        due_soon = dashboard.dueSoon.map(watch)
        outbox = Outbox(
            pending: dashboard.queue[.pending] ?? 0, held: dashboard.queue[.held] ?? 0,
            rejected: dashboard.queue[.rejected] ?? 0, conflict: dashboard.queue[.conflict] ?? 0,
            oldest_pending_age_seconds: dashboard.oldestPending.map { max(0, now.epochSeconds - $0.epochSeconds) })
        last_sync_at = dashboard.lastSync
        // JSON keeps the English texts whatever the language.
        warnings = dashboard.warnings.map(DeskText.english)
    }
}
