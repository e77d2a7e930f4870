import FieldCaseDomain

/// A plain-text table aligned by display width, so Vietnamese names line up in a terminal.
public struct Table {
    public let headers: [String]
    public var rows: [[String]] = []
    /// The column that gives up width (with an ellipsis) to fit the line.
    public var flexibleColumn: Int?

    public static let lineWidth = 80
    static let minimumFlexibleWidth = 10

    public init(headers: [String], rows: [[String]] = [], flexibleColumn: Int? = nil) {
        self.headers = headers
        self.rows = rows
        self.flexibleColumn = flexibleColumn
    }

    public func render() -> String {
        var widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(VietnameseText.displayWidth).max() ?? 0
        }
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        if let flexible = flexibleColumn, total > Self.lineWidth {
            widths[flexible] = max(Self.minimumFlexibleWidth, widths[flexible] - (total - Self.lineWidth))
        }
        return ([headers] + rows).map { cells in
            cells.enumerated().map { column, cell in
                let fitted = Self.truncate(cell, to: widths[column])
                let isLast = column == cells.count - 1
                return isLast
                    ? fitted
                    : fitted + String(repeating: " ", count: widths[column] - VietnameseText.displayWidth(fitted))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    public static func truncate(_ text: String, to width: Int) -> String {
        guard VietnameseText.displayWidth(text) > width else { return text }
        var result = ""
        for character in text {
            if VietnameseText.displayWidth(result + String(character)) > width - 1 { break }
            result.append(character)
        }
        return result + "…"
    }
}
