/// The shell's help: one table grouped by topic, like psql's `\?`.
enum HelpGroup: CaseIterable {
    case dossiers
    case reference
    case session

    var english: String {
        switch self {
        case .dossiers: "Dossiers"
        case .reference: "Reference"
        case .session: "Session"
        }
    }

    var vietnamese: String {
        switch self {
        case .dossiers: "Hồ sơ"
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

    var english: String { line(englishText) }
    var vietnamese: String { line(vietnameseText) }

    private func line(_ text: String) -> String {
        "  " + usage.padding(toLength: 37, withPad: " ", startingAt: 0) + text
    }

    static let all: [HelpEntry] = [
        HelpEntry(group: .dossiers, usage: "new", englishText: "guided entry of a new dossier", vietnameseText: "nhập hồ sơ mới theo từng bước"),
        HelpEntry(group: .dossiers, usage: "drafts", englishText: "entries not finished yet", vietnameseText: "các hồ sơ đang nhập dở"),
        HelpEntry(group: .dossiers, usage: "resume DRAFT", englishText: "continue a draft", vietnameseText: "tiếp tục một bản nháp"),
        HelpEntry(group: .dossiers, usage: "case add --procedure … --name …", englishText: "record a dossier in one line", vietnameseText: "ghi một hồ sơ trên một dòng"),
        HelpEntry(group: .dossiers, usage: "case list [--overdue] [--due-soon]", englishText: "dossiers, newest first", vietnameseText: "danh sách hồ sơ, mới nhất trước"),
        HelpEntry(group: .dossiers, usage: "case show CODE", englishText: "a dossier and its history", vietnameseText: "một hồ sơ và lịch sử xử lý"),
        HelpEntry(group: .dossiers, usage: "case find TEXT", englishText: "by name, ID number, phone or code", vietnameseText: "tìm theo tên, số giấy tờ, điện thoại, mã"),
        HelpEntry(group: .dossiers, usage: "case status CODE STATUS", englishText: "move a dossier on", vietnameseText: "chuyển trạng thái hồ sơ"),
        HelpEntry(group: .reference, usage: "catalog", englishText: "procedures and processing times", vietnameseText: "thủ tục và thời hạn giải quyết"),
        HelpEntry(group: .session, usage: "login [NAME] / logout", englishText: "who is at the desk", vietnameseText: "cán bộ đang làm việc"),
        HelpEntry(group: .session, usage: "help [COMMAND]", englishText: "this list, or a command's options", vietnameseText: "danh sách này, hoặc tùy chọn của một lệnh"),
        HelpEntry(group: .session, usage: "quit / exit / Ctrl-D", englishText: "leave the shell", vietnameseText: "thoát"),
    ]
}
