import FieldCaseDomain
import Foundation
import GRDB
import Testing

@testable import FieldCaseRows

@Suite("Stored rows read without traps: a damaged value names its table, row and column, never its content")
struct StoredRowTests {
    enum Status: String { case received, done }

    static func row(_ sql: String) throws -> Row {
        let queue = try DatabaseQueue()
        return try queue.read { db in try #require(try Row.fetchOne(db, sql: sql)) }
    }

    @Test("Values of the right type read as themselves; NULL reads as nil where a value may be missing")
    func goodValues() throws {
        let row = try Self.row("SELECT 'done' AS status, 1750000000 AS at, NULL AS finished, 'Lan' AS officer")
        let read = row.reading("cases", key: "C1")
        #expect(try read("status", as: Status.self) == .done)
        #expect(try read.time("at") == LocalTime(epochSeconds: 1_750_000_000))
        #expect(try read.timeIfAny("finished") == nil)
        #expect(try read("officer", as: String.self) == "Lan")
    }

    @Test("Text where a time belongs, an unknown status, NULL where a value is required: CorruptRow, no crash")
    func damagedValues() throws {
        let row = try Self.row(
            "SELECT 'Nguyễn Văn Đức' AS at, 'lost' AS status, NULL AS officer, X'FF00' AS name")
        let read = row.reading("cases", key: "C7")
        #expect(throws: CorruptRow(table: "cases", key: "C7", column: "at")) { try read.time("at") }
        #expect(throws: CorruptRow(table: "cases", key: "C7", column: "status")) {
            try read("status", as: Status.self)
        }
        #expect(throws: CorruptRow(table: "cases", key: "C7", column: "officer")) {
            try read("officer", as: String.self)
        }
        do {
            _ = try read.time("at")
        } catch {
            #expect(!error.description.contains("Nguyễn"), "the stored value never reaches a message")
        }
    }
}
