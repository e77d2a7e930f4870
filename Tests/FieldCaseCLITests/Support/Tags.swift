import Testing

/// What a suite needs or costs, so one kind can be run alone (`.ci/test-tag slow`, see the README's Tests
/// section). `FIELDCASE_FULL=1` scales the slow ones up to the sizes.
extension Tag {
    /// Minutes rather than seconds: crash, fuzz, soak, fault and model suites.
    @Tag static var slow: Self
    /// Starts a throwaway PostgreSQL cluster from the system's binaries.
    @Tag static var postgres: Self
    /// Drives the shell through a pseudo-terminal.
    @Tag static var terminal: Self
    /// Feeds generated input (options, lines, API calls) and checks nothing crashes or leaks.
    @Tag static var fuzz: Self
}
