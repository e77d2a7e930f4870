import FieldCaseCore

/// The columns of a dossier in a CSV export: every field, so the file round-trips.
enum CaseColumns {
    static let english = (
        identity: [
            "Code", "Procedure", "Status", "Status code", "Channel", "Applicant", "ID type", "ID number",
            "Date of birth", "Gender",
        ],
        rest: [
            "Summary", "Documents", "Fee (VND)", "Paid", "Received at", "Due at", "Finished at", "Timeliness",
            "Officer", "Sync state", "Discarded at", "Case ID",
        ]
    )
    static let vietnamese = (
        identity: [
            "Mã hồ sơ", "Thủ tục", "Trạng thái", "Mã trạng thái", "Hình thức nộp", "Người nộp", "Loại giấy tờ",
            "Số giấy tờ", "Ngày sinh", "Giới tính",
        ],
        rest: [
            "Trích yếu", "Thành phần hồ sơ", "Phí (đồng)", "Đã nộp phí", "Ngày nhận", "Hẹn trả", "Ngày giải quyết",
            "Tiến độ", "Cán bộ tiếp nhận", "Đồng bộ", "Ngày loại bỏ", "ID",
        ]
    )

    /// The identity, then one column a declared detail, then the rest.
    static func headers(in language: Language) -> [String] {
        let fixed = language == .vietnamese ? vietnamese : english
        return fixed.identity + ApplicantDetail.all.map { $0.heading(in: language) } + fixed.rest
    }

    /// The cells of one dossier; coded values (status, channel, ID type, gender, timeliness, sync state) read
    /// in the export's language, as its headers do.
    static func cells(_ record: CaseRecord, calendar: WorkCalendar, now: LocalTime, in language: Language) -> [String] {
        let applicant = record.applicant
        return [
            record.code, record.procedureCode, record.status.label(in: language), String(record.status.nationalCode),
            record.channel.label(in: language),
            applicant.name, applicant.idType.label(in: language), CSV.text(applicant.idNumber),
            applicant.dateOfBirth.description, applicant.gender.label(in: language),
        ]
            + ApplicantDetail.all.map { CSV.text(applicant[$0] ?? "") }
            + [
                record.summary ?? "",
                record.documents.map { "\($0.name):\($0.originals):\($0.copies)" }.joined(separator: "\n"),
                String(record.fee.amount), record.fee.paid.label(in: language), record.receivedAt.iso8601,
                record.effectiveDue(calendar: calendar, now: now).iso8601, record.finishedAt?.iso8601 ?? "",
                record.timeliness(calendar: calendar, now: now)?.label(in: language) ?? "", record.officerName,
                record.syncState.label(in: language), record.discardedAt?.iso8601 ?? "", record.id,
            ]
    }
}
