import FieldCaseCommandLine
import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
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
            // Durations per route, what the gateway is and what the process costs, for standard dashboards.
            #expect(
                text.contains(#"fieldcase_http_request_duration_seconds_count{method="GET",route="/v1/sync/pull"} 2"#))
            #expect(
                text.contains(
                    #"fieldcase_http_request_duration_seconds_bucket{method="POST",route="/v1/sync/push",le="#))
            #expect(text.contains(#"fieldcase_build_info{version="\#(Build.version)""#))
            let resident = text.split(separator: "\n").first { $0.hasPrefix("process_resident_memory_bytes ") }
            #expect((resident?.split(separator: " ").last).flatMap { Double($0) }.map { $0 > 1_000_000 } == true)
            #expect(text.contains("process_cpu_seconds_total") && text.contains("process_open_fds"))
        }
    }

    @Test(
        "Unknown paths get 404 and a served path with another method 405 with Allow, both as JSON; the spec is served")
    func unmatchedAndSpec() async throws {
        let fixture = try await GatewayFixture()
        defer { fixture.remove() }
        try await fixture.app.test(.router) { client in
            let missing = try await client.execute(uri: "/v1/nothing/here", method: .get)
            #expect(missing.status == .notFound)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: missing.body)) as? [String: String]
            #expect(body?["error"] == "not_found" && body?["message"]?.isEmpty == false)
            let wrongMethod = try await client.execute(uri: "/v1/sync/push", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            let wrong = try JSONSerialization.jsonObject(with: Data(buffer: wrongMethod.body)) as? [String: String]
            #expect(wrong?["error"] == "method_not_allowed")
            let withParameter = try await client.execute(uri: "/v1/admin/cases/02266-250610-1001/status", method: .get)
            #expect(withParameter.status == .methodNotAllowed, "a path with a parameter is matched as a pattern")
            let spec = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(spec.status == .ok)
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("sync/openapi.yaml")
            #expect(String(buffer: spec.body) == (try String(contentsOf: file, encoding: .utf8)))
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
