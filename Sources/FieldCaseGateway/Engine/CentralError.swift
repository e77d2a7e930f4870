/// Failures the HTTP layer turns into status codes.
public enum CentralError: Error, Equatable, Sendable {
    case invalidEnrollmentToken
    case terminalTaken(commune: String, terminal: Int)
    case communeMismatch(token: String, desk: String)
    /// The device was revoked while its request was on its way.
    case deviceRevoked
    /// The commune already has devices enrolled under another unit code.
    case unitCodeFixed(commune: String, unitCode: String)
    case unitCodeMismatch(expected: String?, got: String)
    /// Another commune issues dossier codes under this unit code.
    case unitCodeTaken(unitCode: String, commune: String)
    case unknownCase(String)
    case invalidTransition(String)
    case invalidDatabaseURL
    /// PostgreSQL did not answer a first query in time (unreachable, or its certificate not trusted).
    case databaseUnreachable(seconds: Int)
    case operatorExists(String)
    /// The batch would take the device past a quota; the reason says which and what happens next.
    case quotaExceeded(String)
    /// A sealed payload does not open with this gateway's key (sealed to another gateway, or damaged).
    case unsealable(seq: Int64)
    /// A backup could not be taken or put back; the detail says which file and why.
    case backupFailed(String)
    /// The file given to restore is not an intact gateway database.
    case notABackup(String)
    /// A bundle refused before anything of it was applied: damaged, changed, re-signed, or not for this gateway.
    case bundleRefused(String)
    /// A bundle from a device this gateway does not know, revoked, or without registered bundle keys.
    case bundleDeviceRefused(String)
    /// The device registered other bundle keys already (keys are registered once per identity).
    case bundleKeysHeld
    /// Keys that are not usable public keys (small-order points, an all-zero agreement).
    case bundleKeysWeak
    /// An import stopped after `taken` events were committed (a database failure): importing again finishes it.
    case bundleInterrupted(taken: Int, reason: String?)
    /// The database's due dates were counted on a newer catalog than the one this process serves.
    case catalogOlder(recorded: String, serving: String)
    /// A catalog file refused by `catalog import`: it does not read, or its version is taken or not newer.
    case catalogRefused(String)
}

extension CentralError {
    /// What went wrong and what to do, in the words the API, the commands and the log all use.
    public var message: String {
        switch self {
        case .invalidEnrollmentToken:
            "the enrollment token is unknown, used or expired; ask the operator for a new one"
        case .deviceRevoked: "unknown or revoked token; enroll the device again"
        case .terminalTaken(_, let terminal):
            "terminal \(terminal) is already enrolled in this commune: if that is an earlier enrollment of this "
                + "desk, the operator revokes it first ('fieldcase-central devices', 'revoke'); a second laptop "
                + "takes another terminal number"
        case .communeMismatch(let token, let desk):
            "the token is for commune \(token) but this device is set up for \(desk.prefix(12)); nothing was "
                + "enrolled and the token can still be used"
        case .unitCodeFixed(let commune, let unit):
            "commune \(commune) already has devices enrolled under unit code \(unit)"
        case .unitCodeMismatch(let expected, _):
            expected.map { "the commune's unit code is \($0); set the device up with it" }
                ?? "the commune has no registered unit code; the operator registers it with "
                + "'fieldcase-central register-commune'"
        case .unitCodeTaken(let unit, let commune):
            "unit code \(unit) is commune \(commune)'s: two communes would issue the same dossier codes; register "
                + "this commune's own with 'register-commune'"
        case .unknownCase(let code): "no dossier with code '\(code.prefix(40))'"
        case .invalidTransition(let message): message
        case .invalidDatabaseURL:
            "--db must look like postgres://user:password@host:5432/database, with sslmode one of disable, allow, "
                + "prefer, require, verify-ca, verify-full"
        case .databaseUnreachable(let seconds):
            "PostgreSQL at the --db address did not answer within \(seconds) seconds (is it up, and does sslmode "
                + "trust its certificate? --db-wait gives it longer)"
        case .operatorExists(let name): "an operator named \(name.prefix(64)) exists already"
        case .quotaExceeded(let reason): reason
        case .unsealable(let seq):
            "event \(seq) is sealed to another central system's key; a supervisor enrolls this desk again"
        case .backupFailed(let detail): detail + "; nothing was changed"
        case .notABackup(let path): "\(path) is not an intact fieldcase-central backup; nothing was changed"
        case .bundleRefused(let why), .bundleDeviceRefused(let why):
            "the bundle is refused: \(why); nothing of it was applied"
        case .bundleKeysHeld:
            "this device registered other bundle keys already; a supervisor enrolls the desk again for new ones"
        case .bundleKeysWeak: "the bundle keys are not usable public keys; nothing was registered"
        case .bundleInterrupted(let taken, let reason):
            "the import stopped after \(taken) of the bundle's events were taken"
                + (reason.map { " (\($0))" } ?? " (a database failure)")
                + "; import it again to take the rest: nothing is applied twice"
        case .catalogOlder(let recorded, let serving):
            "the database's due dates were counted on catalog \(recorded.prefix(40)), newer than this one "
                + "(\(serving.prefix(40))): serve catalog \(recorded.prefix(40)) or newer (every gateway process "
                + "serves the same catalog)"
        case .catalogRefused(let why): "the catalog is refused: \(why); nothing was imported"
        }
    }
}
