import FieldCaseDomain
import FieldCaseWire

extension WireChange {
    /// A row of the change feed as both backends keep it (kind, outcome and status as text). What does not
    /// read is a damaged row: a desk is never sent a default kind or a status it cannot apply.
    package init(
        stored change: Int64, kind: String, caseCode: String, seq: Int64?, outcome: String?, status: String?,
        reason: String?, actor: String?, occurredAt: String, clock: WireClock?, caseID: String?
    ) throws(CorruptRow) {
        let key = String(change)
        self.init(
            change: change, kind: try .stored(kind, table: "changes", column: "kind", key: key), caseCode: caseCode,
            seq: seq,
            outcome: try outcome.map { raw throws(CorruptRow) in
                try PushOutcome.stored(raw, table: "changes", column: "outcome", key: key)
            },
            status: try status.map { raw throws(CorruptRow) in
                try CaseStatus.stored(raw, table: "changes", column: "status", key: key).rawValue
            },
            reason: reason, actor: actor, occurredAt: occurredAt,
            clock: try clock.map { wire throws(CorruptRow) in
                guard CaseClock(wire) != nil else { throw CorruptRow(table: "changes", key: key, column: "due_at") }
                return wire
            }, caseID: caseID)
    }
}
