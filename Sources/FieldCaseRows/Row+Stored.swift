import FieldCaseDomain
import GRDB

/// Reading a stored row without traps, for the desk's store and the gateway's SQLite backend alike. GRDB's
/// subscripts stop the process on a value of the wrong type (text where a time should be, a blob that is not
/// UTF-8), and its decoding errors quote the whole row, personal data included: here either becomes a
/// `CorruptRow` that names only the table, the row's key and the column.
extension Row {
    /// The column as `T` (an optional `T` reads NULL as nil).
    public func stored<T: DatabaseValueConvertible>(
        _ column: String, table: String, key: @autoclosure () -> String, as type: T.Type = T.self
    ) throws(CorruptRow) -> T {
        do {
            return try decode(T.self, forColumn: column)
        } catch {
            throw CorruptRow(table: table, key: key(), column: column)
        }
    }

    /// The column as one of an enumeration's stored values.
    public func stored<T: RawRepresentable>(
        _ column: String, table: String, key: @autoclosure () -> String, as type: T.Type = T.self
    ) throws(CorruptRow) -> T where T.RawValue: DatabaseValueConvertible {
        let key = key()
        return try T.stored(
            try stored(column, table: table, key: key, as: T.RawValue?.self), table: table,
            column: column, key: key)
    }

    /// A time stored as epoch seconds.
    public func storedTime(_ column: String, table: String, key: @autoclosure () -> String) throws(CorruptRow)
        -> LocalTime
    {
        LocalTime(epochSeconds: try stored(column, table: table, key: key(), as: Int64.self))
    }

    /// A time stored as epoch seconds, or NULL.
    public func storedTimeIfAny(_ column: String, table: String, key: @autoclosure () -> String) throws(CorruptRow)
        -> LocalTime?
    {
        try stored(column, table: table, key: key(), as: Int64?.self).map(LocalTime.init(epochSeconds:))
    }
}

/// One stored row read column by column, each failure naming the row's table and key: `let read =
/// row.reading("devices", key: id)`, then `try read("terminal")`.
public struct StoredRow {
    let row: Row
    let table: String
    let key: String

    public func callAsFunction<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self)
        throws(CorruptRow) -> T
    {
        try row.stored(column, table: table, key: key)
    }

    public func callAsFunction<T: RawRepresentable>(_ column: String, as type: T.Type = T.self) throws(CorruptRow)
        -> T where T.RawValue: DatabaseValueConvertible
    {
        try row.stored(column, table: table, key: key)
    }

    /// Epoch seconds.
    public func time(_ column: String) throws(CorruptRow) -> LocalTime {
        try row.storedTime(column, table: table, key: key)
    }

    /// Epoch seconds, or NULL.
    public func timeIfAny(_ column: String) throws(CorruptRow) -> LocalTime? {
        try row.storedTimeIfAny(column, table: table, key: key)
    }
}

extension Row {
    /// Reads this row of `table`, whose key (for error messages) is `key`.
    public func reading(_ table: String, key: String) -> StoredRow {
        StoredRow(row: self, table: table, key: key)
    }
}
