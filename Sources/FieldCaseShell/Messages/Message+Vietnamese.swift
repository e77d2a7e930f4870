extension Message {
    var vietnamese: String {
        switch self {
        case .banner(let commune, let officer):
            return "fieldcase · \(commune) · cán bộ: \(officer)"
        case .noOfficer: return "chưa đăng nhập (gõ login)"
        case .goodbye: return "Tạm biệt."
        case .unknownCommand(let word, let suggestion):
            let hint = suggestion.map { "; có phải ý bạn là '\($0)'?" } ?? "."
            return "Lỗi: không có lệnh '\(word)'\(hint) Gõ 'help' để xem danh sách lệnh."
        case .unbalancedQuote: return "Lỗi: thiếu dấu nháy đóng; hãy đóng mọi dấu \" hoặc ' đã mở."
        case .invalidUTF8: return "Lỗi: dòng lệnh không phải văn bản UTF-8 hợp lệ; hãy gõ lại."
        case .lineTooLong(let limit): return "Lỗi: dòng lệnh dài hơn \(limit) byte; không lệnh nào được chạy."
        case .alreadyInShell:
            return "Lỗi: bạn đang ở trong giao diện lệnh của fieldcase rồi. Gõ 'help' để xem các lệnh."
        case .controlCharacters: return "Lỗi: dòng lệnh có ký tự điều khiển; hãy gõ lại."
        case .pipesUnsupported:
            return "Lỗi: giao diện lệnh này không nối lệnh bằng dấu |; hãy chạy lệnh từ cửa sổ dòng lệnh của hệ thống, "
                + "ví dụ fieldcase case list | head"
        case .needsTerminal(let command):
            return "Lỗi: lệnh '\(command)' cần cửa sổ dòng lệnh; khi chạy tự động hãy dùng 'case add'."
        case .setupIntro:
            return "Thiết bị chưa được cài đặt. Hãy trả lời vài câu hỏi (Ctrl-C để dừng)."
        case .askCommune: return "Xã/phường (mã hoặc tên, Tab để gợi ý): "
        case .unknownCommune(let answer):
            return "Không có xã, phường hay đặc khu nào tên '\(answer)'; hãy gõ mã 5 chữ số hoặc dùng Tab để xem tên."
        case .severalCommunes(let communes):
            return "Nhiều đơn vị cùng tên này; hãy gõ mã của đơn vị bạn:\n  " + communes.joined(separator: "\n  ")
        case .askTerminal: return "Số máy của thiết bị trong xã (1-9): "
        case .askUnitCode(let commune):
            return "Mã đơn vị trong mã hồ sơ (Enter: \(commune)): "
        case .askOfficerName: return "Họ và tên của bạn (bạn sẽ là giám sát viên): "
        case .askNewPIN: return "Chọn mã PIN (6-12 chữ số): "
        case .askPINAgain: return "Nhập lại mã PIN: "
        case .pinsDiffer: return "Hai mã PIN không khớp; hãy nhập lại."
        case .returning(let code, let applicant, let procedure):
            return "Trả kết quả hồ sơ \(code) (\(applicant), \(procedure)); không hoàn tác được."
        case .returnCancelled: return "Không ghi gì."
        case .askCollector: return "Người nhận kết quả (họ và tên; Enter: không ghi): "
        case .askCollectorID: return "Số CCCD của người nhận: "
        case .askProxy: return "Nhận thay người nộp, có giấy ủy quyền? (c/K): "
        case .askRating:
            return "Người dân đánh giá: 1 Rất hài lòng · 2 Hài lòng · 3 Không hài lòng (Enter: không đánh giá): "
        case .askCriterion(let name): return "  \(name) (1/2/3; Enter: bỏ qua): "
        case .notARating: return "Bấm 1, 2 hoặc 3, hoặc Enter để bỏ qua."
        case .returnUsage: return "Cách dùng: return MÃ (mã một hồ sơ đã giải quyết xong)"
        case .returned(let code, let rated):
            return "\(code): đã trả kết quả" + (rated ? ", có đánh giá." : ", không có đánh giá.")
        case .scanningPapers(let code):
            return
                "Số hoá giấy tờ hồ sơ \(code): mỗi trang được đính kèm ngay; Ctrl-C dừng, các trang đã đính kèm vẫn giữ."
        case .askPages(let target, let scanner):
            let what =
                switch target {
                case .paper(let number, let name): "Giấy tờ \(number), \(name)"
                case .papers: "Giấy tờ đã tiếp nhận"
                case .result: "Kết quả giải quyết"
                }
            return what + (scanner ? ": Enter để scan một trang, hoặc" : ":")
                + " gõ đường dẫn tệp đã scan; - khi xong: "
        case .pagesAttached(let code, let count): return "\(code): đã đính kèm \(count) trang."
        case .scanUsage: return "Cách dùng: scan MÃ (mã một hồ sơ)"
        case .scanLater(let code): return "Hồ sơ \(code) đã lưu; scan giấy tờ sau bằng lệnh: scan \(code)"
        case .askOfficer: return "Cán bộ: "
        case .loggedIn(let name): return "Đã đăng nhập: \(name)."
        case .loggedOut: return "Đã đăng xuất."
        case .entryIntro:
            return "Hồ sơ mới. Gõ < để quay lại câu trước; Ctrl-C để dừng và giữ bản nháp."
        case .entryResumed(let id): return "Tiếp tục bản nháp \(id)."
        case .scanFilled(let scan):
            let old = scan.oldIDNumber.map { " (CMND cũ \($0))" } ?? ""
            let gender = scan.gender == .male ? "nam" : "nữ"
            return "Đã đọc thẻ: \(scan.name), sinh \(scan.dateOfBirth), \(gender), CCCD \(scan.idNumber)\(old), "
                + "\(scan.address ?? "không có địa chỉ")."
        case .question(let question, let detail):
            return question.vietnamesePrompt + (detail.map { " [\($0)]" } ?? "") + ": "
        case .label(let question): return question.vietnameseLabel
        case .documentCounts(let originals, let copies): return "\(originals) bản chính, \(copies) bản sao"
        case .notReceived: return "không nhận"
        case .ambiguousProcedure(let names):
            return "Nhiều thủ tục khớp: \(names.joined(separator: "; ")). Hãy gõ thêm tên hoặc mã."
        case .summaryTitle(let code, let due): return "Hồ sơ \(code) · hẹn trả \(due)"
        case .confirm: return "Lưu? [C/k] (k giữ bản nháp; một số để sửa câu trả lời đó) "
        case .saved(let code, let due):
            return "Đã lưu \(code). Hẹn trả \(due). Hãy đưa phiếu hẹn có mã này cho công dân."
        case .keepDraft: return "Giữ các câu trả lời làm bản nháp? [C/k] "
        case .draftKept(let id): return "Đã giữ bản nháp \(id); gõ 'resume \(id)' để tiếp tục."
        case .draftDropped: return "Đã bỏ hồ sơ đang nhập."
        case .noDrafts: return "Không có bản nháp."
        case .unknownDraft(let id): return "Lỗi: không có bản nháp '\(id)'; gõ 'drafts' để xem."
        case .draftColumn(let column):
            switch column {
            case .draft: return "BẢN NHÁP"
            case .updated: return "CẬP NHẬT"
            case .procedure: return "THỦ TỤC"
            case .applicant: return "NGƯỜI NỘP"
            case .next: return "BƯỚC TIẾP THEO"
            }
        case .reviewStep: return "xem lại và lưu"
        case .helpIntro: return "Các lệnh (help LỆNH để xem tùy chọn):"
        case .helpGroup(let group): return group.vietnamese
        case .helpLine(let entry): return entry.vietnamese
        case .helpMore: return "Mọi lệnh dùng sau 'fieldcase' trong cửa sổ dòng lệnh đều dùng được ở đây."
        }
    }
}
