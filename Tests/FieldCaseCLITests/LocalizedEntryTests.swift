import Foundation
import Testing

/// The guided entry, its drafts and the officers' roles as a Vietnamese desk (`LANG=vi_VN.UTF-8`) reads them:
/// the answers kept as codes are shown in the desk's words, and the prompts offer and take Vietnamese ones.
@Suite(.serialized, .tags(.terminal))
struct LocalizedEntryTests {
    static let vietnamese = ["LANG": "vi_VN.UTF-8"]

    @Test("A Vietnamese entry offers Vietnamese choices, shows its summary in Vietnamese and saves on 'c'")
    func summaryInVietnamese() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: Self.vietnamese)
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        terminal.line("new")
        mark = try terminal.expect("Mã PIN của Nguyễn Thị Lan:", after: mark)
        terminal.line("246810")
        mark = try terminal.expect("Thủ tục (mã hoặc tên", after: mark)
        terminal.line("1.004222")
        mark = try terminal.expect("Họ và tên người nộp:", after: mark)
        terminal.line("Nguyễn Văn Đức")
        mark = try terminal.expect("Ngày sinh (YYYY-MM-DD):", after: mark)
        terminal.line("1999-03-04")
        mark = try terminal.expect("Giới tính (nam/nữ):", after: mark)
        terminal.line("nam")
        mark = try terminal.expect("Giấy tờ tùy thân (CCCD/hộ chiếu/khác) [CCCD]: ", after: mark)
        terminal.line("căn cước")
        mark = try terminal.expect("phải là một trong: CCCD, hộ chiếu, khác", after: mark)
        mark = try terminal.expect("[CCCD]: ", after: mark)
        // Tab completes without case or accents.
        terminal.type("c" + PseudoTerminal.tab)
        mark = try terminal.expect("CCCD", after: mark)
        terminal.line("")
        mark = try terminal.expect("Số giấy tờ:", after: mark)
        terminal.line("001099012345")
        mark = try terminal.expect("Điện thoại", after: mark)
        terminal.line("")
        mark = try terminal.expect("Địa chỉ", after: mark)
        terminal.line("")
        for answer in ["", "-"] {
            mark = try terminal.expect("số bản chính số bản sao, - nếu không có [1 0]: ", after: mark)
            terminal.line(answer)
        }
        mark = try terminal.expect("Giấy tờ khác", after: mark)
        terminal.line("Sổ hộ khẩu:0:1")
        mark = try terminal.expect("Lệ phí (đồng) [20000]: ", after: mark)
        terminal.line("")
        mark = try terminal.expect("Đã nộp lệ phí? (c/k) [k]: ", after: mark)
        terminal.line("c")
        mark = try terminal.expect("Tóm tắt yêu cầu", after: mark)
        terminal.line("")
        let start = mark
        mark = try terminal.expect("Hồ sơ 02266-250610-1001 · hẹn trả", after: mark)
        mark = try terminal.expect("Lưu? [C/k] (k giữ bản nháp", after: mark)
        let summary = String(terminal.screen[start..<mark])
        let rows = summary.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for (label, value) in [
            ("Thủ tục", "1.004222 Đăng ký thường trú"), ("Giới tính", "Nam"), ("Giấy tờ", "CCCD"),
            ("Tờ khai thay đổi thông tin cư trú", "1 bản chính, 0 bản sao"),
            ("Giấy tờ chứng minh chỗ ở hợp pháp", "không nhận"), ("Giấy tờ khác", "Sổ hộ khẩu: 0 bản chính, 1 bản sao"),
            ("Lệ phí", "20.000 ₫"), ("Đã nộp", "có"),
        ] {
            #expect(
                rows.contains { $0.contains(" \(label) ") && $0.hasSuffix("  \(value)") },
                "\(label): \(value)\n\(summary)")
        }
        for english in ["male", "cccd", "[Y/n]", "original", "copies", "received", "yes"] {
            #expect(!summary.contains(english), "\(english) in\n\(summary)")
        }
        terminal.line("c")
        mark = try terminal.expect("Đã lưu 02266-250610-1001.", after: mark)
        try terminal.expect("02266 ↑1>", after: mark)
        #expect(try home.storedNames() == ["Nguyễn Văn Đức"])
    }

    @Test("A draft kept with 'c' after Ctrl-C is listed under Vietnamese headings, procedure and next question")
    func draftsInVietnamese() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: Self.vietnamese)
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        terminal.line("new")
        mark = try terminal.expect("Mã PIN của Nguyễn Thị Lan:", after: mark)
        terminal.line("246810")
        mark = try terminal.expect("Thủ tục (mã hoặc tên", after: mark)
        terminal.line("1.001193")
        mark = try terminal.expect("Họ và tên người nộp:", after: mark)
        terminal.line("Trần Thị Hoa")
        mark = try terminal.expect("Ngày sinh (YYYY-MM-DD):", after: mark)
        terminal.type(PseudoTerminal.ctrlC)
        mark = try terminal.expect("Giữ các câu trả lời làm bản nháp? [C/k] ", after: mark)
        terminal.line("c")
        mark = try terminal.expect("Đã giữ bản nháp ", after: mark)
        mark = try terminal.expect("02266 ↑0>", after: mark)
        terminal.line("drafts")
        let start = mark
        mark = try terminal.expect("Trần Thị Hoa", after: mark)
        mark = try terminal.expect("02266 ↑0>", after: mark)
        let listing = String(terminal.screen[start..<mark])
        let lines = listing.split(separator: "\n").map(String.init)
        let heading = try #require(lines.first { $0.hasPrefix("BẢN NHÁP") }, "\(listing)")
        for word in ["CẬP NHẬT", "THỦ TỤC", "NGƯỜI NỘP", "BƯỚC TIẾP THEO"] {
            #expect(heading.contains(word), "\(heading)")
        }
        let row = try #require(lines.first { $0.contains("Trần Thị Hoa") }, "\(listing)")
        #expect(row.contains("Đăng ký khai sinh"), "\(row)")
        #expect(row.hasSuffix("Ngày sinh"), "the next question by its label: \(row)")
        #expect(!row.contains("1.001193") && !row.contains("date_of_birth"), "\(row)")
    }

    @Test("officer list names the supervisor 'giám sát viên' in Vietnamese")
    func supervisorRole() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: Self.vietnamese)
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        terminal.line("officer list")
        let start = mark
        mark = try terminal.expect("02266 ↑0>", after: mark)
        let listing = String(terminal.screen[start..<mark])
        let row = try #require(listing.split(separator: "\n").first { $0.contains("Nguyễn Thị Lan") }, "\(listing)")
        #expect(row.contains("giám sát viên"), "\(row)")
    }
}
