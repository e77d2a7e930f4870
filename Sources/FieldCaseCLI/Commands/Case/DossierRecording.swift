import FieldCaseCore

/// The one place a dossier is recorded: `case add` and the shell's guided entry both come here, so the same
/// rules, the same officer sign-in and the same transaction (dossier, event, outbox row, and the draft it
/// completes) stand behind every dossier.
public enum DossierRecording {
    public static func record(
        _ intake: CaseIntake, completingDraft draft: Int64? = nil, officer name: String?, store: FieldCaseStore,
        in session: inout Session
    ) throws -> CaseRecord {
        let now = session.now()
        let newCase = try intake.validated(catalog: try store.catalog(), now: now)
        let officer = try session.authenticate(named: name, in: store)
        return try store.addCase(newCase, by: officer, now: now, completingDraft: draft)
    }

    /// The warning, in `language`, that a dossier received at `received` and due at `due` carries when its due
    /// date depends on a year whose holidays the calendar has not confirmed.
    public static func calendarWarning(
        received: LocalTime, due: LocalTime, calendar: WorkCalendar, in language: Language
    ) -> String? {
        let years = calendar.unconfirmedYears(from: received.date, through: due.date)
        guard !years.isEmpty else { return nil }
        return DeskText.warning(.calendarUnconfirmed(years: years, dossiers: 1)).text(in: language)
    }
}
