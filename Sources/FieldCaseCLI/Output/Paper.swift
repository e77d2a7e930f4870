import FieldCaseCore

/// A page the desk prints for a citizen, laid out in plain text for a 32- or 48-column thermal printer or an
/// 80-column A4 page: lines wrapped at spaces by display width, centred titles, rules, `Label: value` fields.
/// Always in Vietnamese: the citizen's paper, whatever language the desk's screen uses.
struct Paper {
    let width: Int

    /// The heading every one-stop paper carries: the office on one side, the national motto on the other (stacked
    /// on a narrow roll).
    func heading(office: String) -> [String] {
        let left = [office.uppercased(), "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"]
        let right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
        let column = width / 2
        guard width >= 80 else { return (left + right).flatMap { wrap($0) }.map(center) + [rule("=")] }
        return zip(left, right).map {
            VietnameseText.padded(Self.centred($0, in: column), to: column) + Self.centred($1, in: width - column)
        }
            + [rule("=")]
    }

    /// `Label: value`, the value wrapped under itself when the line is too narrow.
    func field(_ label: String, _ value: String) -> [String] {
        wrap("\(label): \(value)", indent: 2)
    }

    /// Breaks text into lines of at most `width` display columns, at spaces where it can. Control and formatting
    /// characters (an escape from a reason the central system sent, a line break) print as spaces: nothing on a
    /// paper steers the terminal or the printer.
    func wrap(_ text: String, indent: Int = 0) -> [String] {
        var lines: [String] = []
        var current = ""
        let text = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { TextRules.controlCharacter(in: String($0)) == nil ? $0 : " " }))
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

    func center(_ text: String) -> String { Self.centred(text, in: width) }

    func rule(_ character: Character) -> String { String(repeating: character, count: width) }

    /// Where the officer and, where the form asks for it, the citizen sign.
    func signatures(_ roles: [String]) -> [String] {
        guard width >= 80, roles.count == 2 else { return [""] + roles.flatMap { [center($0), "", "", ""] } }
        let column = width / 2
        return [
            "",
            VietnameseText.padded(Self.centred(roles[0], in: column), to: column) + Self.centred(roles[1], in: column),
        ]
            + ["", "", ""]
    }

    static func centred(_ text: String, in width: Int) -> String {
        String(repeating: " ", count: max(0, width - VietnameseText.displayWidth(text)) / 2) + text
    }

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

    /// The commune's office as papers name it: `UBND xã Lâm Bình` (`Xã Lâm Bình` in the unit list).
    static func office(_ commune: Commune?) -> String {
        guard let name = commune?.name, let first = name.first else { return "UBND xã" }
        return "UBND " + first.lowercased() + name.dropFirst()
    }
}
