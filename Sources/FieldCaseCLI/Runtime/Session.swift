import FieldCaseCore
import Foundation

/// What every command runs with: the home it works on, the officer whose PIN has opened the data key, the
/// language it speaks, the clock it reads and the environment it was started in. The shell keeps one for
/// its whole life (a `login` there signs in once for every line); a scripted command gets one built from
/// the environment. Nothing else carries this state: no global, no `setenv`.
public struct Session: Sendable {
    public var home: Home
    public var signedIn: SignedInOfficer?
    public let language: Language
    public let clock: Clock
    public let environment: [String: String]

    public init(
        home: Home, signedIn: SignedInOfficer? = nil, language: Language, clock: Clock, environment: [String: String]
    ) {
        self.home = home
        self.signedIn = signedIn
        self.language = language
        self.clock = clock
        self.environment = environment
    }

    /// The session of a scripted command: home from `$FIELDCASE_HOME` (or the XDG default), language from
    /// the locale, clock pinned by `$FIELDCASE_NOW` when set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> Session
    {
        Session(
            home: Home.resolve(nil, environment: environment), language: Language(locale: environment),
            clock: try Clock(environment: environment), environment: environment)
    }

    /// The same session working on the folder a command's `--home` names.
    public func using(_ options: HomeOptions) -> Session {
        guard let path = options.path else { return self }
        var session = self
        session.home = Home.resolve(path, environment: environment)
        // A key opened for one home means nothing in another.
        if session.home != home { session.signedIn = nil }
        return session
    }

    public func now() -> LocalTime { clock.now() }

    /// The officer the environment names (`$FIELDCASE_OFFICER`), if it names one.
    var officerFromEnvironment: String? { environment["FIELDCASE_OFFICER"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Prints a line of the desk's catalog in the session's language.
    func say(_ text: DeskText) {
        print(text.text(in: language))
    }

    /// Says a page attached, as `case attach` says it (the shell's `scan` walks pages one at a time).
    package func sayAttached(_ outcome: PageAttachment, code: String, name: String) {
        say(.pageAttached(code: code, name: name, outcome))
    }

    func text(_ english: String, _ vietnamese: String) -> String {
        language == .vietnamese ? vietnamese : english
    }
}
