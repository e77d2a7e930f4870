/// RFC 4180 CSV as spreadsheets read it: UTF-8 with a byte-order mark (without it Excel and
/// LibreOffice guess a legacy code page and garble Vietnamese), CRLF line ends, quotes only where needed.
enum CSV {
    static let byteOrderMark = "\u{FEFF}"

    static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// Quotes a cell when it must be, and defuses one a spreadsheet would run as a formula (`=`, `+`, `-`,
    /// `@`, tab or carriage return first: `-1+1+cmd|…` too) with a leading apostrophe.
    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        // Scalars, not Characters: "\r\n" is one Character, so a lone "\n" would not match it.
        guard value.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
