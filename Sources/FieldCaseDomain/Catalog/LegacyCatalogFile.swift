import Foundation

/// The catalog file as desks before catalog 2026.2 read it, for a gateway that serves them during a rolling
/// upgrade: their decoder takes a fee as one amount (or null where the province sets it) and knows no processing
/// time in hours. Everything else they ignore or read as it is.
public enum LegacyCatalogFile {
    /// `json` with each fee rule written as its usual amount and a time in hours as the days that hold it
    /// (working days for working hours, calendar days for clock hours, rounded up: an old desk shows a later due
    /// date, never an earlier one, and takes the gateway's at sync).
    public static func projected(_ json: Data) throws -> Data {
        guard var file = try JSONSerialization.jsonObject(with: json) as? [String: Any],
            let procedures = file["procedures"] as? [[String: Any]]
        else { throw CatalogError.malformed("not a catalog object") }
        let hoursADay = max(1, try Catalog(json: json).calendar.workingDaySeconds / 3600)
        file["procedures"] = try procedures.map { entry in
            var entry = entry
            if let fee = entry["fee"], !(fee is NSNull) {
                let rules = try JSONDecoder().decode(
                    [FeeRule].self, from: JSONSerialization.data(withJSONObject: [fee]))
                entry["fee"] = rules.first?.usualAmount.map { $0 as Any } ?? NSNull()
            }
            if let processing = entry["processing"] as? [String: Any], let hours = processing["hours"] as? Int {
                // Working hours fill working days; clock hours, calendar days.
                entry["processing"] =
                    processing["kind"] as? String == "working_hours"
                    ? ["kind": "working_days", "days": (hours + hoursADay - 1) / hoursADay]
                    : ["kind": "calendar_days", "days": (hours + 23) / 24]
            }
            return entry
        }
        return try JSONSerialization.data(withJSONObject: file, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
