import FieldCaseDomain

/// Early warning across communes: open dossiers that are overdue or due soon, worst commune first.
public struct OverdueReport: Sendable {
    public struct Row: Encodable, Sendable, Equatable {
        public let commune_code: String
        public var overdue = 0
        public var due_soon = 0
        public var open = 0
    }

    public let rows: [Row]

    public init(cases: [CentralCase], now: LocalTime, calendar: WorkCalendar) {
        var byCommune: [String: Row] = [:]
        for item in cases where item.status.isOpen {
            var row = byCommune[item.communeCode] ?? Row(commune_code: item.communeCode)
            row.open += 1
            switch item.timeliness(now: now, calendar: calendar) {
            case .overdue: row.overdue += 1
            case .dueSoon: row.due_soon += 1
            default: break
            }
            byCommune[item.communeCode] = row
        }
        rows = byCommune.values.sorted {
            ($0.overdue, $0.due_soon, $1.commune_code) > ($1.overdue, $1.due_soon, $0.commune_code)
        }
    }
}
