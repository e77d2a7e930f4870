import Testing

@testable import FieldCaseCommandLine

@Suite("What the command line prints: aligned tables and text that cannot steer a terminal")
struct TerminalOutputTests {
    @Test("Columns line up by display width, Vietnamese marks counting as nothing, and fit 80 columns")
    func tableAligns() {
        let table = Table(
            headers: ["Code", "Name", "Summary"],
            rows: [
                ["02266-250610-1001", "Nguyễn Thị Ánh", String(repeating: "giấy tờ ", count: 20)],
                ["02266-250610-1002", "Lê Văn Bình", "ngắn"],
            ],
            flexibleColumn: 2)
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let nameStart = lines.map { VietnameseTextWidth.before("N", "L", in: $0) }
        #expect(Set(nameStart).count == 1, "the name column starts at one width on every line")
        #expect(lines.allSatisfy { VietnameseTextWidth.of($0) <= Table.lineWidth })
        #expect(lines[1].hasSuffix("…"))
        #expect(lines[2].hasSuffix("ngắn"))
    }

    @Test("Truncation keeps short text and ends long text with an ellipsis within the width")
    func truncation() {
        #expect(Table.truncate("Hoa", to: 5) == "Hoa")
        #expect(Table.truncate("Trần Thị Hoa", to: 6) == "Trần …")
    }

    @Test("Escapes, bidi overrides and line breaks are written out; pretty JSON keeps its own lines")
    func safeText() {
        #expect(TerminalText.safe("a\u{1b}[31mb") == "a\\u001b[31mb")
        #expect(TerminalText.safe("x\u{202e}y") == "x\\u202ey")
        #expect(TerminalText.safe("one\ntwo") == "one\\u000atwo")
        #expect(TerminalText.safe("one\ntwo", lines: true) == "one\ntwo")
        #expect(TerminalText.safe("Nguyễn Văn Đức") == "Nguyễn Văn Đức")
    }

    @Test("Exit codes are the sysexits values scripts test for")
    func exitCodes() {
        #expect(
            [Exit.usage, Exit.dataError, Exit.noInput, Exit.unavailable, Exit.tempFail, Exit.noPermission, Exit.config]
                == [64, 65, 66, 69, 75, 77, 78])
    }
}

/// Display widths measured as a terminal shows Latin text with marks, without the code under test: one column a
/// character (grapheme), whatever marks it carries.
enum VietnameseTextWidth {
    static func of(_ text: String) -> Int { text.count }

    /// The width before the first of `markers` in `line`.
    static func before(_ markers: Character..., in line: String) -> Int {
        line[..<(line.firstIndex { markers.contains($0) } ?? line.endIndex)].count
    }
}
