import FieldCaseCore

/// The acceptance and appointment slip handed to the citizen ("Giấy tiếp nhận hồ sơ và hẹn trả kết
/// quả"), laid out for a 32- or 48-column thermal printer or an 80-column A4 page. Always in
/// Vietnamese: it is the citizen's paper, whatever language the desk's screen uses.
struct ReceiptSlip {
    let record: CaseRecord
    let procedure: Procedure?
    let commune: Commune?
    let due: LocalTime
    let width: Int

    func render() -> String {
        let paper = Paper(width: width)
        let office = Paper.office(commune)
        var lines = paper.heading(office: office)
        lines += [paper.center("GIẤY TIẾP NHẬN HỒ SƠ"), paper.center("VÀ HẸN TRẢ KẾT QUẢ"), paper.rule("-")]
        let applicant = record.applicant
        lines += paper.field("Mã hồ sơ", record.code)
        lines += qrCode(width: width)
        lines += paper.field("Người nộp", applicant.name)
        lines += paper.field(applicant.idType == .cccd ? "Số CCCD" : "Số giấy tờ", applicant.idNumber)
        for detail in ApplicantDetail.all where detail.onReceipt {
            if let value = applicant[detail] { lines += paper.field(detail.vietnamese, value) }
        }
        lines += paper.field("Thủ tục", procedure.map { "\($0.nameVI) (\($0.code))" } ?? record.procedureCode)
        lines += paper.wrap("Thành phần hồ sơ:")
        if record.documents.isEmpty { lines += paper.wrap("  (không có)") }
        for (index, document) in record.documents.enumerated() {
            lines += paper.wrap(
                "\(index + 1). \(document.name): \(document.originals) bản chính, \(document.copies) bản sao", indent: 3
            )
        }
        let fee =
            record.fee.amount == 0
            ? "không thu" : Paper.money(record.fee.amount) + (record.fee.paid ? ", đã nộp" : ", chưa nộp")
        lines += paper.field("Lệ phí", fee)
        lines += paper.field("Nhận lúc", Paper.time(record.receivedAt))
        lines += paper.field("Hẹn trả", Paper.time(due))
        lines += paper.field("Nơi trả", "Bộ phận Một cửa, \(office)")
        lines += paper.field("Cán bộ tiếp nhận", record.officerName)
        lines.append(paper.rule("-"))
        lines += paper.wrap("Khi nhận kết quả, vui lòng mang theo giấy này và giấy tờ tùy thân.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The dossier code as a QR code, centred, for the officer's and the portal's scanners: the quiet zone the
    /// standard asks for (four modules) where the paper is wide enough, less on a 58 mm roll.
    func qrCode(width: Int) -> [String] {
        guard let symbol = try? QRCode(record.code) else { return [] }
        let quiet = max(1, min(4, (width - symbol.size) / 2))
        // The right quiet zone is blank paper either way: no trailing spaces.
        return symbol.textLines(quietZone: quiet).map { line in
            var centred = String(repeating: " ", count: max(0, (width - line.count) / 2)) + line
            while centred.last == " " { centred.removeLast() }
            return centred
        }
    }
}
