import ArgumentParser
import FieldCaseGateway
import Hummingbird
import FieldCaseDomain
import FieldCaseWire

/// Runs one operator action and writes it to the access log with its outcome, however it ends. A read is
/// logged before its answer leaves: if the log cannot be written, nothing is shown.
struct AccessRecorder: Sendable {
    let repository: any CentralRepository
    let operatorName: String
    /// Where the request came from (`GatewayRequestContext.clientAddress`), or `host`.
    let client: String

    func run<T>(
        _ action: String, detail: String = "", codes: (T) -> [String] = { _ in [] },
        _ body: () async throws -> T
    ) async throws -> T {
        let value: T
        do {
            value = try await body()
        } catch {
            try? await record(action, codes: [], outcome: Self.outcome(of: error), detail: detail)
            throw error
        }
        try await record(action, codes: codes(value), outcome: .ok, detail: detail)
        return value
    }

    func record(_ action: String, codes: [String], outcome: AccessOutcome, detail: String) async throws {
        try await repository.recordAccess(
            AccessRecord(
                operatorName: operatorName, action: action, codes: codes, outcome: outcome, detail: detail,
                client: client))
    }

    static func outcome(of error: any Error) -> AccessOutcome {
        switch error {
        case is AccessDenied: .denied
        case let error as any HTTPResponseError where error.status == .unauthorized: .unauthorized
        case let error as any HTTPResponseError where error.status == .forbidden: .denied
        case let error as any HTTPResponseError where error.status.code < 500: .refused
        case is ValidationError: .refused
        default: .failed
        }
    }
}

extension CentralRepository {
    /// Commands run on the gateway host need no token, whoever runs them holds the database, and are logged
    /// under the system user's name.
    var host: AccessRecorder { AccessRecorder(repository: self, operatorName: HostUser.name, client: "host") }
}
