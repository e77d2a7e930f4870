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
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumberAsText(value) {
            value = "'" + value
        }
        // Scalars, not Characters: "\r\n" is one Character, so a lone "\n" would not match it.
        guard value.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// An ID number or phone as a spreadsheet must keep it: `="001099012345"`, a formula that is only a text
    /// literal, so the leading zeros (and a leading +) stay. Anything that is not all digits goes as it is.
    static func text(_ value: String) -> String {
        guard isDigits(value) else { return value }
        return "=\"" + value + "\""
    }

    /// The one formula this file writes on purpose: a quoted run of digits, nothing a spreadsheet can run.
    static func isNumberAsText(_ value: String) -> Bool {
        value.hasPrefix("=\"") && value.hasSuffix("\"") && value.count > 3
            && isDigits(String(value.dropFirst(2).dropLast()))
    }

    private static func isDigits(_ value: String) -> Bool {
        let digits = value.hasPrefix("+") ? value.dropFirst() : Substring(value)
        return !digits.isEmpty && digits.count <= 20 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
