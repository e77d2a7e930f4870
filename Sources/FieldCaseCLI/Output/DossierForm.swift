import FieldCaseCore
import ArgumentParser

/// A paper of the one-stop process (Decree 118/2025, Circular 03/2025) drawn from a dossier's history: what the
/// citizen is handed when papers are missing, when the dossier is refused or stopped, when it will be late, and
/// the control sheet that follows it from desk to result.
struct DossierForm {
    enum Kind: String, CaseIterable, ExpressibleByArgument {
        case receipt, supplement, refusal, stop, apology, control, handover
    }

    /// A step of the dossier's history: the desk's own moves and the province's.
    struct Step {
        let at: LocalTime
        let status: CaseStatus
        let reason: String?
        let actor: String
        /// Who collected the result, on the move to `returned`.
        var handover: ResultHandover?
    }

    /// The form cannot be drawn from this dossier's history, and why (in Vietnamese and English).
    struct NotApplicable: Error {
        let vietnamese: String
        let english: String
    }

    let kind: Kind
    let record: CaseRecord
    let procedure: Procedure?
    let commune: Commune?
    let steps: [Step]
    let calendar: WorkCalendar
    let now: LocalTime
    let width: Int
    /// For an apology: the new date the office commits to, and why the dossier is late.
    var newDue: LocalTime?
    var lateness: String?

