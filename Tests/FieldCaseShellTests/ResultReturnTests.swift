import FieldCaseCLI
import FieldCaseCore
import Foundation
import Testing

@testable import FieldCaseShell

/// `return CODE` at the desk's keyboard: the collector, then the citizen's rating and the survey's criteria, each
/// skippable; a wrong key asked again; Ctrl-C while rating never stops the handover, Ctrl-C before it writes
/// nothing.
@Suite(.serialized)
struct ResultReturnTests {
    typealias Lines = GuidedEntryTests.ScriptedLines

    /// A dossier recorded by guided entry and resolved, on a fresh desk.
    static func resolved() throws -> (FieldCaseStore, Session, String) {
        let (store, signedIn) = try GuidedEntryTests.desk()
        var session = signedIn
        _ = try GuidedEntry(store: store, editor: Lines(GuidedEntryTests.dossier), draft: nil, session: session).run()
        let code = try #require(try store.cases().first?.code)
        let officer = try session.authenticate(named: nil, in: store)
        for status in [CaseStatus.processing, .resolved] {
            _ = try store.changeStatus(
                code: code, to: status, reason: nil, by: officer, now: GuidedEntryTests.now)
        }
        return (store, session, code)
    }

    static func returnedMove(_ store: FieldCaseStore, _ code: String) throws -> StatusChangedPayload? {
        let record = try #require(try store.caseRecord(code: code))
        return try store.events(ofCase: record.id).compactMap {
            StatusChangedPayload(kind: $0.kind, payload: $0.payload)
        }.last { $0.to == .returned }
    }

    @Test("The collector (a wrong name asked again), a wrong key asked again, the rating and two criteria")
    func rated() throws {
        let (store, session, code) = try Self.resolved()
        let lines = Lines([
            ("Collected by", [.line("Trần 9"), .line("Trần Thị Hoa")]), ("CCCD number", [.line("001199012345")]),
            ("authorisation", [.line("y")]), ("citizen's rating", [.line("5"), .line("2")]),
            ("Processing time", [.line("3")]), ("manner", [.line("1")]),
        ])
        var handing = ResultReturn(store: store, editor: lines, session: session)
        #expect(try handing.run(code: code) == Exit.success)
        #expect(lines.prompts.filter { $0.contains("citizen's rating") }.count == 2, "5 is no rating: asked again")
        #expect(lines.prompts.filter { $0.contains("Collected by") }.count == 2, "a name with a digit: asked again")
        let move = try #require(try Self.returnedMove(store, code))
        #expect(move.handover?.collectedBy == "Trần Thị Hoa" && move.handover?.proxy == true)
        #expect(move.satisfaction?.rating == .satisfied)
        #expect(
            move.satisfaction?.criteria == [
                .init(code: "time", rating: .notSatisfied), .init(code: "attitude", rating: .verySatisfied),
            ])
        #expect(move.satisfaction?.survey == "2026.1")
    }

    @Test("Ctrl-C at the rating hands the result over unrated; Ctrl-C at the collector writes nothing")
    func interrupted() throws {
        let (store, session, code) = try Self.resolved()
        var stopped = ResultReturn(
            store: store, editor: Lines([("Collected by", [.interrupted])]), session: session)
        #expect(try stopped.run(code: code) == Exit.failure)
        #expect(try store.caseRecord(code: code)?.status == .resolved, "nothing written")

        var unrated = ResultReturn(
            store: store, editor: Lines([("Collected by", [.line("")]), ("citizen's rating", [.interrupted])]),
            session: session)
        #expect(try unrated.run(code: code) == Exit.success)
        let move = try #require(try Self.returnedMove(store, code))
        #expect(move.handover == nil && move.satisfaction == nil)
        #expect(try store.caseRecord(code: code)?.status == .returned)
    }

    @Test("A dossier not resolved yet is refused before anything is asked")
    func notResolved() throws {
        let (store, session) = try GuidedEntryTests.desk()
        _ = try GuidedEntry(store: store, editor: Lines(GuidedEntryTests.dossier), draft: nil, session: session).run()
        let code = try #require(try store.cases().first?.code)
        let lines = Lines([])
        var handing = ResultReturn(store: store, editor: lines, session: session)
        #expect(throws: DomainError.self) { try handing.run(code: code) }
        #expect(lines.prompts.isEmpty)
    }
}
