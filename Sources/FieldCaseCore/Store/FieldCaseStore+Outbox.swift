import GRDB

extension FieldCaseStore {
    /// Items waiting to leave the device, for the prompt and the banner: one indexed count, no scan of cases.
    public func pendingCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0 }
    }
}
