import ArgumentParser

/// A desk command: it runs in the session the command runner hands it (the shell's, or one built from
/// the environment for a script) and may sign an officer in to it. `--home`, when given, points this one
/// command at another folder.
public protocol SessionCommand: ParsableCommand {
    var home: HomeOptions { get }
    func run(in session: inout Session) async throws
}
