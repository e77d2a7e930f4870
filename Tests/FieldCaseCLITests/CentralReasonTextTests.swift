import FieldCaseDomain
import Foundation
import Testing

@testable import FieldCaseCLI

/// The central system's reasons as a Vietnamese desk shows them: every wording of the gateway comes out
/// without its English words, the domain's refusals come out as the domain's Vietnamese catalog says them,
/// and a text nobody knows is shown as received.
struct CentralReasonTextTests {
    /// One concrete text of each wording of `CentralRules` and `PushPlanner` (and the desk's own fallback),
    /// with the parts it carries over as they are; a status or an event kind it names is put in words instead.
    /// (The domain's refusals it forwards are checked against the domain's own catalog below.)
    static let gateway: [(reason: String, parts: [String])] = [
        ("occurred_at 'yesterday' is not an ISO 8601 time", ["yesterday"]),
        (
            "the desk's time 2019-12-31T23:00:00+07:00 is before 2020-01-01; set the desk's clock right and send "
                + "again", ["2019-12-31T23:00:00+07:00", "2020-01-01"]
        ),
        (
            "the desk's time 2025-06-14T09:00:00+07:00 is 72 hours ahead of the central clock; set the desk's clock "
                + "right and send again", ["2025-06-14T09:00:00+07:00", "72"]
        ),
        ("due date counted again on the calendar of catalog 2027.1", ["2027.1"]),
        ("unknown event kind 'case.merged'", ["case.merged"]),
        ("unknown field 'applicant.nickname' in the dossier; nothing of it was stored", ["applicant.nickname"]),
        ("invalid payload for case.created", []),
        ("invalid payload for case.status_changed", []),
        ("dossier code 02266-250610-1001 was not issued by this device", ["02266-250610-1001"]),
        ("dossier 02266-250610-1001 was already created", ["02266-250610-1001"]),
        ("dossier code 02266-250610-1001 is already used by another case", ["02266-250610-1001"]),
        (
            "case id 6f1c0e4a-5b7d-4c1e-9a3f-2d8e7b6a5c4d already belongs to another dossier",
            ["6f1c0e4a-5b7d-4c1e-9a3f-2d8e7b6a5c4d"]
        ),
        (
            "dossier 02266-250610-1001 was received on 2025-06-09, not on the day its code says; check the desk's "
                + "clock", ["02266-250610-1001", "2025-06-09"]
        ),
        ("unknown procedure 9.999999", ["9.999999"]),
        (
            "no due date can be computed for 2025-06-10T09:00:00+07:00 in the central calendar",
            ["2025-06-10T09:00:00+07:00"]
        ),
        ("unknown field 'note' in the status change; nothing of it was stored", ["note"]),
        ("unknown dossier 02266-250610-1009", ["02266-250610-1009"]),
        (
            "dossier 02266-250610-1001 on the central system is another case than this desk's; its code was issued "
                + "twice", ["02266-250610-1001"]
        ),
        ("the central record is stopped; the desk moved it from processing to resolved", []),
        (
            "the central system holds another event under seq 7: this desk's numbering went back (a home restored "
                + "from an older copy, or cloned to a second laptop)", ["7"]
        ),
        ("diverged", []),
    ]

    /// Runs of three or more ASCII letters, lowercased; an acronym (ISO) is written the same in both languages.
    static func words(_ text: String) -> Set<String> {
        Set(
            text.split { !($0.isASCII && $0.isLetter) }.filter { $0.count >= 3 && $0.uppercased() != $0 }
                .map { $0.lowercased() })
    }

    @Test("Each wording of the gateway is shown in Vietnamese with none of its English words", arguments: gateway)
    func gatewayWording(_ example: (reason: String, parts: [String])) {
        let shown = CentralReasonText.shown(example.reason, in: .vietnamese)
        let english = Self.words(example.reason).subtracting(example.parts.flatMap(Self.words))
        #expect(Self.words(shown).isDisjoint(with: english), "\(shown)")
        for part in example.parts {
            #expect(shown.contains(part), "\(part) carried into: \(shown)")
        }
        #expect(CentralReasonText.shown(example.reason, in: .english) == example.reason)
    }

    @Test("A status or an event kind the gateway names is shown in the desk's Vietnamese words")
    func statusesAndKinds() {
        #expect(
            CentralReasonText.shown(
                "the central record is stopped; the desk moved it from processing to resolved", in: .vietnamese)
                == "trên hệ thống trung tâm hồ sơ đang ở trạng thái 'dừng giải quyết'; máy này đã chuyển hồ sơ từ "
                + "'đang giải quyết' sang 'đã có kết quả'")
        #expect(
            CentralReasonText.shown("invalid payload for case.created", in: .vietnamese)
                == "nội dung của sự kiện 'tiếp nhận hồ sơ' không đọc được")
    }

    @Test("Every refusal of the domain rules reads as the domain's Vietnamese catalog says it")
    func domainRefusals() {
        let rules: [Rule] = [
            .notEmpty, .maxLength(500, got: 612), .nameCharacters(found: "1"), .containsLetters,
            .noControlCharacters(found: "001B"), .oneOf(["male", "female"]), .feeRange, .documentFormat,
            .documentNotEmpty, .documentCounts, .pinFormat(minimum: 6), .terminalRange, .unitCodeFormat, .dateFormat,
            .notInFuture, .notBefore(year: 1900), .timeFormat, .phoneFormat, .otherIDFormat(type: "passport"),
            .cccdLength(got: "0123"), .cccdProvince("999"), .cccdBirthCentury,
            .cccdCenturyGender(digit: 2, gender: .female, year: 1999, expected: 1),
            .cccdCenturyGender(digit: 3, gender: .male, year: 2001, expected: 2),
            .cccdBirthYear(found: "98", year: 1999, expected: "99"), .qrFieldCount(got: 5), .qrDateFormat,
            .cmndFormat(got: "12"), .notBeforeBirth,
        ]
        let errors =
            CentralReasonText.DomainRefusal.fields.flatMap { field in rules.map { DomainError.invalidField(field, $0) }
            }
            + CaseStatus.allCases.flatMap { from in CaseStatus.allCases.map { .invalidTransition(from: from, to: $0) } }
            + CaseStatus.allCases.map { .reasonRequired($0) }
        for error in errors {
            #expect(
                CentralReasonText.shown(error.description, in: .vietnamese) == error.text(in: .vietnamese),
                "\(error.description)")
        }
    }

    @Test("A reason no wording knows, and an operator's name, are shown as received; a desk's actor is a máy")
    func unknownPassesThrough() {
        for reason in [
            "the province closed this dossier by hand", "unknown field", "dossier  was already created", "",
            "reason: must be at most many characters (got 612)",
        ] {
            #expect(CentralReasonText.shown(reason, in: .vietnamese) == reason)
        }
        #expect(CentralReasonText.actor("terminal 2: Lò Văn Pang", in: .vietnamese) == "máy 2: Lò Văn Pang")
        #expect(CentralReasonText.actor("terminal 2: Lò Văn Pang", in: .english) == "terminal 2: Lò Văn Pang")
        #expect(CentralReasonText.actor("Sở Tư pháp", in: .vietnamese) == "Sở Tư pháp")
    }
}
