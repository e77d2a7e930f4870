import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Failed authentication is limited per source address and token prefix.
@Suite(.tags(.postgres))
struct ThrottleTests {
    @Test(
        "60 wrong tokens from one address meet 429 with Retry-After, and the source stays locked out for a while",
        arguments: Backend.allCases)
    func wrongTokens(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        // Failures counted over ten minutes and a first lockout of ten minutes: however slow the machine, the
        // 31 failures fall in one window and the lockout outlasts the test.
        var limits = GatewayLimits()
        limits.authFailureWindow = 600
        limits.authFirstLockout = 600
        try await fixture.application(limits: limits).test(.router) { client in
            // The test looks at what happened, not at fixed positions, and asks what must be refused right after
            // the lockout starts, before the more wrong tokens that show it lasting.
            func guess(_ attempt: Int) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth("fcd_guess\(attempt)")
                ).status
            }
            var statuses: [HTTPResponse.Status] = []
            // When the request that started the lockout was sent: no later than the gateway locked the source.
            var lockedSince: Date?
            var sent = Date()
            for attempt in 0..<60 {
                let previous = sent
                sent = Date()
                statuses.append(try await guess(attempt))
                if statuses.last == .tooManyRequests {
                    lockedSince = previous
                    break
                }
            }
            let lockedAt = try #require(lockedSince, "\(statuses)")
            let locked = try await client.execute(
                uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth("fcd_another"))
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // The right token still gets in: desks behind the same provincial NAT are not locked out by one
            // desk with an old token.
            let right = try await client.execute(
                uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth(token))
            #expect(right.status == .ok)
            // Enrollment and the admin API share the count.
            let enroll = try await client.execute(
                uri: "/v1/enroll", method: .post,
                body: try GatewayFixture.body(EnrollRequest(token: "fce_guess", terminal: 2, unitCode: "02266")))
            #expect(enroll.status == .tooManyRequests)
            let admin = try await client.execute(
                uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth("fco_x"))
            #expect(admin.status == .tooManyRequests)
            // More wrong tokens are refused while the lockout lasts (each sent well within its ten minutes).
            while statuses.count < 60, Date().timeIntervalSince(lockedAt) < 300 {
                statuses.append(try await guess(statuses.count))
            }
            let firstLocked = try #require(statuses.firstIndex(of: .tooManyRequests), "\(statuses)")
            #expect(firstLocked >= 30, "30 failures are allowed before the lockout")
            #expect(statuses[..<firstLocked].allSatisfy { $0 == .unauthorized })
            #expect(statuses[firstLocked...].allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
        }
    }
}
