import FieldCaseDomain
import FieldCaseGateway
import Foundation
import FieldCaseWire
import Hummingbird

/// Enrollment, push and pull: what devices call.
struct SyncController: Sendable {
    let repository: any CentralRepository
    let metrics: GatewayMetrics
    let limits: GatewayLimits
    let throttle: AuthThrottle
    let admission: PushAdmission
    var bodyTimeout: Duration { limits.bodyTimeout }
    static let maxEventsPerPush = WireChecks.maxEvents
    static let maxReconcile = 1000

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.on(SyncAPI.enroll, use: enroll)
        group.on(SyncAPI.push, use: push)
        group.on(SyncAPI.pull, use: pull)
        group.on(SyncAPI.reconcile, use: reconcile)
        group.on(SyncAPI.sealingKey, use: sealingKey)
        group.on(SyncAPI.bundleKeys, use: bundleKeys)
        group.on(SyncAPI.audit, use: audit)
    }

    /// The key a desk enrolled before sealing existed seals its outbox to.
    @Sendable func sealingKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try await authenticate(request, context)
        return try SyncAPI.sealingKey.answer(SealingKeyResponse(sealingKey: try await repository.sealingPublicKey()))
    }

    /// A desk's keys for sync by carried media, registered once per identity; the answer is the key that signs
    /// the gateway's replies.
    @Sendable func bundleKeys(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let asked = try await body(of: SyncAPI.bundleKeys, request)
        guard let signing = Self.publicKey(asked.signingKey), let agreement = Self.publicKey(asked.agreementKey) else {
            throw APIError.badRequest("signing_key and agreement_key must be base64 of 32-byte public keys")
        }
        return try SyncAPI.bundleKeys.answer(
            try await repository.registerBundleKeys(signing: signing, agreement: agreement, for: device))
    }

    static func publicKey(_ base64: String) -> Data? {
        Data(base64Encoded: base64).flatMap { $0.count == 32 ? $0 : nil }
    }

    /// A desk's chained audit trail, in order from the entry after the last the gateway holds.
    @Sendable func audit(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let pushed = try await body(of: SyncAPI.audit, request)
        guard pushed.entries.count <= Self.maxEventsPerPush else { throw APIError.tooLarge }
        if let refusal = WireChecks.refusal(pushed) { throw APIError.badRequest(refusal) }
        let answer = try await repository.receiveAudit(pushed, from: device, now: .now(), quota: limits)
        if answer.problem != nil { metrics.refused("audit_break") }
        return try SyncAPI.audit.answer(answer)
    }

    @Sendable func enroll(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let enrollment = try await body(of: SyncAPI.enroll, request, reader: .small(timeout: bodyTimeout))
        guard (1...9).contains(enrollment.terminal) else {
            throw APIError.badRequest("terminal must be a number from 1 to 9")
        }
        // Every enrollment, taken or refused, is in the access log with where it came from: a rogue desk
        // enrolled with a stolen token can be traced to its address.
        let log = AccessRecorder(repository: repository, operatorName: "enrollment", client: context.clientAddress)
        let asked = "terminal \(enrollment.terminal), unit \(enrollment.unitCode.prefix(30))"
        do {
            let response = try await repository.enroll(enrollment, now: .now())
            try await log.record(
                "device.enroll", codes: [], outcome: .ok, detail: "device \(response.deviceID), " + asked)
            return try SyncAPI.enroll.answer(response, status: .created)
        } catch CentralError.invalidEnrollmentToken {
            // Counted against the client and the token, so that guessing tokens is slowed down; while locked out,
            // only /metrics counts them (a flood must not fill the log).
            let answer = await throttle.refuse(
                AuthThrottle.keys(source: context.sourceKey, token: enrollment.token),
                with: CentralError.invalidEnrollmentToken)
            if answer.status == .unauthorized {
                try await log.record("device.enroll", codes: [], outcome: .unauthorized, detail: asked)
            }
            throw answer
        } catch {
            try? await log.record("device.enroll", codes: [], outcome: AccessRecorder.outcome(of: error), detail: asked)
            throw error
        }
    }

    @Sendable func reconcile(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let asked = try await body(of: SyncAPI.reconcile, request)
        guard asked.eventIDs.count <= Self.maxReconcile, asked.caseCodes.count <= Self.maxReconcile else {
            throw APIError.tooLarge
        }
        return try SyncAPI.reconcile.answer(try await repository.reconcile(asked, for: device))
    }

    @Sendable func push(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        // Admitted before the token is looked up or the body read: a herd turned away costs almost nothing.
        try await admission.admit { try await admittedPush(request, context: context) }
    }

    func admittedPush(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let push = try await body(of: SyncAPI.push, request)
        guard push.events.count <= Self.maxEventsPerPush else { throw APIError.tooLarge }
        if let refusal = WireChecks.refusal(push.events) { throw APIError.badRequest(refusal) }
        if let answered = push.answered {
            guard PullQuery.isEventID(answered) else { throw APIError.badRequest("answered must be an event id") }
            // The history went back past an answer given to this desk: nothing is applied, the desk reconciles.
            if try await !repository.holds(answered: answered, for: device) {
                return try SyncAPI.push.answer(
                    PushResponse(ackedThrough: 0, expectedSeq: nil, results: [], answeredHeld: false))
            }
        }
        let response: PushResponse
        do {
            response = try await repository.push(push.events, from: device, now: .now(), quota: limits)
        } catch CentralError.quotaExceeded(let refusal) {
            metrics.refused("quota")
            throw CentralError.quotaExceeded(refusal)
        }
        for outcome in PushOutcome.allCases {
            metrics.pushed(outcome.rawValue, count: response.results.filter { $0.outcome == outcome }.count)
        }
        return try SyncAPI.push.answer(response)
    }

    @Sendable func pull(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let query = request.uri.queryParameters
        if let commune = query["commune"], String(commune) != device.communeCode { throw APIError.forbidden }
        let asked: PullQuery
        do throws(PullQuery.Invalid) {
            asked = try PullQuery { query[Substring($0)].map(String.init) }
        } catch {
            throw APIError.badRequest(error.message)
        }
        let page = try await repository.pull(asked, for: device)
        metrics.pulledPage()
        return try SyncAPI.pull.answer(page)
    }

    /// The request's JSON body, read within the body timeout, as the endpoint's request type.
    func body<In: Decodable, Out>(of endpoint: Endpoint<In, Out>, _ request: Request, reader: BodyReader? = nil)
        async throws -> In
    {
        var request = request
        let bytes = try await (reader ?? BodyReader(timeout: bodyTimeout)).read(&request)
        return try JSONBody.decode(In.self, from: bytes)
    }

    /// The device behind the request's token; failures are counted per source and token prefix, and a wrong
    /// token from a locked-out source or prefix gets 429.
    func authenticate(_ request: Request, _ context: GatewayRequestContext) async throws -> Device {
        let token = bearerToken(request)
        guard let token, let device = try await repository.device(forToken: token, now: .now()) else {
            throw await throttle.refuse(
                AuthThrottle.keys(source: context.sourceKey, token: token), with: APIError.unauthorized)
        }
        metrics.saw(device: device.id)
        context.identity.set("device " + device.id)
        return device
    }
}
