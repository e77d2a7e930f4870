import ArgumentParser
import FieldCaseDomain

/// `--since` and `--limit` of the listings that grow without end (`access-log`, `rejections`): one reading
/// of a day or a time, one bound.
struct ListWindowOptions: ParsableArguments {
    @Option(help: "From this day (2025-06-10) or time (2025-06-10T08:00:00+07:00).") var since: String?
    @Option(help: "At most this many, the newest.") var limit = 1000

    func validate() throws {
        if let since, AccessLogQuery.time(since) == nil {
            throw ValidationError(
                "--since must be a day such as 2025-06-10 or a time such as 2025-06-10T08:00:00+07:00")
        }
        guard (1...AccessLogQuery.maxLimit).contains(limit) else {
            throw ValidationError("--limit must be from 1 to \(AccessLogQuery.maxLimit)")
        }
    }

    var sinceTime: LocalTime? { since.flatMap(AccessLogQuery.time) }
}
