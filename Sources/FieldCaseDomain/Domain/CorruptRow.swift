import FieldCaseWire
import Foundation

/// A stored value no version of fieldcase writes: a damaged database or a row written by hand. Reading it
/// stops with this error, naming where it is, instead of turning it into a default (a dossier shown as
/// received, an applicant as male, an outcome as rejected). The value itself is not kept: it may be
/// personal data.
public struct CorruptRow: Error, Sendable, Equatable, CustomStringConvertible {
    public let table: String
    public let key: String
    public let column: String

    public init(table: String, key: String, column: String) {
        self.table = table
        self.key = key
        self.column = column
    }

    public var description: String { "unreadable \(column) in \(table) row \(key)" }
}

extension RawRepresentable {
    /// The value a stored raw value stands for, or `CorruptRow` naming the table, row and column.
    public static func stored(
        _ raw: RawValue?, table: String, column: String, key: @autoclosure () -> String
    ) throws(CorruptRow) -> Self {
        guard let raw, let value = Self(rawValue: raw) else {
            throw CorruptRow(table: table, key: key(), column: column)
        }
        return value
    }
}

extension LocalTime {
    /// A time stored as ISO 8601 text, or `CorruptRow` when it is not one.
    public static func stored(_ text: String?, table: String, column: String, key: @autoclosure () -> String)
        throws(CorruptRow) -> LocalTime
    {
        guard let text, let time = LocalTime(iso8601: text) else {
            throw CorruptRow(table: table, key: key(), column: column)
        }
        return time
    }
}

extension JSONValue {
    /// A JSON document stored as text, or `CorruptRow` when it does not parse.
    public static func stored(_ text: String, table: String, column: String, key: @autoclosure () -> String)
        throws(CorruptRow) -> JSONValue
    {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw CorruptRow(table: table, key: key(), column: column)
        }
    }
}
