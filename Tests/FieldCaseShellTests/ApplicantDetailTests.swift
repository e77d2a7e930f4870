import FieldCaseGateway
import ArgumentParser
import Foundation
import FieldCaseWire
import Testing

@testable import FieldCaseCLI
@testable import FieldCaseCore
@testable import FieldCaseShell

/// A detail added in one place, `ApplicantDetail.all`, reaches every place a dossier is asked, checked,
/// written, shown, printed, exported and judged by the gateway.
@Suite("Applicant details declared once")
struct ApplicantDetailTests {
    /// The detail this test declares: a village's ethnic group, as a commune form might ask it.
    static let ethnicity = ApplicantDetail(
        key: "ethnicity", english: "Ethnic group", vietnamese: "Dân tộc", searchable: true
    ) { typed, detail throws(DomainError) in
        try TextRules.freeText(typed, field: .detail(detail), maxLength: 40)
    }
    static let declared = ApplicantDetail.standard + [ethnicity]
    static let now = LocalTime(date: LocalDate(year: 2026, month: 6, day: 10)!, secondOfDay: 9 * 3600)

    static func intake() -> CaseIntake {
        var intake = CaseIntake(
            procedureCode: "1.004859", name: "Nguyễn Văn Đức", idNumber: "001099012345", dateOfBirth: "1999-03-04",
            gender: .male)
        intake.receivedAt = now.iso8601
        intake.details = ["phone": "0912345678", "ethnicity": "Tày"]
        return intake
    }

    static func record(_ applicant: Applicant) -> CaseRecord {
        CaseRecord(
            id: "c1", code: "H01.02-260610-0001", procedureCode: "1.004859", channel: .inPerson,
            applicant: applicant, status: .received, receivedAt: now, dueAt: now.adding(seconds: 86_400),
            pausedSince: nil, finishedAt: nil, documents: [], fee: Fee(amount: 0, paid: false), summary: nil,
            officerName: "Lan", syncState: .pending, discardedAt: nil)
    }

    @Test("A declared detail is asked, checked, written on the wire, allowed by the gateway and shown everywhere")
    func declaredOnceSeenEverywhere() throws {
        let catalog = try Catalog.embedded()
        try ApplicantDetail.$all.withValue(Self.declared) {
            // The shell asks it, after the standard details, and checks the answer with its own rule.
            let questions = GuidedEntry.questions(for: [:], in: catalog)
            #expect(questions.contains(.detail(Self.ethnicity)))
            #expect(GuidedQuestion.detail(Self.ethnicity).vietnamesePrompt == "Dân tộc (Enter để bỏ qua)")
            #expect(
                try GuidedAnswers.check(
                    .detail(Self.ethnicity), "Tày", answers: [:], catalog: catalog, today: Self.now.date,
                    language: .english) == "Tày")
            #expect(throws: DomainError.self) {
                try GuidedAnswers.check(
                    .detail(Self.ethnicity), String(repeating: "x", count: 41), answers: [:], catalog: catalog,
                    today: Self.now.date, language: .english)
            }
            let drafted = try GuidedAnswers.intake(
                from: ["ethnicity": "Tày", "gender": "male"], questions: questions, language: .english)
            #expect(drafted.details["ethnicity"] == "Tày")

            // `case add --detail` takes it, and its help names it.
            let add = try CaseAddCommand.parse([
                "--procedure", "1.004859", "--name", "A", "--id-number", "1", "--dob", "1999-03-04", "--gender",
                "male", "--detail", "ethnicity=Tày",
            ])
            #expect(try add.typedDetails() == ["ethnicity": "Tày"])
            #expect(CaseAddCommand.helpMessage(columns: 400).contains("old_id_number, ethnicity"))

            // The rules keep it; the payload carries it and reads back.
            let applicant = try Self.intake().validated(catalog: catalog, now: Self.now).applicant
            #expect(applicant[Self.ethnicity] == "Tày")
            let json = try JSONEncoder().encode(applicant)
            #expect(String(decoding: json, as: UTF8.self).contains("\"ethnicity\":\"Tày\""))
            #expect(try JSONDecoder().decode(Applicant.self, from: json) == applicant)

