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
        let office = "UBND " + (commune.map { Self.capitalized($0.name) } ?? "xã")
        var lines = [
            center(office.uppercased()), center("BỘ PHẬN MỘT CỬA"), rule("="),
            center("GIẤY TIẾP NHẬN HỒ SƠ"), center("VÀ HẸN TRẢ KẾT QUẢ"), rule("-"),
        ]
        let applicant = record.applicant
        lines += field("Mã hồ sơ", record.code)
        lines += field("Người nộp", applicant.name)
        lines += field(applicant.idType == .cccd ? "Số CCCD" : "Số giấy tờ", applicant.idNumber)
        for detail in ApplicantDetail.all where detail.onReceipt {
            if let value = applicant[detail] { lines += field(detail.vietnamese, value) }
        }
        lines += field("Thủ tục", procedure.map { "\($0.nameVI) (\($0.code))" } ?? record.procedureCode)
        lines += wrap("Thành phần hồ sơ:")
        if record.documents.isEmpty { lines += wrap("  (không có)") }
        for (index, document) in record.documents.enumerated() {
            lines += wrap(
                "\(index + 1). \(document.name): \(document.originals) bản chính, \(document.copies) bản sao", indent: 3
            )
        }
        let fee =
            record.fee.amount == 0
            ? "không thu" : Self.money(record.fee.amount) + (record.fee.paid ? ", đã nộp" : ", chưa nộp")
        lines += field("Lệ phí", fee)
        lines += field("Nhận lúc", Self.time(record.receivedAt))
        lines += field("Hẹn trả", Self.time(due))
        lines += field("Nơi trả", "Bộ phận Một cửa, \(office)")
        lines += field("Cán bộ tiếp nhận", record.officerName)
        lines.append(rule("-"))
        lines += wrap("Khi nhận kết quả, vui lòng mang theo giấy này và giấy tờ tùy thân.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Label: value`, the value wrapped under itself when the line is too narrow.
    func field(_ label: String, _ value: String) -> [String] {
        wrap("\(label): \(value)", indent: 2)
    }

    /// Breaks text into lines of at most `width` display columns, at spaces where it can.
    func wrap(_ text: String, indent: Int = 0) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if VietnameseText.displayWidth(candidate) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(repeating: " ", count: indent) + word
            }
            while VietnameseText.displayWidth(current) > width {
                let head = Self.prefix(current, width: width)
                lines.append(head)
                current = String(repeating: " ", count: indent) + current.dropFirst(head.count)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    func center(_ text: String) -> String {
        let free = max(0, width - VietnameseText.displayWidth(text))
        return String(repeating: " ", count: free / 2) + text
    }

    func rule(_ character: Character) -> String { String(repeating: character, count: width) }

    static func prefix(_ text: String, width: Int) -> String {
        var result = ""
        for character in text {
            if VietnameseText.displayWidth(result + String(character)) > width { break }
            result.append(character)
        }
        return result
    }

    /// `17:00 ngày 10/06/2025`.
    static func time(_ time: LocalTime) -> String {
        let (year, month, day) = time.date.components
        let seconds = time.secondOfDay
        return String(format: "%02d:%02d ngày %02d/%02d/%04d", seconds / 3600, seconds / 60 % 60, day, month, year)
    }

    /// `50.000 đồng`: a thermal printer's font may lack the ₫ sign.
    static func money(_ amount: Int) -> String {
        Money.vnd(amount).replacingOccurrences(of: " ₫", with: " đồng")
    }

    /// "Xã Lâm Bình" → "xã Lâm Bình" after "UBND".
    static func capitalized(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }
}
