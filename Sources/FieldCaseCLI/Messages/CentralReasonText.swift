import FieldCaseCore
import Foundation

/// What the central system says about a desk's item (a rejection, a conflict, a divergence), as the desk
/// shows it. The gateway answers every desk in English and the desk keeps the text as received (the outbox,
/// JSON); only what a Vietnamese officer reads is translated. Each of the gateway's wordings is a pattern
/// whose variable parts (codes, times, statuses) are carried into the Vietnamese; a text no pattern knows
/// (a newer gateway's, an error the desk wrote in its own words) is shown as received.
enum CentralReasonText {
    static func shown(_ reason: String, in language: Language) -> String {
        guard language == .vietnamese else { return reason }
        return vietnamese(reason) ?? reason
    }

    /// The actor of a status update made on another desk of the commune (`terminal N: NAME`, as the gateway
    /// writes it); an operator's name is shown as the operator gave it.
    static func actor(_ actor: String, in language: Language) -> String {
        guard language == .vietnamese, let match = actor.wholeMatch(of: /terminal (\d+): (.*)/) else { return actor }
        return "máy \(match.1): \(match.2)"
    }

    static func vietnamese(_ reason: String) -> String? {
        if let exact = DomainRefusal.exact[reason] { return exact }
        for wording in wordings where reason.hasPrefix(wording.prefix) {
            if let shown = wording.vietnamese(reason) { return shown }
        }
        return nil
    }

    /// One wording of the central system: a pattern over the whole text, and the Vietnamese made from the
    /// parts it captures.
    struct Wording: Sendable {
        /// The text up to the first variable part, when known: most texts are told apart by it without a regex.
        let prefix: String
        let pattern: NSRegularExpression
        let render: @Sendable ([String]) -> String

        init(prefix: String = "", _ pattern: String, _ render: @escaping @Sendable ([String]) -> String) {
            self.prefix = prefix
            // Literals of this file and escaped catalog texts: the tests run every one.
            self.pattern = try! NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
            self.render = render
        }

        func vietnamese(_ text: String) -> String? {
            guard let match = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
                return nil
            }
            return render(
                (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" })
        }
    }

    static let wordings = gateway + DomainRefusal.wordings

