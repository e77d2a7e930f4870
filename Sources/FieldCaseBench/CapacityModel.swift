import Foundation

/// The capacity of a deployment, worked out from the figures a benchmark run measured: what one gateway
/// process and one PostgreSQL carry, what a province of 150 communes needs, what the whole country's
/// morning after an outage takes in time and bytes, and where the next limit is. `fieldcase-bench
/// --capacity RUN.jsonl` prints it from a `--json` run; the README keeps the last one.
struct CapacityModel {
    /// The measured figures used, by scenario name and figure.
    let measured: [String: [String: Double]]

    // What is assumed, not measured, and said as such in the output.
    static let communes = 3_321
    static let desksInCountry = 10_000
    static let provinceCommunes = 150
    static let desksPerCommune = 3.0
    /// A busy one-stop desk's dossiers in a working day, and the events each dossier makes over its life.
    static let dossiersPerDeskDay = 40.0
    static let eventsPerDossier = 4.0
    /// Working days a storm or a cut fibre keeps a region offline before the morning after.
    static let outageDays = 3.0
    /// PostgreSQL's default connection limit, and the pool each gateway process keeps.
    static let postgresConnections = 100.0
    static let poolPerProcess = 16.0

    init(jsonLines: String) throws {
        var measured: [String: [String: Double]] = [:]
        for line in jsonLines.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = object["name"] as? String, let figures = object["figures"] as? [String: Double]
            else { continue }
            measured[name] = figures
        }
        self.measured = measured
    }

    func figure(_ scenario: String, _ name: String) throws -> Double {
        guard let value = measured[scenario]?[name], value.isFinite, value > 0 else {
            throw BenchError("the run has no '\(name)' for '\(scenario)'; run the push, wire, herd and pull scenarios")
        }
        return value
    }

    func lines() throws -> [String] {
        let herd = try figure("herd (postgres)", "events_per_second")
        let push = try figure("push (postgres)", "cases_per_second")
        let bytesPerCase = try figure("wire", "bytes_per_case")
        let pull = try figure("pull", "changes_per_second")
        let wal = measured["push (postgres)"]?["wal_bytes_per_case"]
        let peak = measured["herd (postgres)"]?["peak_memory_mb"]
        let provinceDesks = Double(Self.provinceCommunes) * Self.desksPerCommune
        let backlog = Self.dossiersPerDeskDay * Self.eventsPerDossier * Self.outageDays
        let provinceEvents = provinceDesks * backlog
        let countryEvents = Double(Self.desksInCountry) * backlog
        let dailyEvents = Double(Self.desksInCountry) * Self.dossiersPerDeskDay * Self.eventsPerDossier
        let processesPerDatabase = (Self.postgresConnections - 10) / Self.poolPerProcess
        func number(_ value: Double) -> String {
            value >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
        }
        func duration(_ seconds: Double) -> String {
            seconds >= 120 ? "\(number(seconds / 60)) min" : "\(number(seconds)) s"
        }
        var lines = [
            "Measured (this run): one gateway process on PostgreSQL takes a herd at \(number(herd)) events/s and one "
                + "desk's push at \(number(push)) cases/s; \(number(bytesPerCase)) bytes per case on the wire; "
                + "pull \(number(pull)) changes/s"
                + (peak.map { "; the gateway's peak memory in the herd \(number($0)) MB" } ?? "")
                + (wal.map { "; \(number($0)) bytes of WAL per case" } ?? "") + ".",
            "Assumed: \(Self.desksInCountry) desks in \(Self.communes) communes; \(number(Self.dossiersPerDeskDay)) "
                + "dossiers per desk per day, \(number(Self.eventsPerDossier)) events each over their life; an outage of "
                + "\(number(Self.outageDays)) working days; PostgreSQL's \(number(Self.postgresConnections)) "
                + "connections, \(number(Self.poolPerProcess)) per gateway process.",
            "A normal day, the whole country: \(number(dailyEvents)) events, \(number(dailyEvents / (8 * 3600))) events/s "
                + "over office hours: \(number(100 * dailyEvents / (8 * 3600) / herd)) % of one gateway process.",
            "A province of \(Self.provinceCommunes) communes (\(number(provinceDesks)) desks) after the outage: "
                + "\(number(provinceEvents)) events, \(duration(provinceEvents / herd)) through one gateway process, "
                + "\(number(provinceEvents / Self.eventsPerDossier * bytesPerCase / 1_048_576)) MB on the wire.",
            "The whole country after the outage: \(number(countryEvents)) events, \(duration(countryEvents / herd)) "
                + "through one gateway process, \(duration(countryEvents / herd / processesPerDatabase)) through "
                + "\(number(processesPerDatabase.rounded(.down))) processes if PostgreSQL keeps up; "
                + "\(number(countryEvents / Self.eventsPerDossier * bytesPerCase / 1_048_576)) MB on the wire"
                + (wal.map { ", \(number(countryEvents / Self.eventsPerDossier * $0 / 1_048_576)) MB of WAL" } ?? "")
                + ".",
            "Catching up: a desk away for the outage pulls its commune's updates at \(number(pull)) changes/s; "
                + "a whole province's desks one after another in \(duration(provinceEvents / pull)).",
            "Next limits: PostgreSQL's connections (about \(number(processesPerDatabase.rounded(.down))) gateway "
                + "processes of \(number(Self.poolPerProcess)) at the default max_connections; raise it or put "
                + "PgBouncer in front), then its write rate and WAL volume on one disk. Past them: more gateway "
                + "processes behind the proxy (they share nothing but the database), PostgreSQL on a larger "
                + "machine, read replicas for reports and the admin API, and the change feed partitioned by "
                + "province (each province's desks pull only their own).",
        ]
        if let peak, peak > 0 {
            lines.append(
                "Memory: \(number(peak)) MB at the herd's peak, under the 512 MB a province's VM gives a process.")
        }
        return lines
    }
}
