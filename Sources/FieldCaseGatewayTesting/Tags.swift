import Testing

/// What a gateway suite needs or costs (see the README's Tests section); shared by every gateway test target.
extension Tag {
    /// Minutes rather than seconds: concurrency and sync-truth checkers.
    @Tag public static var slow: Self
    /// Runs against a throwaway PostgreSQL cluster as well as SQLite.
    @Tag public static var postgres: Self
}