    /// The gateway's own wordings (FieldCaseCentral's `CentralRules` and `PushPlanner`), in the order it
    /// judges an event.
    static let gateway = [
        Wording(#"occurred_at '(.*)' is not an ISO 8601 time"#) {
            "thời điểm của sự kiện '\($0[0])' không đúng định dạng ISO 8601"
        },
        Wording(#"the desk's time (\S+) is before (\S+); set the desk's clock right and send again"#) {
            "giờ của máy (\($0[0])) sớm hơn ngày \($0[1]); hãy chỉnh lại đồng hồ của máy rồi gửi lại"
        },
        Wording(
            #"the desk's time (\S+) is (\d+) hours ahead of the central clock; "#
                + #"set the desk's clock right and send again"#
        ) {
            "giờ của máy (\($0[0])) nhanh hơn đồng hồ của hệ thống trung tâm \($0[1]) giờ; hãy chỉnh lại đồng hồ "
                + "của máy rồi gửi lại"
        },
        Wording(#"due date counted again on the calendar of catalog (\S+)"#) {
            "hạn trả kết quả được tính lại theo lịch nghỉ của danh mục \($0[0])"
        },
        Wording(#"unknown event kind '(.*)'"#) { "hệ thống trung tâm không nhận loại sự kiện '\($0[0])'" },
        Wording(#"unknown field '(.*)' in the dossier; nothing of it was stored"#) {
            "hồ sơ có trường '\($0[0])' không được phép; không lưu gì của hồ sơ này"
        },
        Wording(#"invalid payload for (.*)"#) {
            "nội dung của sự kiện '\(DeskText.eventKind($0[0]).text(in: .vietnamese))' không đọc được"
        },
        Wording(#"dossier code (\S+) was not issued by this device"#) { "mã hồ sơ \($0[0]) không phải do máy này cấp" },
        Wording(#"dossier (\S+) was already created"#) { "hồ sơ \($0[0]) đã có trên hệ thống trung tâm từ trước" },
        Wording(#"dossier code (\S+) is already used by another case"#) {
            "mã hồ sơ \($0[0]) đã được dùng cho một hồ sơ khác"
        },
        Wording(#"case id (.*) already belongs to another dossier"#) {
            "mã định danh \($0[0]) đã thuộc về một hồ sơ khác"
        },
        Wording(#"dossier (\S+) was received on (\S+), not on the day its code says; check the desk's clock"#) {
            "hồ sơ \($0[0]) được tiếp nhận ngày \($0[1]), không phải ngày ghi trong mã hồ sơ; hãy kiểm tra đồng hồ "
                + "của máy"
        },
        Wording(#"unknown procedure (.*)"#) { "danh mục của hệ thống trung tâm không có thủ tục mã \($0[0])" },
        Wording(#"no due date can be computed for (\S+) in the central calendar"#) {
            "không tính được ngày hẹn trả cho thời điểm \($0[0]) theo lịch làm việc của hệ thống trung tâm"
        },
        Wording(#"unknown field '(.*)' in the status change; nothing of it was stored"#) {
            "yêu cầu đổi trạng thái có trường '\($0[0])' không được phép; không lưu gì của yêu cầu này"
        },
        Wording(#"unknown dossier (.*)"#) { "hệ thống trung tâm không có hồ sơ \($0[0])" },
        Wording(
            #"dossier (\S+) on the central system is another case than this desk's; its code was issued twice"#
        ) {
            "hồ sơ \($0[0]) trên hệ thống trung tâm là một hồ sơ khác với hồ sơ của máy này; mã hồ sơ đã bị cấp "
                + "hai lần"
        },
        Wording(#"the central record is (\w+); the desk moved it from (\w+) to (\w+)"#) {
            "trên hệ thống trung tâm hồ sơ đang ở trạng thái '\(status($0[0]))'; máy này đã chuyển hồ sơ từ "
                + "'\(status($0[1]))' sang '\(status($0[2]))'"
        },
        Wording(
            #"the central system holds another event under seq (\d+): this desk's numbering went back "#
                + #"\(a home restored from an older copy, or cloned to a second laptop\)"#
        ) {
            "hệ thống trung tâm đã có một sự kiện khác ở số thứ tự \($0[0]): số thứ tự của máy này đã bị lùi lại "
                + "(dữ liệu được khôi phục từ một bản sao cũ, hoặc được sao chép sang một máy tính thứ hai)"
        },
        // The desk's own word for a divergence the gateway gave no reason for.
        Wording("diverged") { _ in "số thứ tự của máy này không khớp với hệ thống trung tâm" },
    ]

    private static func status(_ code: String) -> String {
        CaseStatus(rawValue: code)?.vietnameseLabel ?? code
    }
}

extension CentralReasonText {
    /// A refusal by the shared domain rules, which the gateway words with the domain's English catalog
    /// (`DomainError.description`). Each error is rendered in both catalogs with stand-in values: where they
    /// fall in the English become the captured parts, where they fall in the Vietnamese is where the parts go.
    /// The words stay those of the catalogs, said once.
    enum DomainRefusal {
        /// Placeholder characters no text of the catalogs holds, and numbers no text of the catalogs says.
        static let texts = ["\u{E000}", "\u{E001}"]
        static let numbers = [900_001, 900_002, 900_003]

        /// The fields and rules of `DomainError.invalidField`, with stand-ins for their values. (The domain's
        /// enums list no cases of their own; one added there and missing here is shown as received.)
        static let fields: [Field] =
            [
                .name, .officer, .idDocument, .idNumber, .dateOfBirth, .gender, .summary, .reason, .document, .fee,
                .pages, .collector,
                .paid, .receivedAt, .terminal, .unitCode, .pin, .qrScan, .issuedOn, .applicantDetail,
            ] + ApplicantDetail.all.map(Field.detail)
        static let rules: [Rule] =
            [
                .notEmpty, .maxLength(numbers[0], got: numbers[1]), .nameCharacters(found: texts[0]), .containsLetters,
                .noControlCharacters(found: texts[0]), .oneOf([texts[0]]), .feeRange, .pageCounts, .documentFormat,
                .documentNotEmpty, .documentCounts, .pinFormat(minimum: numbers[0]), .terminalRange, .unitCodeFormat,
                .dateFormat,
                .notInFuture, .notBefore(year: numbers[0]), .timeFormat, .phoneFormat, .otherIDFormat(type: texts[0]),
                .cccdLength(got: texts[0]), .cccdProvince(texts[0]), .cccdBirthCentury,
                .cccdBirthYear(found: texts[0], year: numbers[0], expected: texts[1]), .qrFieldCount(got: numbers[0]),
                .qrDateFormat, .cmndFormat(got: texts[0]), .notBeforeBirth, .onlyWith(.returned),
            ]
            + [CitizenID.Gender.male, .female].map {
                .cccdCenturyGender(digit: numbers[0], gender: $0, year: numbers[1], expected: numbers[2])
            }

        /// Each sample's English and Vietnamese, and the stand-ins its English holds in order of appearance (a
        /// value said twice is captured twice, and the Vietnamese takes the first).
        static let samples: [(english: String, vietnamese: String, standIns: [String])] =
            (fields.flatMap { field in rules.map { DomainError.invalidField(field, $0) } }
            + CaseStatus.allCases.flatMap { from in CaseStatus.allCases.map { .invalidTransition(from: from, to: $0) } }
            + CaseStatus.allCases.map { .reasonRequired($0) }).map { error in
                let english = error.text(in: .english)
                let standIns = (texts + numbers.map(String.init)).flatMap { standIn in
                    english.ranges(of: standIn).map { (standIn, $0.lowerBound) }
                }.sorted { $0.1 < $1.1 }.map(\.0)
                return (english, error.text(in: .vietnamese), standIns)
            }

        /// The errors without a variable part, by their English.
        static let exact = Dictionary(
            samples.filter(\.standIns.isEmpty).map { ($0.english, $0.vietnamese) },
            uniquingKeysWith: { first, _ in first })

        static let wordings = samples.filter { !$0.standIns.isEmpty }.map { sample in
            var pattern = NSRegularExpression.escapedPattern(for: sample.english)
            for standIn in sample.standIns {
                pattern = pattern.replacingOccurrences(of: standIn, with: texts.contains(standIn) ? "(.*)" : "([0-9]+)")
            }
            let prefix = sample.english.components(separatedBy: sample.standIns[0])[0]
            return Wording(prefix: prefix, pattern) { parts in
                zip(sample.standIns, parts).reduce(sample.vietnamese) {
                    $0.replacingOccurrences(of: $1.0, with: $1.1)
                }
            }
        }
    }
}