            // The gateway's rules allow the key and check its value.
            let event = try Self.created(applicant)
            #expect(PayloadRules.unknownKey(in: event) == nil)
            var tooLong = applicant
            tooLong[Self.ethnicity] = String(repeating: "x", count: 41)
            #expect(throws: DomainError.invalidField(.detail(Self.ethnicity), .maxLength(40, got: 41))) {
                try PayloadRules.check(try Self.payload(tooLong), catalog: catalog)
            }

            // `case show`, the receipt and the CSV show it under its heading; search finds it.
            let record = Self.record(applicant)
            let shown = CaseShowCommand.text(
                record, procedure: nil, events: [], updates: [], calendar: catalog.calendar, survey: catalog.survey,
                now: Self.now,
                in: .vietnamese)
            #expect(shown.contains("Dân tộc") && shown.contains("Tày"))
            #expect(!shown.contains("Dân tộcTày"))
            let slip = ReceiptSlip(record: record, procedure: nil, commune: nil, due: Self.now, width: 48).render()
            #expect(slip.contains("Dân tộc: Tày"))
            let headers = CaseColumns.headers(in: .english)
            let cells = CaseColumns.cells(record, calendar: catalog.calendar, now: Self.now, in: .english)
            #expect(headers.count == cells.count)
            #expect(headers.firstIndex(of: "Ethnic group").map { cells[$0] } == "Tày")
            #expect(BlindIndex.matches("tay", applicant))
        }
        // Outside the declaration the same payload is refused by the gateway, naming the key.
        #expect(PayloadRules.unknownKey(in: try Self.created(Self.intakeApplicant())) == "applicant.ethnicity")
    }

    @Test("The old CMND number a card gives is on case show, the receipt and the CSV")
    func oldNumberShown() throws {
        let catalog = try Catalog.embedded()
        // Only a scanned card gives it: never asked.
        #expect(!GuidedEntry.questions(for: [:], in: catalog).contains(.detail(.oldIDNumber)))
        var applicant = try Self.intakeApplicant(declared: ApplicantDetail.standard)
        applicant[.oldIDNumber] = "025123456"
        let record = Self.record(applicant)
        let shown = CaseShowCommand.text(
            record, procedure: nil, events: [], updates: [], calendar: catalog.calendar, survey: catalog.survey,
            now: Self.now,
            in: .english)
        // The longest heading still leaves a space before its value.
        #expect(shown.contains("Old CMND number 025123456"))
        let slip = ReceiptSlip(record: record, procedure: nil, commune: nil, due: Self.now, width: 48).render()
        #expect(slip.contains("Số CMND cũ: 025123456"))
        let headers = CaseColumns.headers(in: .vietnamese)
        let cells = CaseColumns.cells(record, calendar: catalog.calendar, now: Self.now, in: .vietnamese)
        #expect(headers.firstIndex(of: "Số CMND cũ").map { cells[$0] } == "=\"025123456\"")
    }

    @Test("case add refuses a detail no desk declares, one given twice, and one without a value sign")
    func addRefusesUnknownDetails() throws {
        let catalog = try Catalog.embedded()
        var intake = Self.intake()
        intake.details = ["nickname": "Đức"]
        #expect(throws: DomainError.invalidField(.applicantDetail, .oneOf(["phone", "address", "old_id_number"]))) {
            try intake.validated(catalog: catalog, now: Self.now)
        }
        let base = ["--procedure", "1.004859", "--name", "A", "--id-number", "1", "--dob", "1999-03-04"]
        let twice = try CaseAddCommand.parse(base + ["--gender", "male", "--phone", "1", "--detail", "phone=2"])
        #expect(throws: ValidationError.self) { try twice.typedDetails() }
        let unsigned = try CaseAddCommand.parse(base + ["--gender", "male", "--detail", "phone"])
        #expect(throws: ValidationError.self) { try unsigned.typedDetails() }
    }

    @Test("Detail keys are unique and clash with no identity key or guided question")
    func keysAreDistinct() throws {
        let keys = ApplicantDetail.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        let identity: Set = ["name", "id_type", "id_number", "date_of_birth", "gender"]
        let questions = GuidedEntry.questions(for: ["fee": "1"], in: try Catalog.embedded()).filter {
            if case .detail = $0 { return false }
            return true
        }
        #expect(Set(keys).isDisjoint(with: identity.union(questions.map(\.key))))
    }

    /// The applicant of `intake()` as the rules keep it under `declared`.
    static func intakeApplicant(declared: [ApplicantDetail] = declared) throws -> Applicant {
        try ApplicantDetail.$all.withValue(declared) {
            var intake = intake()
            if !declared.contains(ethnicity) { intake.details["ethnicity"] = nil }
            return try intake.validated(catalog: try Catalog.embedded(), now: now).applicant
        }
    }

    static func payload(_ applicant: Applicant) -> CaseCreatedPayload {
        CaseCreatedPayload(
            code: "H01.02-260610-0001", procedureCode: "1.004859", channel: .inPerson, applicant: applicant,
            receivedAt: now, dueAt: now, documents: [], fee: Fee(amount: 0, paid: false), summary: nil)
    }

    static func created(_ applicant: Applicant) throws -> WireEvent {
        let payload = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(payload(applicant)))
        return WireEvent(
            seq: 1, eventID: "e1", caseID: "c1", caseCode: "H01.02-260610-0001", kind: CaseEventKind.created,
            occurredAt: now.iso8601, officer: "Lan", payload: payload)
    }
}
