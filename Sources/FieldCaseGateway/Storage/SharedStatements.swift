/// SQL both backends run word for word: written once, so a change to what an upsert keeps cannot reach one
/// backend and miss the other. (The values go in each backend's own way: `?` in SQLite, binds in PostgreSQL.)
package enum SharedStatements {
    /// A commune registered again keeps its newest unit code, with who registered it and when.
    package static let communeUpsert = """
        ON CONFLICT (code) DO UPDATE SET unit_code = excluded.unit_code,
            registered_at = excluded.registered_at, registered_by = excluded.registered_by
        """

    /// The seq series a device's events belong to: a carrier's is the series of the device whose bundle it
    /// carries. (`alias` names the devices row.)
    package static func seriesOf(_ alias: String) -> String {
        "COALESCE((SELECT o.stream_id FROM devices o WHERE o.id = \(alias).bundle_of), \(alias).stream_id)"
    }
}
