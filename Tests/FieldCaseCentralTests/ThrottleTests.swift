import FieldCaseCentral
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
        try await fixture.app.test(.router) { client in
            // Failures are counted per minute and the first lockout lasts 30 s: on a loaded machine requests can
            // be slow, so the test looks at what happened, not at fixed positions.
            var statuses: [HTTPResponse.Status] = []
            var lockedAt: Date?
            for attempt in 0..<60 {
                let response = try await client.execute(
                    uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth("fcd_guess\(attempt)"))
                if response.status == .tooManyRequests, lockedAt == nil { lockedAt = Date() }
                if let lockedAt, Date().timeIntervalSince(lockedAt) > 25 { break }
                statuses.append(response.status)
            }
            let firstLocked = try #require(statuses.firstIndex(of: .tooManyRequests), "\(statuses)")
            #expect(firstLocked >= 30, "30 failures are allowed before the lockout")
            #expect(statuses[..<firstLocked].allSatisfy { $0 == .unauthorized })
            #expect(statuses[firstLocked...].allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
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
        }
    }
}
