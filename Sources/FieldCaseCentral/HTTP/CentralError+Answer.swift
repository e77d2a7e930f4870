import FieldCaseCommandLine
import FieldCaseGateway
import FieldCaseDomain
import Hummingbird

/// How the gateway says each of its failures, in one table: the HTTP status and code the API answers with
/// the engine's message (Hummingbird turns a thrown `CentralError` into that response), the exit code of the
/// operator's commands, and (through the status) the access log's outcome. The API, the commands and the log
/// cannot disagree about what went wrong.
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
        case .bundleKeysWeak, .catalogRefused: .badRequest
        case .bundleInterrupted: .internalServerError
        case .unknownCase: .notFound
        case .quotaExceeded: .tooManyRequests
        case .invalidDatabaseURL, .backupFailed, .notABackup, .catalogOlder: .internalServerError
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
        case .catalogOlder: "catalog_older"
        case .catalogRefused: "catalog_refused"
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
        case .catalogOlder: Exit.config
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
