import FieldCaseCore
import Foundation

/// The shell's help: one table grouped by topic, like psql's `\?`.
enum HelpGroup: CaseIterable {
    case dossiers
    case sync
    case supervision
    case reference
    case session

    var english: String {
        switch self {
        case .dossiers: "Dossiers"
        case .sync: "Sync"
        case .supervision: "Supervision (supervisors change; everyone may look)"
        case .reference: "Reference"
        case .session: "Session"
        }
    }

    var vietnamese: String {
        switch self {
        case .dossiers: "Hồ sơ"
        case .sync: "Đồng bộ"
        case .supervision: "Giám sát (giám sát viên thay đổi; ai cũng xem được)"
        case .reference: "Tra cứu"
        case .session: "Phiên làm việc"
        }
    }

    var entries: [HelpEntry] { HelpEntry.all.filter { $0.group == self } }
}

struct HelpEntry {
    let group: HelpGroup
    let usage: String
    let englishText: String
    let vietnameseText: String

    var english: String { line(usage, englishText) }
    var vietnamese: String { line(Self.vietnameseUsage(usage), vietnameseText) }

    private func line(_ usage: String, _ text: String) -> String {
        "  " + VietnameseText.padded(usage, to: 37) + text
    }

    /// The placeholders of a usage in Vietnamese; what is typed as it is stays.
    static func vietnameseUsage(_ usage: String) -> String {
        let words = [
            "DRAFT": "NHÁP", "CODE": "MÃ", "TEXT": "TỪ_KHOÁ", "STATUS": "TRẠNG_THÁI", "NAME": "TÊN",
            "COMMAND": "LỆNH", "T": "MÃ", "N": "TÊN",
        ]
        return usage.split(separator: " ", omittingEmptySubsequences: false).map { word in
            let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            guard let vietnamese = words[bare] else { return String(word) }
            return word.replacingOccurrences(of: bare, with: vietnamese)
        }.joined(separator: " ")
    }

    static let all: [HelpEntry] = [
        HelpEntry(
            group: .dossiers, usage: "new", englishText: "guided entry of a new dossier",
            vietnameseText: "nhập hồ sơ mới theo từng bước"),
        HelpEntry(
            group: .dossiers, usage: "drafts", englishText: "entries not finished yet",
            vietnameseText: "các hồ sơ đang nhập dở"),
        HelpEntry(
            group: .dossiers, usage: "resume DRAFT", englishText: "continue a draft",
            vietnameseText: "tiếp tục một bản nháp"),
        HelpEntry(
            group: .dossiers, usage: "return CODE", englishText: "hand a result over; the citizen rates it",
            vietnameseText: "trả kết quả; người dân đánh giá"),
        HelpEntry(
            group: .dossiers, usage: "scan CODE",
            englishText: "digitise a dossier's papers, one by one, and its result",
            vietnameseText: "số hoá từng giấy tờ của hồ sơ và kết quả"),
        HelpEntry(
            group: .dossiers, usage: "case add --procedure … --name …", englishText: "record a dossier in one line",
            vietnameseText: "ghi một hồ sơ trên một dòng"),
        HelpEntry(
            group: .dossiers, usage: "case list [--overdue] [--due-soon]", englishText: "dossiers, newest first",
            vietnameseText: "danh sách hồ sơ, mới nhất trước"),
        HelpEntry(
            group: .dossiers, usage: "case show CODE", englishText: "a dossier and its history",
            vietnameseText: "một hồ sơ và lịch sử xử lý"),
        HelpEntry(
            group: .dossiers, usage: "case find TEXT", englishText: "by name, ID number, phone or code",
            vietnameseText: "tìm theo tên, số giấy tờ, điện thoại, mã"),
        HelpEntry(
            group: .dossiers, usage: "case status CODE STATUS", englishText: "move a dossier on",
            vietnameseText: "chuyển trạng thái hồ sơ"),
        HelpEntry(
            group: .dossiers, usage: "case receipt CODE [--width 32|48|80]",
            englishText: "the citizen's appointment slip", vietnameseText: "giấy tiếp nhận và hẹn trả kết quả"),
        HelpEntry(
            group: .sync, usage: "queue", englishText: "what waits to leave, what was refused",
            vietnameseText: "hàng đợi gửi và các mục bị từ chối"),
        HelpEntry(group: .sync, usage: "sync", englishText: "send and receive now", vietnameseText: "gửi và nhận ngay"),
        HelpEntry(
            group: .sync, usage: "enroll --central URL --token T", englishText: "register this device once",
            vietnameseText: "đăng ký thiết bị (một lần)"),
        HelpEntry(
            group: .sync, usage: "bundle export --out FILE",
            englishText: "the outbox to carry to the district (supervisors)",
            vietnameseText: "ghi hàng đợi ra USB (giám sát viên)"),
        HelpEntry(
            group: .sync, usage: "bundle import FILE", englishText: "take the central system's answers carried back",
            vietnameseText: "nhận gói trả lời của trung tâm từ USB"),
        HelpEntry(
            group: .supervision, usage: "status", englishText: "early warning: overdue, due soon, sync",
            vietnameseText: "cảnh báo sớm: quá hạn, sắp đến hạn"),
        HelpEntry(
            group: .supervision, usage: "queue hold|release|retry|discard", englishText: "review the queue",
            vietnameseText: "duyệt hàng đợi"),
        HelpEntry(
            group: .supervision, usage: "policy review-before-sync on|off", englishText: "hold new dossiers for review",
            vietnameseText: "giữ hồ sơ mới chờ duyệt"),
        HelpEntry(
            group: .supervision, usage: "unit-code [CODE]", englishText: "unit code of dossier codes",
            vietnameseText: "mã đơn vị trong mã hồ sơ"),
        HelpEntry(
            group: .supervision, usage: "officer add|list|disable|enable|pin", englishText: "officers and PINs",
            vietnameseText: "cán bộ và mã PIN"),
        HelpEntry(
            group: .supervision, usage: "audit [--case CODE] [--officer N]", englishText: "who did what, when",
            vietnameseText: "nhật ký: ai làm gì, khi nào"),
        HelpEntry(
            group: .supervision, usage: "export --format csv|json", englishText: "dossiers for a spreadsheet",
            vietnameseText: "xuất hồ sơ ra bảng tính"),
        HelpEntry(
            group: .supervision, usage: "report monthly --month YYYY-MM", englishText: "the monthly one-stop report",
            vietnameseText: "báo cáo tháng"),
        HelpEntry(
            group: .supervision, usage: "backup --out FILE", englishText: "a sealed copy of this desk",
            vietnameseText: "sao lưu máy (được mã hoá)"),
        HelpEntry(
            group: .supervision, usage: "restore FILE", englishText: "put a backup back (a supervisor of it)",
            vietnameseText: "khôi phục từ bản sao lưu (giám sát viên của bản đó)"),
        HelpEntry(
            group: .reference, usage: "catalog", englishText: "procedures and processing times",
            vietnameseText: "thủ tục và thời hạn giải quyết"),
        HelpEntry(
            group: .session, usage: "login [NAME] / logout", englishText: "who is at the desk",
            vietnameseText: "cán bộ đang làm việc"),
        HelpEntry(
            group: .session, usage: "help [COMMAND]", englishText: "this list, or a command's options",
            vietnameseText: "danh sách này, hoặc tùy chọn của một lệnh"),
        HelpEntry(
            group: .session, usage: "quit / exit / Ctrl-D", englishText: "leave the shell", vietnameseText: "thoát"),
    ]
}
