import FieldCaseDomain
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/catalog` in the format each desk reads: this release's desks ask for format 2 and get the file as
/// published; desks before it get fee amounts and days, so a rolling upgrade never leaves one unable to sync.
struct CatalogServingTests {
    static func catalog() throws -> Data {
        var file = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        file["version"] = "2026.9"
        file["procedures"] = [
            [
                "code": "2.000815", "name_vi": "Chứng thực bản sao từ bản chính", "name_en": "Certified copy",
                "processing": ["kind": "same_day"],
                "fee": ["kind": "per_page", "amount": 2000, "first_pages": 2, "then": 1000, "cap": 200_000],
                "documents": ["Bản chính giấy tờ"],
            ],
            [
                "code": "9.000010", "name_vi": "Tiếp nhận hồ sơ trực tuyến", "name_en": "Online acknowledgement",
                "processing": ["kind": "working_hours", "hours": 4], "fee": ["kind": "fixed", "amount": 10000],
                "documents": [],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: file)
    }

    @Test("A desk asking for format 2 gets the file as published; one that does not ask gets amounts and days")
    func formats() async throws {
        let fixture = try await GatewayFixture()
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let published = try Self.catalog()
        try await fixture.application(catalogJSON: published).test(.router) { client in
            let current = try await client.execute(
                uri: "/v1/catalog?format=\(SyncAPI.catalogFormat)", method: .get, headers: GatewayFixture.auth(token))
            #expect(current.status == .ok)
            #expect(Data(buffer: current.body) == published)
            let read = try Catalog(json: Data(buffer: current.body))
            #expect(read.procedure("9.000010")?.processing == .workingHours(4))

            let old = try await client.execute(uri: "/v1/catalog", method: .get, headers: GatewayFixture.auth(token))
            #expect(old.status == .ok)
            #expect(old.headers[.eTag] != current.headers[.eTag], "one tag per format")
            // A desk holding the file as older desks read it is never told it has this one.
            let upgraded = try await client.execute(
                uri: "/v1/catalog?format=\(SyncAPI.catalogFormat)", method: .get,
                headers: GatewayFixture.auth(token) + [.ifNoneMatch: old.headers[.eTag] ?? ""])
            #expect(upgraded.status == .ok)
            let same = try await client.execute(
                uri: "/v1/catalog?format=\(SyncAPI.catalogFormat)", method: .get,
                headers: GatewayFixture.auth(token) + [.ifNoneMatch: current.headers[.eTag] ?? ""])
            #expect(same.status == .notModified)
            let file = try #require(try JSONSerialization.jsonObject(with: Data(buffer: old.body)) as? [String: Any])
            let entries = try #require(file["procedures"] as? [[String: Any]])
            #expect(entries.map { $0["fee"] is NSNull } == [true, false])
            #expect(entries.last?["fee"] as? Int == 10000)
            #expect((entries.last?["processing"] as? [String: Any])?["days"] as? Int == 1)
        }
    }
}
