import FieldCaseDomain
import FieldCaseGateway
import FieldCaseWire
import Foundation
import Hummingbird

/// The provincial system's API. Each operator calls it with their own token; what they may do comes from
/// their role and communes, and every request, allowed or not, is a line in the access log.
struct AdminController: Sendable {
    let repository: any CentralRepository
    let bodyTimeout: Duration
    let throttle: AuthThrottle
    /// Where the scanned pages are kept, when the gateway keeps them.
    var pages: PageVault?

    /// What an admin request answers and which dossiers it read or changed.
    struct Answer {
        let response: Response
        var codes: [String] = []
    }

    struct StatusUpdate: Decodable {
        var status: String
        var reason: String?
        /// Refused: the actor of an update is the operator whose token made it.
        var actor: String?
    }

    struct NewOperator: Decodable {
        var name: String
        var role: String
        var communes: [String]?
    }

    struct NewEnrollmentToken: Decodable {
        var commune: String
        var terminal: Int?
        var expires_hours: Int?
    }

    struct IssuedToken: Encodable {
        var token: String
    }

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("cases", use: cases)
        group.post("cases/:code/status", use: setStatus)
        group.get("reports/overdue", use: overdue)
        group.get("cases/:code/pages", use: casePages)
        group.get("cases/:code/pages/:sha256", use: page)
        group.get("devices", use: devices)
        group.post("devices/:id/revoke", use: revoke)
        group.post("enroll-tokens", use: enrollToken)
        group.get("operators", use: operators)
        group.post("operators", use: addOperator)
        group.post("operators/:name/disable", use: disableOperator)
        group.post("operators/:name/token", use: rotateToken)
        group.get("access-log", use: accessLog)
    }

    @Sendable func cases(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("cases.list", request, context) { signedIn in
            let query = request.uri.queryParameters
            let status = try query["status"].map { value -> CaseStatus in
                guard let status = CaseStatus(statusArgument: String(value)) else {
                    throw APIError.badRequest("unknown status '\(String(value).prefix(30))'")
                }
                return status
            }
            let communes = try Self.communes(asked: query["commune"].map(String.init), by: signedIn)
            let list = try await repository.cases(communes: communes, status: status)
            let calendar = repository.rules.catalog.calendar
            return Answer(
                response: try JSONBody.response(list.map { CentralCaseJSON($0, now: .now(), calendar: calendar) }),
                codes: list.map(\.code))
        }
    }

    /// The scanned pages of a dossier of the operator's communes, and whether the gateway holds each whole.
    @Sendable func casePages(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let code = String(context.parameters.get("code") ?? "")
        return try await handle("case.pages", request, context, detail: String(code.prefix(40))) { signedIn in
            let declared = try await repository.pages(ofCase: code)
            guard let commune = declared.first?.communeCode, signedIn.mayRead(commune: commune) else {
                throw AccessDenied(message: "no dossier \(code.prefix(40)) with pages in the operator's communes")
            }
            return Answer(
                response: try JSONBody.response(
                    declared.map { CentralPageJSON($0.page, held: pages?.holds($0.page.sha256) ?? false) }),
                codes: [code])
        }
    }

    /// One page's bytes, as its type, to an operator who answers for its dossier's commune.
    @Sendable func page(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let code = String(context.parameters.get("code") ?? "")
        let sha256 = String(context.parameters.get("sha256") ?? "")
        return try await handle("case.page", request, context, detail: String(sha256.prefix(12))) { signedIn in
            guard let declared = try await repository.pages(ofCase: code).first(where: { $0.page.sha256 == sha256 }),
                signedIn.mayRead(commune: declared.communeCode)
            else { throw AccessDenied(message: "no such page of a dossier in the operator's communes") }
            guard let bytes = pages?.page(sha256) else {
                throw APIError(
                    status: .notFound, code: "page_not_here",
                    message: "the desk has not sent this page whole yet; its dossier is here without it")
            }
            return Answer(
                response: Response(
                    status: .ok,
                    headers: [
                        .contentType: declared.page.mediaType.rawValue, .init("X-Content-Type-Options")!: "nosniff",
                        .contentDisposition:
                            "attachment; filename=\"\(code)-\(sha256.prefix(12)).\(declared.page.mediaType.fileExtension)\"",
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))),
                codes: [code])
        }
    }

    @Sendable func overdue(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("report.overdue", request, context) { signedIn in
            let report = OverdueReport(
                cases: try await repository.cases(communes: signedIn.readableCommunes, status: nil), now: .now(),
                calendar: repository.rules.catalog.calendar)
            return Answer(response: try JSONBody.response(report.rows))
        }
    }

    @Sendable func setStatus(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        return try await handle("case.status", request, context, detail: String(code.prefix(40))) { signedIn in
            guard signedIn.role != .viewer else { throw AccessDenied(message: "a viewer cannot change dossiers") }
            let update = try JSONBody.decode(StatusUpdate.self, from: try await smallBody(request))
            guard update.actor == nil else {
                throw APIError.badRequest("the actor of an update is the operator whose token made it: drop 'actor'")
            }
            guard let status = CaseStatus(statusArgument: update.status) else {
                throw APIError.badRequest("unknown status '\(update.status.prefix(30))'")
            }
            do throws(DomainError) {
                _ = try TextRules.freeText(update.reason, field: .reason, maxLength: TextRules.maxReasonLength)
            } catch {
                throw APIError.badRequest(error.description)
            }
            let updated = try await repository.setStatus(
                code: code, to: status, reason: update.reason, actor: signedIn.name, now: .now(),
                permitted: signedIn.mayChangeStatus(commune:))
            return Answer(
                response: try JSONBody.response(
                    CentralCaseJSON(updated, now: .now(), calendar: repository.rules.catalog.calendar)),
                codes: [updated.code])
        }
    }

    @Sendable func devices(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("devices.list", request, context, allowed: Self.admin) { _ in
            Answer(response: try JSONBody.response(try await repository.devices()))
        }
    }

    @Sendable func revoke(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try await handle("device.revoke", request, context, detail: String(id.prefix(40)), allowed: Self.admin) {
            _ in
            guard try await repository.revoke(deviceID: id, now: .now()) else {
                throw APIError(status: .notFound, code: "unknown_device", message: "no live device with that id")
            }
            return Answer(response: try JSONBody.response(["revoked": id]))
        }
    }

    @Sendable func enrollToken(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("enroll-token.create", request, context, allowed: Self.admin) { _ in
            let asked = try JSONBody.decode(NewEnrollmentToken.self, from: try await smallBody(request))
            guard Operator.scopeProblem(role: .viewer, communes: [asked.commune]) == nil else {
                throw APIError.badRequest("commune must be a 5-digit commune code")
            }
            if let terminal = asked.terminal, !(1...9).contains(terminal) {
                throw APIError.badRequest("terminal must be from 1 to 9")
            }
            let hours = asked.expires_hours ?? 168
            guard (1...2160).contains(hours) else { throw APIError.badRequest("expires_hours must be from 1 to 2160") }
            let now = LocalTime.now()
            let token = try await repository.createEnrollmentToken(
                commune: asked.commune, terminal: asked.terminal, expiresAt: now.adding(seconds: hours * 3600),
                now: now)
            return Answer(response: try JSONBody.response(IssuedToken(token: token), status: .created))
        }
    }

    @Sendable func operators(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("operators.list", request, context, allowed: Self.admin) { _ in
            Answer(response: try JSONBody.response(try await repository.operators()))
        }
    }

    @Sendable func addOperator(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("operator.add", request, context, allowed: Self.admin) { signedIn in
            let asked = try JSONBody.decode(NewOperator.self, from: try await smallBody(request))
            guard Operator.isValidName(asked.name) else {
                throw APIError.badRequest("name: 1 to 64 letters, digits, '.', '_', '-' or '@'")
            }
            guard let role = OperatorRole(rawValue: asked.role) else {
                throw APIError.badRequest("role must be admin, province or viewer")
            }
            if let problem = Operator.scopeProblem(role: role, communes: asked.communes ?? []) {
                throw APIError.badRequest(problem)
            }
            let token = try await repository.addOperator(
                asked.name, role: role, communes: asked.communes ?? [], by: signedIn.name, now: .now())
            return Answer(response: try JSONBody.response(IssuedToken(token: token), status: .created))
        }
    }

    @Sendable func disableOperator(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        return try await handle(
            "operator.disable", request, context, detail: String(name.prefix(64)), allowed: Self.admin
        ) { signedIn in
            guard try await repository.disableOperator(name, by: signedIn.name, now: .now()) else {
                throw APIError(status: .notFound, code: "unknown_operator", message: "no live operator by that name")
            }
            return Answer(response: try JSONBody.response(["disabled": name]))
        }
    }

    @Sendable func rotateToken(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        return try await handle("operator.token", request, context, detail: String(name.prefix(64))) { signedIn in
            // Whoever rotates a token holds the new one: over the API, only one's own. Another operator's token
            // is rotated on the gateway host, where the access log names the system user who did it.
            guard name == signedIn.name else {
                throw AccessDenied(
                    message: "an operator rotates only their own token; another's is rotated on the gateway host")
            }
            guard let token = try await repository.rotateOperatorToken(name, now: .now()) else {
                throw APIError(status: .notFound, code: "unknown_operator", message: "no live operator by that name")
            }
            return Answer(response: try JSONBody.response(IssuedToken(token: token), status: .created))
        }
    }

    @Sendable func accessLog(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await handle("access-log.read", request, context, allowed: Self.admin) { _ in
            let query = request.uri.queryParameters
            let since = try query["since"].map { value -> LocalTime in
                guard let time = AccessLogQuery.time(String(value)) else {
                    throw APIError.badRequest("since must be a date (2025-06-10) or a time (2025-06-10T08:00:00+07:00)")
                }
                return time
            }
            let limit = try query["limit"].map { value -> Int in
                guard let limit = Int(String(value)), (1...AccessLogQuery.maxLimit).contains(limit) else {
                    throw APIError.badRequest("limit must be from 1 to \(AccessLogQuery.maxLimit)")
                }
                return limit
            }
            let entries = try await repository.accessLog(
                operatorName: query["operator"].map(String.init), since: since, limit: limit ?? 1000)
            return Answer(response: try JSONBody.response(entries))
        }
    }

    /// Metrics tell province-wide activity: admins and viewers of every commune scrape them.
    func metrics(_ request: Request, _ context: GatewayRequestContext, metrics: GatewayMetrics) async throws
        -> Response
    {
        try await handle("metrics.read", request, context, allowed: { $0.mayReadMetrics }) { _ in
            Answer(
                response: Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text))))
        }
    }

    /// Signs the operator in, checks `allowed`, runs `body`, and logs the request with its outcome.
    func handle(
        _ action: String, _ request: Request, _ context: GatewayRequestContext, detail: String = "",
        allowed: (Operator) -> Bool = { _ in true }, _ body: (Operator) async throws -> Answer
    ) async throws -> Response {
        let signedIn = try await signIn(request, context, action: action)
        let recorder = AccessRecorder(
            repository: repository, operatorName: signedIn.name, client: context.clientAddress)
        do {
            return try await recorder.run(action, detail: detail, codes: \.codes) {
                guard allowed(signedIn) else {
                    throw AccessDenied(message: "a \(signedIn.role.rawValue) operator may not do this")
                }
                return try await body(signedIn)
            }.response
        } catch let denied as AccessDenied {
            if let code = denied.unknownCase { throw CentralError.unknownCase(code) }
            throw APIError(status: .forbidden, code: "forbidden", message: denied.message)
        }
    }

    /// The live operator behind the request's token. Failures are counted per source and token prefix and
    /// logged with where they came from; while a source or prefix is locked out, wrong tokens get 429 and
    /// only `/metrics` counts them (a flood must not fill the log).
    func signIn(_ request: Request, _ context: GatewayRequestContext, action: String) async throws -> Operator {
        let token = bearerToken(request)
        guard let token, let signedIn = try await repository.operatorFor(token: token) else {
            let answer = await throttle.refuse(
                AuthThrottle.keys(source: context.sourceKey, token: token),
                with: APIError(
                    status: .unauthorized, code: "unauthorized", message: "unknown or disabled operator token"))
            if answer.status == .unauthorized {
                try await AccessRecorder(repository: repository, operatorName: "-", client: context.clientAddress)
                    .record(
                        action, codes: [], outcome: .unauthorized, detail: context.sourceKey)
            }
            throw answer
        }
        context.identity.set("operator " + signedIn.name)
        return signedIn
    }

    /// The communes a read covers: the one asked for, if the operator answers for it, else all of theirs.
    static func communes(asked: String?, by signedIn: Operator) throws -> [String]? {
        guard let asked else { return signedIn.readableCommunes }
        guard signedIn.mayRead(commune: asked) else {
            throw AccessDenied(message: "operator \(signedIn.name) does not answer for commune \(asked.prefix(12))")
        }
        return [asked]
    }

    static func admin(_ signedIn: Operator) -> Bool { signedIn.role == .admin }

    func smallBody(_ request: Request) async throws -> ByteBuffer {
        var request = request
        return try await BodyReader.small(timeout: bodyTimeout).read(&request)
    }
}

/// How the access log is asked for, by the API and the operator's command alike.
enum AccessLogQuery {
    static let maxLimit = 100_000

    /// A day (from its first second, Vietnam time) or an ISO 8601 time.
    static func time(_ text: String) -> LocalTime? {
        if let day = LocalDate(iso: text) { return LocalTime(date: day, secondOfDay: 0) }
        return LocalTime(iso8601: text)
    }
}
