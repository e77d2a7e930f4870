import FieldCaseCentral
import FieldCaseCore
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite(.tags(.postgres))
struct MetricsTests {
    @Test("/metrics counts requests by route, push outcomes, pull pages and devices seen", arguments: Backend.allCases)
    func metrics(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        try await fixture.app.test(.router) { client in
            let events = (1...3).map { GatewayFixture.created(seq: Int64($0)) }
            _ = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events)))
            _ = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: [events[0]])))
            _ = try await client.execute(uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth(token))
            _ = try await client.execute(uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth("wrong"))
            let anonymous = try await client.execute(uri: "/metrics", method: .get)
            #expect(anonymous.status == .unauthorized, "an anonymous scrape is refused")
            let admin = try await fixture.operatorToken()
            let text = String(
                buffer: try await client.execute(uri: "/metrics", method: .get, headers: GatewayFixture.auth(admin))
                    .body)
            #expect(text.contains(#"fieldcase_push_events_total{outcome="applied"} 3"#))
            #expect(text.contains(#"fieldcase_push_events_total{outcome="duplicate"} 1"#))
            #expect(text.contains("fieldcase_pull_pages_total 1"))
            #expect(text.contains("fieldcase_devices_seen 1"))
            #expect(text.contains(#"route="/v1/sync/pull",status="401""#))
            #expect(!text.contains("02266-250610"), "no dossier codes or other client data in metric labels")
        }
    }

    @Test("The admin overdue report counts open dossiers per commune, worst first", arguments: Backend.allCases)
    func overdueReport(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let device = try #require(
            try await fixture.repository.device(forToken: try await fixture.enroll(), now: .now()))
        // Received 2025-06-10, same day: long overdue by now.
        _ = try await fixture.repository.push(
            (1...2).map { GatewayFixture.created(seq: Int64($0)) }, from: device, now: .now())
        let admin = try await fixture.operatorToken()
        try await fixture.app.test(.router) { client in
            #expect(try await client.execute(uri: "/v1/admin/reports/overdue", method: .get).status == .unauthorized)
            let response = try await client.execute(
                uri: "/v1/admin/reports/overdue", method: .get, headers: GatewayFixture.auth(admin))
            let rows = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["commune_code"] as? String == "02266")
            #expect(rows.first?["overdue"] as? Int == 2)
            #expect(rows.first?["open"] as? Int == 2)
        }
    }
}
