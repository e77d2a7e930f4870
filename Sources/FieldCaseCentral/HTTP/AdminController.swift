import FieldCaseDomain
import FieldCaseWire
import Hummingbird

/// The provincial system's API, behind the admin bearer token.
struct AdminController: Sendable {
    let repository: any CentralRepository
    let bodyTimeout: Duration
    let throttle: AuthThrottle

    struct StatusUpdate: Decodable {
        var status: String
        var reason: String?
        var actor: String?
    }

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("cases", use: cases)
        group.post("cases/:code/status", use: setStatus)
        group.get("reports/overdue", use: overdue)
    }

    @Sendable func overdue(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await authorize(request, context)
        let report = OverdueReport(
            cases: try await repository.cases(commune: nil, status: nil), now: .now(),
            calendar: repository.rules.catalog.calendar)
        return try JSONBody.response(report.rows)
    }

    @Sendable func cases(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await authorize(request, context)
        let query = request.uri.queryParameters
        let status = try query["status"].map { value -> CaseStatus in
            guard let status = CaseStatus(statusArgument: String(value)) else {
                throw APIError.badRequest("unknown status '\(String(value).prefix(30))'")
            }
            return status
        }
        let list = try await repository.cases(commune: query["commune"].map(String.init), status: status)
        let calendar = repository.rules.catalog.calendar
        return try JSONBody.response(list.map { CentralCaseJSON($0, now: .now(), calendar: calendar) })
    }

    @Sendable func setStatus(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await authorize(request, context)
        let code = try context.parameters.require("code")
        var request = request
        let body = try await BodyReader(maxCompressed: 16 * 1024, maxDecompressed: 16 * 1024, timeout: bodyTimeout)
            .read(&request)
        let update = try JSONBody.decode(StatusUpdate.self, from: body)
        guard let status = CaseStatus(statusArgument: update.status) else {
            throw APIError.badRequest("unknown status '\(update.status.prefix(30))'")
        }
        do {
            let updated = try await repository.setStatus(
                code: code, to: status, reason: update.reason, actor: update.actor ?? "province", now: .now())
            return try JSONBody.response(
                CentralCaseJSON(updated, now: .now(), calendar: repository.rules.catalog.calendar))
        } catch CentralError.unknownCase {
            throw APIError(
                status: .notFound, code: "unknown_case", message: "no dossier with code '\(code.prefix(40))'")
        } catch CentralError.invalidTransition(let message) {
            throw APIError(status: .conflict, code: "invalid_transition", message: message)
        }
    }

    func authorize(_ request: Request, _ context: GatewayRequestContext) async throws {
        let token = bearerToken(request)
        let keys = AuthThrottle.keys(source: context.sourceKey, token: token)
        if let wait = await throttle.retryAfter(keys) { throw APIError.throttled(wait) }
        guard let token, try await repository.isAdminToken(token) else {
            await throttle.failed(keys)
            throw APIError.unauthorized
        }
    }
}
