/// The Vietnamese catalog of the core's messages.
extension DomainError {
    var vietnamese: String {
        switch self {
        case .invalidField(let field, let rule):
            return "\(field.vietnamese): \(rule.vietnamese)"
        case .invalidTransition(let from, let to):
            let next = from.allowedNext.map(\.typed)
            let allowed =
                next.isEmpty ? "không có: '\(from.vietnameseLabel)' là trạng thái cuối" : next.joined(separator: ", ")
            return "không thể chuyển hồ sơ từ '\(from.vietnameseLabel)' sang '\(to.vietnameseLabel)'; "
                + "được chuyển sang: \(allowed)"
        case .reasonRequired(let status):
            return "cần ghi lý do để chuyển hồ sơ sang '\(status.vietnameseLabel)' (dùng --reason)"
        case .unknownProcedure(let code):
            return "thủ tục: không có mã '\(code)'; xem 'fieldcase catalog' để biết các thủ tục của bộ phận"
        case .unknownCommune(let code):
            return "xã/phường: không có mã '\(code)'; cần mã xã gồm 5 chữ số trong danh mục"
        case .unknownCase(let code):
            return "không có hồ sơ mã '\(code)'"
        case .dailySequenceExhausted(let date, let terminal):
            return "máy \(terminal) đã cấp hết 999 mã hồ sơ của ngày \(date); "
                + "hãy tiếp nhận trên máy khác hoặc vào ngày hôm sau"
        }
    }
}

extension Field {
    var vietnamese: String {
        switch self {
        case .name: "họ tên"
        case .officer: "cán bộ"
        case .idDocument: "loại giấy tờ"
        case .idNumber: "số giấy tờ"
        case .dateOfBirth: "ngày sinh"
        case .gender: "giới tính"
        case .summary: "tóm tắt"
        case .reason: "lý do"
        case .document: "giấy tờ"
        case .fee: "lệ phí"
        case .pages: "số trang"
        case .collector: "người nhận kết quả"
        case .satisfaction: "đánh giá của người dân"
        case .scannedPage: "trang scan"
        case .paid: "đã nộp"
        case .receivedAt: "thời điểm tiếp nhận"
        case .terminal: "số máy"
        case .unitCode: "mã đơn vị"
        case .pin: "mã PIN"
        case .qrScan: "mã QR CCCD đã quét"
        case .detail(let detail): detail.vietnamese.lowercasedFirst
        case .applicantDetail: "thông tin người nộp"
        case .issuedOn: "ngày cấp thẻ"
        }
    }
}

extension Rule {
    var vietnamese: String {
        switch self {
        case .notEmpty: return "không được để trống"
        case .maxLength(let max, let got): return "tối đa \(max) ký tự (đang có \(got))"
        case .nameCharacters(let found): return "chỉ gồm chữ cái, dấu cách và - . ' (có '\(found)')"
        case .containsLetters: return "phải có chữ cái"
        case .noControlCharacters(let found): return "không được chứa ký tự điều khiển (có U+\(found))"
        case .oneOf(let values): return "phải là một trong: \(values.joined(separator: ", "))"
        case .answerFirst(let fields): return "hãy trả lời \(fields.map(\.vietnamese).joined(separator: " và ")) trước"
        case .feeRange: return "phải là số đồng nguyên từ 0 đến 1.000.000.000 (20000, 20.000 hoặc 20,000)"
        case .pageCounts: return "là số trang của một bản và, nếu nhiều bản, số bản: mỗi số từ 1 đến 10000 (ví dụ 2 3)"
        case .documentFormat:
            return "phải có dạng TÊN:BẢN CHÍNH:BẢN SAO, số lượng từ 0 đến 99, ví dụ \"Giấy chứng sinh:1:0\""
        case .documentNotEmpty: return "cần ít nhất một bản chính hoặc bản sao"
        case .documentCounts: return "trả lời SỐ BẢN CHÍNH SỐ BẢN SAO, ví dụ '1 0', hoặc - nếu không nhận"
        case .pinFormat(let minimum): return "phải gồm \(minimum) đến 12 chữ số"
        case .terminalRange: return "phải là số từ 1 đến 9, không trùng trong xã"
        case .unitCodeFormat: return "gồm 1-30 chữ cái, chữ số hoặc dấu chấm, ví dụ 000.00.06.H56"
        case .dateFormat: return "phải là ngày có thật, viết YYYY-MM-DD hoặc DD/MM/YYYY"
        case .notInFuture: return "không được ở tương lai"
        case .notBefore(let year): return "phải từ năm \(year) trở đi"
        case .timeFormat: return "phải theo ISO 8601, ví dụ 2025-06-10T14:20 hoặc 2025-06-10T14:20:00+07:00"
        case .phoneFormat: return "phải gồm 10 chữ số bắt đầu bằng 0, hoặc +84 và 9 chữ số"
        case .otherIDFormat(let type): return "số \(type) gồm 5-20 chữ cái, chữ số hoặc '-'"
        case .cccdLength(let got): return "số CCCD phải gồm đúng 12 chữ số (đang là '\(got)')"
        case .cccdProvince(let code): return "chữ số 1-3 '\(code)' không phải mã tỉnh nơi đăng ký khai sinh"
        case .cccdBirthCentury: return "người có CCCD sinh trong khoảng 1900 đến 2399"
        case .cccdCenturyGender(let digit, let gender, let year, let expected):
            let who = gender == .male ? "nam" : "nữ"
            return "chữ số thứ 4 là \(digit) nhưng \(who) sinh năm \(year) phải là \(expected) (thế kỷ và giới tính)"
        case .cccdBirthYear(let found, let year, let expected):
            return "chữ số 5-6 là '\(found)' nhưng ngày sinh là năm \(year) (cần '\(expected)')"
        case .qrFieldCount(let got):
            return "phải gồm 7 trường ngăn cách bởi | (đang có \(got)); hãy quét lại thẻ, chưa điền gì"
        case .qrDateFormat: return "phải là ngày có thật, viết ddMMyyyy trên thẻ; chưa điền gì"
        case .cmndFormat(let got): return "phải để trống hoặc gồm 9 chữ số (đang là '\(got)')"
        case .notBeforeBirth: return "không được trước ngày sinh"
        case .onlyWith(let status): return "chỉ ghi khi chuyển sang \(status.vietnameseLabel)"
        case .surveyFormat:
            return "ghi phiên bản phiếu và các tiêu chí bằng mã ngắn gồm chữ thường, số, _ và ., mỗi tiêu chí một lần"
        case .pageFormat: return "phải là tệp PDF, JPEG hoặc PNG (bản scan hoặc ảnh chụp giấy tờ)"
        case .pageSize(let max, let got):
            return "tối đa \(max / 1_048_576) MB (tệp này \((got + 1023) / 1024) KB); hãy scan ở 200-300 dpi"
        case .componentNumber(let documents):
            return documents == 0
                ? "chỉ ghi số thứ tự giấy tờ khi tiếp nhận, và hồ sơ này không kê giấy tờ nào"
                : "phải là số thứ tự giấy tờ từ 1 đến \(documents) (xem case show), chỉ khi tiếp nhận"
        }
    }
}

extension CaseStatus {
    /// `đang giải quyết (processing)`: the words, and what to type.
    var typed: String { "\(vietnameseLabel) (\(rawValue))" }
}
