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
    static let maxPullPage = 1000
    static let maxReconcile = 1000

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("enroll", use: enroll)
        group.post("sync/push", use: push)
        group.get("sync/pull", use: pull)
        group.post("sync/reconcile", use: reconcile)
        group.get("sync/sealing-key", use: sealingKey)
        group.post("sync/bundle-keys", use: bundleKeys)
        group.post("sync/audit", use: audit)
    }

    /// The key a desk enrolled before sealing existed seals its outbox to.
    @Sendable func sealingKey(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        _ = try await authenticate(request, context)
        return try JSONBody.response(SealingKeyResponse(sealingKey: try await repository.sealingPublicKey()))
    }

    /// A desk's keys for sync by carried media, registered once per identity; the answer is the key that signs
    /// the gateway's replies.
    @Sendable func bundleKeys(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let asked = try await decodeBody(BundleKeysRequest.self, of: request)
        guard let signing = Self.publicKey(asked.signingKey), let agreement = Self.publicKey(asked.agreementKey) else {
            throw APIError.badRequest("signing_key and agreement_key must be base64 of 32-byte public keys")
        }
        return try JSONBody.response(
            try await repository.registerBundleKeys(signing: signing, agreement: agreement, for: device))
    }

    static func publicKey(_ base64: String) -> Data? {
        Data(base64Encoded: base64).flatMap { $0.count == 32 ? $0 : nil }
    }

    /// A desk's chained audit trail, in order from the entry after the last the gateway holds.
    @Sendable func audit(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let pushed = try await decodeBody(AuditPushRequest.self, of: request)
        guard pushed.entries.count <= Self.maxEventsPerPush else { throw APIError.tooLarge }
        if let refusal = WireChecks.refusal(pushed) { throw APIError.badRequest(refusal) }
        let answer = try await repository.receiveAudit(pushed, from: device, now: .now(), quota: limits)
        if answer.problem != nil { metrics.refused("audit_break") }
        return try JSONBody.response(answer)
    }

    @Sendable func enroll(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        var request = request
        let body = try await BodyReader.small(timeout: bodyTimeout).read(&request)
        let enrollment = try JSONBody.decode(EnrollRequest.self, from: body)
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
            return try JSONBody.response(response, status: .created)
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
        let asked = try await decodeBody(ReconcileRequest.self, of: request)
        guard asked.eventIDs.count <= Self.maxReconcile, asked.caseCodes.count <= Self.maxReconcile else {
            throw APIError.tooLarge
        }
        return try JSONBody.response(try await repository.reconcile(asked, for: device))
    }

    @Sendable func push(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        // Admitted before the token is looked up or the body read: a herd turned away costs almost nothing.
        try await admission.admit { try await admittedPush(request, context: context) }
    }

    func admittedPush(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let push = try await decodeBody(PushRequest.self, of: request)
        guard push.events.count <= Self.maxEventsPerPush else { throw APIError.tooLarge }
        if let refusal = WireChecks.refusal(push.events) { throw APIError.badRequest(refusal) }
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
        return try JSONBody.response(response)
    }

    @Sendable func pull(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await authenticate(request, context)
        let query = request.uri.queryParameters
        if let commune = query["commune"], String(commune) != device.communeCode { throw APIError.forbidden }
        let after =
            try query["after"].map { value -> Int64 in
                guard let cursor = Int64(String(value)), cursor >= 0 else {
                    throw APIError.badRequest("after must be a non-negative change number")
                }
                return cursor
            } ?? 0
        let limit =
            try query["limit"].map { value -> Int in
                guard let limit = Int(String(value)), (1...Self.maxPullPage).contains(limit) else {
                    throw APIError.badRequest("limit must be from 1 to \(Self.maxPullPage)")
                }
                return limit
            } ?? 500
        let resultsAfter =
            try query["results_after"].map { value -> Int64 in
                guard let seq = Int64(String(value)), seq >= 0 else {
                    throw APIError.badRequest("results_after must be a non-negative sequence number")
                }
                return seq
            } ?? 0
        let page = try await repository.pull(for: device, after: after, resultsAfter: resultsAfter, limit: limit)
        metrics.pulledPage()
        return try JSONBody.response(page)
    }

    /// The request's JSON body, read within the body timeout.
    func decodeBody<T: Decodable>(_ type: T.Type, of request: Request) async throws -> T {
        var request = request
        return try JSONBody.decode(type, from: try await BodyReader(timeout: bodyTimeout).read(&request))
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
