import Foundation
import Testing

/// The papers of the one-stop process, drawn by the real binary from a dossier's history, at the widths the
/// communes' printers have, and sent to `lp` where it is installed.
@Suite(.serialized)
struct DossierFormTests {
    /// A dossier of 1.004859 (3 working days) received Monday 2025-06-09 08:00, moved on at the times given.
    static func dossier(in home: TestHome, moves: [(String, String?, String)]) throws -> String {
        let code = try home.run(
            [
                "case", "add", "--procedure", "1.004859", "--name", "Nguyễn Văn Đức", "--id-number", "001099012345",
                "--dob", "1999-03-04", "--gender", "male", "--received-at", "2025-06-09T08:00",
            ],
            now: "2025-06-09T08:05:00+07:00"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for (status, reason, time) in moves {
            let moved = try home.run(
                ["case", "status", code, status] + (reason.map { ["--reason", $0] } ?? []), now: time)
            try #require(moved.status == 0, "\(moved.stderr)")
        }
        return code
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test(
        "A supplement request carries the reason and the pause, fits the paper, and counts a second one late",
        arguments: [32, 48, 80])
    func supplement(width: Int) throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try Self.dossier(
            in: home,
            moves: [
                ("processing", nil, "2025-06-09T09:00:00+07:00"),
                ("supplement_requested", "Thiếu bản sao giấy khai sinh", "2025-06-10T10:00:00+07:00"),
            ])
        let first = try home.run(["case", "form", "supplement", code, "--width", String(width)])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = Self.lines(first.stdout)
        #expect(
            lines.allSatisfy { VietnameseWidth.of($0) <= width }, "\(lines.filter { VietnameseWidth.of($0) > width })")
        let flat = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", code, "Nguyễn Văn Đức",
            "Thiếu bản sao giấy khai sinh", "tạm dừng từ 10:00 ngày 10/06/2025",
        ] {
            #expect(flat.contains(expected), "\(expected) at \(width):\n\(first.stdout)")
        }
        #expect(!flat.contains("lần 2"))
        _ = try home.run(["case", "status", code, "processing"], now: "2025-06-11T08:00:00+07:00")
        _ = try home.run(
            ["case", "status", code, "supplement_requested", "--reason", "Thiếu tờ khai"],
            now: "2025-06-11T09:00:00+07:00")
        let second = try home.run(["case", "form", "supplement", code, "--width", String(width)]).stdout
        let again = Self.lines(second).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(again.contains("(lần 2)") && again.contains("Thiếu tờ khai") && again.contains("trễ hạn"), "\(second)")
    }

    @Test("A refusal and a stop notice carry the reason given; a paper the history does not support is refused")
    func refusalAndStop() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let refused = try Self.dossier(
            in: home, moves: [("refused", "Hồ sơ không thuộc thẩm quyền của xã", "2025-06-09T09:00:00+07:00")])
        let slip = try home.run(["case", "form", "refusal", refused])
        #expect(slip.status == 0, "\(slip.stderr)")
        #expect(slip.stdout.contains("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ"))
        #expect(slip.stdout.contains("Lý do: Hồ sơ không thuộc thẩm quyền của xã"), "\(slip.stdout)")
        let wrong = try home.run(["case", "form", "stop", refused])
        #expect(wrong.status == 65 && wrong.stderr.contains("was not stopped"), "\(wrong.stderr)")
        let stopped = try Self.dossier(
            in: home,
            moves: [
                ("processing", nil, "2025-06-09T09:00:00+07:00"),
                ("stopped", "Người nộp đã mất", "2025-06-10T09:00:00+07:00"),
            ])
        let notice = try home.run(["case", "form", "stop", stopped], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(notice.stdout.contains("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ") && notice.stdout.contains("Người nộp đã mất"))
        let none = try home.run(["case", "form", "supplement", stopped], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(none.status == 65 && none.stderr.contains("chưa có yêu cầu bổ sung"), "\(none.stderr)")
    }

    @Test("An apology names the due date missed, the reason and the new date, with a text message of one segment")
    func apology() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try Self.dossier(in: home, moves: [("processing", nil, "2025-06-09T09:00:00+07:00")])
        let late = "2025-06-13T09:00:00+07:00"
        let missing = try home.run(["case", "form", "apology", code], now: late)
        #expect(missing.status == 65 && missing.stderr.contains("--new-due"), "\(missing.stderr)")
        let before = try home.run(
            ["case", "form", "apology", code, "--new-due", "2025-06-11T17:00", "--reason", "Chờ xác minh"], now: late)
        #expect(before.status == 65, "a new date before the one missed is no new date")
        let paper = try home.run(
            [
                "case", "form", "apology", code, "--new-due", "2025-06-18T17:00", "--reason",
                "Chờ xác minh của công an xã",
            ],
            now: late)
        #expect(paper.status == 0, "\(paper.stderr)")
        for expected in [
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Hạn trả kết quả đã hẹn: 08:00 ngày 12/06/2025",
            "Lý do chậm trễ: Chờ xác minh của công an xã", "Hẹn lại ngày trả kết quả: 17:00 ngày 18/06/2025",
        ] {
            #expect(paper.stdout.contains(expected), "\(expected):\n\(paper.stdout)")
        }
        let sms = try #require(Self.lines(paper.stdout).last { $0.contains("xin loi ong/ba") })
            .trimmingCharacters(in: .whitespaces)
        #expect(sms.count <= 160 && sms.allSatisfy(\.isASCII) && sms.contains(code), "\(sms)")
    }

    @Test("The control sheet lists every step with its time and officer, and whether it kept its due date")
    func control() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try Self.dossier(
            in: home,
            moves: [
                ("processing", nil, "2025-06-09T09:00:00+07:00"), ("resolved", nil, "2025-06-11T10:00:00+07:00"),
                ("returned", nil, "2025-06-12T08:30:00+07:00"),
            ])
        let sheet = try home.run(["case", "form", "control", code], now: "2025-06-12T09:00:00+07:00").stdout
        for expected in [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "08:00 ngày 09/06/2025: tiếp nhận hồ sơ",
            "09:00 ngày 09/06/2025: đang giải quyết", "10:00 ngày 11/06/2025", "08:30 ngày 12/06/2025",
            "đúng hạn (hạn 08:00 ngày 12/06/2025)",
        ] {
            #expect(sheet.contains(expected), "\(expected):\n\(sheet)")
        }
    }

    @Test("--print hands the paper to lp; without lp it says how to print instead")
    func printing() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try Self.dossier(in: home, moves: [])
        let scratch = home.url.deletingLastPathComponent()
        let bin = scratch.appendingPathComponent("bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let printed = scratch.appendingPathComponent("printed-\(UUID().uuidString).txt")
        let lp = bin.appendingPathComponent("lp")
        let seen = scratch.appendingPathComponent("lp-env-\(UUID().uuidString).txt")
        try "#!/bin/sh\n/usr/bin/env > '\(seen.path)'\n/bin/cat > '\(printed.path)'\n".write(
            to: lp, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lp.path)
        let sent = try home.run(["case", "form", "receipt", code, "--print"], environment: ["PATH": bin.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try String(contentsOf: printed, encoding: .utf8).contains("GIẤY TIẾP NHẬN HỒ SƠ"))
        let environment = try String(contentsOf: seen, encoding: .utf8)
        #expect(!environment.contains("FIELDCASE_PIN") && environment.contains("PATH="), "lp never sees the PIN")
        // A relative PATH entry is never searched: the current folder's lp would see the desk's environment.
        let relative = try home.run(["case", "form", "receipt", code, "--print"], environment: ["PATH": "."])
        #expect(relative.status == 69, "\(relative.stderr)")
        let refusing = bin.appendingPathComponent("refusing")
        try FileManager.default.createDirectory(at: refusing, withIntermediateDirectories: true)
        try "#!/bin/sh\nexit 1\n".write(to: refusing.appendingPathComponent("lp"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: refusing.appendingPathComponent("lp").path)
        let failed = try home.run(["case", "form", "control", code, "--print"], environment: ["PATH": refusing.path])
        #expect(failed.status == 69 && failed.stderr.contains("lpstat"), "an lp that reads nothing: \(failed.stderr)")
        let without = try home.run(
            ["case", "form", "receipt", code, "--print"], environment: ["PATH": scratch.path + "/none"])
        #expect(without.status == 69 && without.stderr.contains("--out"), "\(without.stderr)")
    }
}

/// Who collected a result: recorded with the move to returned, shown in the dossier's history, printed as the
/// handover paper, accepted by the gateway by the desk's rules.
@Suite(.serialized)
struct ResultHandoverTests {
    @Test("The result's collector is recorded with the return, shown, printed and synced")
    func handover() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try DossierFormTests.dossier(
            in: home,
            moves: [("processing", nil, "2025-06-09T09:00:00+07:00"), ("resolved", nil, "2025-06-10T09:00:00+07:00")])
        let early = try home.run(
            ["case", "status", code, "processing", "--collected-by", "Trần Thị Hoa", "--collector-id", "001199012345"])
        #expect(early.status == 65 && early.stderr.contains("collected by"), "\(early.stderr)")
        let half = try home.run(["case", "status", code, "returned", "--collected-by", "Trần Thị Hoa"])
        #expect(half.status == 64, "\(half.stderr)")
        let badID = try home.run(
            ["case", "status", code, "returned", "--collected-by", "Trần Thị Hoa", "--collector-id", "12345"])
        #expect(badID.status == 65, "\(badID.stderr)")
        let none = try home.run(["case", "form", "handover", code])
        #expect(none.status == 65 && none.stderr.contains("--collected-by"), "\(none.stderr)")
        let returned = try home.run(
            [
                "case", "status", code, "returned", "--collected-by", "Trần Thị Hoa", "--collector-id",
                "001199012345", "--proxy",
            ], now: "2025-06-11T10:00:00+07:00")
        #expect(returned.status == 0, "\(returned.stderr)")
        let shown = try home.run(["case", "show", code]).stdout
        #expect(shown.contains("collected by Trần Thị Hoa (cccd 001199012345) for the applicant"), "\(shown)")
        let paper = try home.run(["case", "form", "handover", code]).stdout
        for expected in [
            "GIẤY GIAO NHẬN KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "Người nhận: Trần Thị Hoa", "CCCD số 001199012345",
            "Nhận thay người nộp: có", "Trả lúc: 10:00 ngày 11/06/2025",
        ] {
            #expect(paper.contains(expected), "\(expected):\n\(paper)")
        }
        // The gateway takes the handover by the same rules and holds the dossier as returned.
        let central = try CentralServer(directory: home.url.deletingLastPathComponent())
        try central.start()
        defer { central.stop() }
        #expect(try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()]).status == 0)
        let synced = try home.run(["sync", "--json"], now: "2025-06-11T10:05:00+07:00")
        #expect(synced.status == 0 && synced.stdout.contains(#""rejected" : 0"#), "\(synced.stdout)\(synced.stderr)")
        let held = try central.command(["cases", "--json"]).stdout
        #expect(held.contains(#""status" : "returned""#), "\(held)")
    }
}
