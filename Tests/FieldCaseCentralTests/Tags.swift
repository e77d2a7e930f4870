import Testing

/// What a gateway suite needs or costs (see the README's Tests section).
extension Tag {
    /// Minutes rather than seconds: concurrency and sync-truth checkers.
    @Tag static var slow: Self
    /// Runs against a throwaway PostgreSQL cluster as well as SQLite.
    @Tag static var postgres: Self
}
