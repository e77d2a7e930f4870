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
}