    func render() throws(NotApplicable) -> String {
        let paper = Paper(width: width)
        var lines = paper.heading(office: Paper.office(commune))
        switch kind {
        case .receipt:
            return ReceiptSlip(
                record: record, procedure: procedure, commune: commune,
                due: record.effectiveDue(calendar: calendar, now: now), width: width
            ).render()
        case .supplement:
            let requests = steps.filter { $0.status == .supplementRequested }
            guard let request = requests.last else {
                throw NotApplicable(
                    vietnamese: "hồ sơ \(record.code) chưa có yêu cầu bổ sung (case status \(record.code) "
                        + "supplement_requested --reason \"…\")",
                    english: "dossier \(record.code) has no supplement request (case status \(record.code) "
                        + "supplement_requested --reason \"…\")")
            }
            lines += title(
                ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"] + (requests.count > 1 ? ["(lần \(requests.count))"] : []),
                paper)
            lines += dossier(paper)
            lines += paper.field("Ngày yêu cầu", Paper.time(request.at))
            lines += paper.field("Nội dung cần bổ sung, hoàn thiện", request.reason ?? "(không ghi)")
            lines += paper.wrap(
                "Thời gian giải quyết hồ sơ tạm dừng từ \(Paper.time(request.at)) đến khi nhận đủ hồ sơ bổ sung; "
                    + "ngày hẹn trả được tính lại khi đó.")
            if requests.count > 1 {
                lines += paper.wrap("Đây là lần yêu cầu bổ sung thứ \(requests.count): hồ sơ được tính là trễ hạn.")
            }
            lines += paper.wrap("Xin lỗi ông/bà vì sự bất tiện này.")
            lines += paper.signatures(["NGƯỜI NỘP HỒ SƠ", "CÁN BỘ TIẾP NHẬN"])
        case .refusal, .stop:
            let status: CaseStatus = kind == .refusal ? .refused : .stopped
            guard record.status == status, let step = steps.last(where: { $0.status == status }) else {
                throw NotApplicable(
                    vietnamese: "hồ sơ \(record.code) không ở trạng thái \(status.vietnameseLabel)",
                    english: "dossier \(record.code) was not \(status.rawValue)")
            }
            lines += title(
                kind == .refusal
                    ? ["PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ"] : ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"], paper)
            lines += dossier(paper)
            lines += paper.field(kind == .refusal ? "Ngày từ chối" : "Ngày dừng giải quyết", Paper.time(step.at))
            lines += paper.field("Lý do", step.reason ?? "(không ghi)")
            lines += paper.wrap(
                kind == .refusal
                    ? "Ông/bà có thể nộp lại hồ sơ khi đã đáp ứng đủ điều kiện theo quy định."
                    : "Hồ sơ được trả lại cho ông/bà; phí, lệ phí đã nộp (nếu có) được xử lý theo quy định.")
            lines += paper.signatures(["NGƯỜI NỘP HỒ SƠ", "CÁN BỘ GIẢI QUYẾT"])
        case .apology:
            lines += try apology(paper)
        case .handover:
            lines += try handover(paper)
        case .control:
            lines += title(["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"], paper)
            lines += dossier(paper)
            lines += paper.field("Hạn giải quyết", Paper.time(record.effectiveDue(calendar: calendar, now: now)))
            lines.append(paper.rule("-"))
            lines += paper.wrap("Nhận lúc \(Paper.time(record.receivedAt)): tiếp nhận hồ sơ — \(record.officerName)")
            for step in steps {
                lines += paper.wrap(
                    "\(Paper.time(step.at)): \(step.status.vietnameseLabel) — \(step.actor)"
                        + (step.reason.map { " (\($0))" } ?? ""), indent: 2)
            }
            lines.append(paper.rule("-"))
            lines += paper.field("Kết quả", outcome)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The dossier's identity on every form: code, applicant, procedure, when it was received.
    func dossier(_ paper: Paper) -> [String] {
        paper.field("Mã hồ sơ", record.code) + paper.field("Người nộp", record.applicant.name)
            + paper.field("Thủ tục", procedure.map { "\($0.nameVI) (\($0.code))" } ?? record.procedureCode)
            + paper.field("Ngày nhận", Paper.time(record.receivedAt))
    }

    func title(_ words: [String], _ paper: Paper) -> [String] {
        words.flatMap { paper.wrap($0) }.map(paper.center) + [paper.rule("-")]
    }

    /// Where the dossier stands on the control sheet: on time or late against its due date, or still open.
    var outcome: String {
        let due = record.effectiveDue(calendar: calendar, now: now)
        switch record.timeliness(calendar: calendar, now: now) {
        case .early, .onTime: return "\(record.status.vietnameseLabel), đúng hạn (hạn \(Paper.time(due)))"
        case .late: return "\(record.status.vietnameseLabel), trễ hạn (hạn \(Paper.time(due)))"
        case .overdue: return "đang giải quyết, đã quá hạn \(Paper.time(due))"
        case .onTrack, .dueSoon: return "đang giải quyết, hạn \(Paper.time(due))"
        case nil: return record.status.vietnameseLabel
        }
    }

    /// The record of the result handed over: who took it, the paper they showed, whether for the applicant.
    func handover(_ paper: Paper) throws(NotApplicable) -> [String] {
        guard record.status == .returned,
            let step = steps.last(where: { $0.status == .returned && $0.handover != nil }), let handover = step.handover
        else {
            throw NotApplicable(
                vietnamese: "hồ sơ \(record.code) không ghi người nhận kết quả (ghi khi trả kết quả: case status "
                    + "MÃ returned --collected-by … --collector-id …)",
                english: "dossier \(record.code) has no record of who collected its result (it is recorded with the "
                    + "return: case status CODE returned --collected-by … --collector-id …)")
        }
        var lines = title(["GIẤY GIAO NHẬN KẾT QUẢ GIẢI QUYẾT HỒ SƠ"], paper) + dossier(paper)
        lines += paper.field("Kết quả", procedure?.details.resultVI ?? "kết quả giải quyết hồ sơ")
        lines += paper.field("Trả lúc", Paper.time(step.at))
        lines += paper.field("Người nhận", handover.collectedBy)
        lines += paper.field(
            "Giấy tờ xuất trình", "\(handover.idType.label(in: .vietnamese)) số \(handover.idNumber)")
        lines += paper.field("Nhận thay người nộp", handover.proxy ? "có (theo giấy ủy quyền)" : "không")
        lines += paper.field("Cán bộ trả kết quả", step.actor)
        lines += paper.signatures(["NGƯỜI NHẬN KẾT QUẢ", "CÁN BỘ TRẢ KẾT QUẢ"])
        return lines
    }

    /// The apology with the new date the office commits to, and the same words as an SMS.
    func apology(_ paper: Paper) throws(NotApplicable) -> [String] {
        let due = record.effectiveDue(calendar: calendar, now: now)
        guard record.status.isOpen || record.status == .resolved else {
            throw NotApplicable(
                vietnamese: "hồ sơ \(record.code) đã kết thúc (\(record.status.vietnameseLabel))",
                english: "dossier \(record.code) has ended (\(record.status.rawValue))")
        }
        guard let newDue, newDue > due, let lateness else {
            throw NotApplicable(
                vietnamese: "phiếu xin lỗi cần --new-due sau hạn hiện tại (\(Paper.time(due))) và --reason",
                english: "an apology needs --new-due after the current due date (\(Paper.time(due))) and --reason")
        }
        var lines = title(["PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"], paper) + dossier(paper)
        lines += paper.field("Hạn trả kết quả đã hẹn", Paper.time(due))
        lines += paper.field("Lý do chậm trễ", lateness)
        lines += paper.field("Hẹn lại ngày trả kết quả", Paper.time(newDue))
        lines += paper.wrap(
            "\(Paper.office(commune)) xin lỗi ông/bà vì đã chậm trễ trong việc giải quyết hồ sơ và hẹn trả kết quả "
                + "vào \(Paper.time(newDue)).")
        lines += paper.signatures(["", "CÁN BỘ TIẾP NHẬN"])
        lines.append(paper.rule("-"))
        lines += paper.wrap("Tin nhắn gửi người nộp (SMS):")
        lines += paper.wrap(sms(newDue: newDue), indent: 2)
        return lines
    }

    /// The apology as a text message: without accents (many phones in the mountains show them as boxes), at most
    /// 160 characters, one segment.
    func sms(newDue: LocalTime) -> String {
        // Folded words, the dossier code as printed (its unit code is upper case).
        let text =
            VietnameseText.folded("\(Paper.office(commune)) xin lỗi ông/bà: hồ sơ") + " \(record.code) "
            + VietnameseText.folded("chậm trễ, hẹn trả kết quả \(Paper.time(newDue)).")
        return String(text.prefix(160))
    }
}
