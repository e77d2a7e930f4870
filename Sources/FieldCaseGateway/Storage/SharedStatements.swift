/// SQL both backends run word for word: written once, so a change to what an upsert keeps cannot reach one
/// backend and miss the other. (The values go in each backend's own way: `?` in SQLite, binds in PostgreSQL.)
package enum SharedStatements {
    /// A commune registered again keeps its newest unit code, with who registered it and when.
    package static let communeUpsert = """
        ON CONFLICT (code) DO UPDATE SET unit_code = excluded.unit_code,
            registered_at = excluded.registered_at, registered_by = excluded.registered_by
        """

    /// What the dossier histories of some communes are built from (`HistoryRow`): each dossier with its due time
    /// set at intake (no other field of its document: a report holds no personal data), each status change a desk
    /// made that was applied, with when it arrived, and each status the province set. A desk's move is also told
    /// to the commune's other desks as a `status_update` of that device: left out, or it would count twice; so is
    /// an event held already under another seq (stored with an empty payload; its first copy counts, for moves and
    /// pages alike).
    /// Each scanned page described for a dossier (`body` its description), for the digitisation measures.
    /// `communes` is the backend's expression for the list of commune codes, used four times, and `dueAt` its
    /// expression for a document's `due_at`.
    package static func historyRows(communes: String, dueAt: String) -> String {
        """
        SELECT 'dossier' AS source, code AS case_code, procedure_code AS detail, received_at AS at,
            \(dueAt) AS body, CAST(NULL AS BIGINT) AS arrived
        FROM cases WHERE commune_code IN \(communes)
        UNION ALL
        SELECT 'move', e.case_code, CAST(NULL AS TEXT), e.occurred_at, e.payload, e.received_at
        FROM events e JOIN cases c ON c.code = e.case_code
        WHERE c.commune_code IN \(communes) AND e.kind = 'case.status_changed' AND e.outcome = 'applied'
            AND e.payload <> '{}'
        UNION ALL
        SELECT 'update', case_code, status, occurred_at, CAST(NULL AS TEXT), CAST(NULL AS BIGINT) FROM changes
        WHERE commune_code IN \(communes) AND kind = 'status_update' AND device_id IS NULL
        UNION ALL
        SELECT 'page', e.case_code, CAST(NULL AS TEXT), e.occurred_at, e.payload, e.received_at
        FROM events e JOIN cases c ON c.code = e.case_code
        WHERE c.commune_code IN \(communes) AND e.kind = 'case.attached' AND e.outcome = 'applied'
            AND e.payload <> '{}'
        """
    }

    /// The applied `case.attached` events behind `PageRow`, with the dossier's commune: of a dossier (`e.case_code
    /// = placeholder`), or describing a page (`pageAddress = placeholder`, which the index `events_by_page` answers).
    package static func pageRows(byPage: Bool, placeholder: String, find: String) -> String {
        """
        SELECT e.case_code, c.commune_code, e.payload FROM events e JOIN cases c ON c.code = e.case_code
        WHERE e.kind = 'case.attached' AND e.outcome = 'applied' AND e.payload <> '{}'
            AND \(byPage ? pageAddress(find: find) : "e.case_code") = \(placeholder)
        ORDER BY e.received_at, e.seq
        """
    }

    /// A page's address in its event's payload, which the gateway stores as sorted JSON (`"sha256":"…"`): plain
    /// string functions, so both databases index it (migration v14 of each writes the same expression out). `find`
    /// is the backend's `instr` or `strpos`.
    package static func pageAddress(find: String) -> String {
        "substr(payload, \(find)(payload, '\"sha256\":\"') + 10, 64)"
    }

    /// The seq series a device's events belong to: a carrier's is the series of the device whose bundle it
    /// carries. (`alias` names the devices row.)
    package static func seriesOf(_ alias: String) -> String {
        "COALESCE((SELECT o.stream_id FROM devices o WHERE o.id = \(alias).bundle_of), \(alias).stream_id)"
    }
}
