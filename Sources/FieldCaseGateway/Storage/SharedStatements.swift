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

    /// The dossiers of some communes with a change numbered after a cursor (`?`/`$n` placeholders in the order
    /// cursor, bound, limit), each with its newest change, oldest first. An export that takes the first `limit`
    /// of them and moves its cursor to the newest change of the last one has told every dossier changed up to
    /// that number, each in a state at least that new. `bound` is the highest number known committed (PostgreSQL
    /// hands numbers out in commit order; SQLite reads in one transaction). Only the communes' own dossiers: a
    /// change is filed under the commune of the device that caused it, and a desk's refused event may name
    /// another commune's dossier; a code with no dossier (an event refused before its dossier was taken) neither.
    package static func changedDossiers(communes: String, cursor: String, bound: String, limit: String) -> String {
        """
        SELECT ch.case_code, MAX(ch.change) AS newest FROM changes ch
        JOIN cases c ON c.code = ch.case_code AND c.commune_code = ch.commune_code
        WHERE ch.commune_code IN \(communes) AND ch.change > \(cursor) AND ch.change <= \(bound)
        GROUP BY ch.case_code ORDER BY newest, ch.case_code LIMIT \(limit)
        """
    }

    /// Everything that moved some dossiers (`ProcessRow`), for the provincial export: who received each one,
    /// each applied status change a desk made (`body` its payload), each status the province set (`detail` the
    /// status, `body` the reason) and each scanned page described (`body` its description), in the order the
    /// gateway applied them (`ordinal`, the change number: a desk's clock may be behind the province's). `codes`
    /// is the backend's expression for the list of dossier codes, used four times; `who` is the officer or
    /// operator.
    package static func processRows(codes: String) -> String {
        """
        SELECT 'created' AS source, case_code, officer AS who, occurred_at AS at, CAST(NULL AS TEXT) AS detail,
            CAST(NULL AS TEXT) AS body, received_at AS arrived, COALESCE(change, 0) AS ordinal
        FROM events WHERE case_code IN \(codes) AND kind = 'case.created' AND outcome = 'applied' AND payload <> '{}'
        UNION ALL
        SELECT 'move', case_code, officer, occurred_at, CAST(NULL AS TEXT), payload, received_at, COALESCE(change, 0)
        FROM events
        WHERE case_code IN \(codes) AND kind = 'case.status_changed' AND outcome = 'applied' AND payload <> '{}'
        UNION ALL
        SELECT 'update', case_code, actor, occurred_at, status, reason, CAST(NULL AS BIGINT), change FROM changes
        WHERE case_code IN \(codes) AND kind = 'status_update' AND device_id IS NULL
        UNION ALL
        SELECT 'page', case_code, officer, occurred_at, CAST(NULL AS TEXT), payload, received_at, COALESCE(change, 0)
        FROM events
        WHERE case_code IN \(codes) AND kind = 'case.attached' AND outcome = 'applied' AND payload <> '{}'
        ORDER BY ordinal, source
        """
    }

    /// The `page_kept` change a dossier has for a page, if it has one (`changes_by_case` answers it).
    package static func pageKept(code: String, sha256: String) -> String {
        "SELECT 1 FROM changes WHERE case_code = \(code) AND kind = 'page_kept' AND reason = \(sha256)"
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
