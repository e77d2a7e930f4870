import FieldCaseCommandLine
import FieldCaseDomain
import Hummingbird

/// How the gateway says each of its failures, in one table: the HTTP status, code and message the API
/// answers (Hummingbird turns a thrown `CentralError` into that response), the exit code of the operator's
/// commands, and (through the status) the access log's outcome. The API, the commands and the log cannot
/// disagree about what went wrong.
extension CentralError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidEnrollmentToken, .deviceRevoked: .unauthorized
        case .terminalTaken, .communeMismatch, .unitCodeFixed, .unitCodeMismatch, .invalidTransition,
            .operatorExists:
            .conflict
        case .unitCodeTaken, .unsealable, .bundleRefused: .badRequest
        case .bundleDeviceRefused: .forbidden
        case .bundleKeysHeld: .conflict
        case .bundleKeysWeak: .badRequest
        case .bundleInterrupted: .internalServerError
        case .unknownCase: .notFound
        case .quotaExceeded: .tooManyRequests
        case .invalidDatabaseURL, .backupFailed, .notABackup: .internalServerError
        case .databaseUnreachable: .serviceUnavailable
        }
    }

    /// The machine-readable `error` of the API's JSON body.
    var code: String {
        switch self {
        case .invalidEnrollmentToken: "invalid_token"
        case .deviceRevoked: "unauthorized"
        case .terminalTaken: "terminal_taken"
        case .communeMismatch: "commune_mismatch"
        case .unitCodeFixed: "unit_code_fixed"
        case .unitCodeMismatch: "unit_code_mismatch"
        case .unitCodeTaken: "unit_code_taken"
        case .unknownCase: "unknown_case"
        case .invalidTransition: "invalid_transition"
        case .invalidDatabaseURL: "invalid_database_url"
        case .databaseUnreachable: "database_unreachable"
        case .operatorExists: "operator_exists"
        case .quotaExceeded: "quota_exceeded"
        case .unsealable: "unsealable"
        case .backupFailed: "backup_failed"
        case .notABackup: "not_a_backup"
        case .bundleRefused: "bundle_refused"
        case .bundleDeviceRefused: "bundle_device_refused"
        case .bundleKeysHeld: "bundle_keys_held"
        case .bundleKeysWeak: "bundle_keys_weak"
        case .bundleInterrupted: "bundle_interrupted"
        }
    }

    var message: String {
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
        }
    }

    /// The operator's commands exit with the sysexits code of the same failure.
    var exitCode: Int32 {
        switch self {
        case .invalidDatabaseURL: Exit.usage
        case .databaseUnreachable: Exit.unavailable
        case .invalidEnrollmentToken, .deviceRevoked, .bundleDeviceRefused: Exit.noPermission
        case .quotaExceeded: Exit.tempFail
        case .backupFailed: Exit.ioError
        case .bundleInterrupted: Exit.tempFail
        default: Exit.dataError
        }
    }

    /// What an enrollment refusal is about, for the desk to say in its officer's language (`WireError.detail`).
    var detail: String? {
        switch self {
        case .terminalTaken(_, let terminal): String(terminal)
        case .communeMismatch(let token, _): token
        case .unitCodeFixed(_, let unit): unit
        case .unitCodeMismatch(let expected, _): expected
        default: nil
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(status: status, code: code, message: message, detail: detail).response(
            from: request, context: context)
    }
}

/// A damaged row in the gateway's database is the gateway's fault, not the client's: 500 with a JSON body
/// that names nothing of the row, and one log line for the operator naming table, row and column.
extension CorruptRow: HTTPResponseError {
    public var status: HTTPResponse.Status { .internalServerError }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        context.logger.error(
            "damaged row in the gateway's database",
            metadata: ["table": "\(table)", "row": "\(key)", "column": "\(column)"])
        return try APIError(
            status: status, code: "damaged_row",
            message: "the central system's database is damaged; the operator has been told (see its log)"
        ).response(from: request, context: context)
    }
}
