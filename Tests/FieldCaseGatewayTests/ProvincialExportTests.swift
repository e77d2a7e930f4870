import FieldCaseDomain
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Testing

/// The provincial export on both backends, checked as an integrator meets it: read batch after batch from a
/// cursor while desks and the province keep changing dossiers, and the last copy of each dossier read must be
/// the dossier as the gateway holds it, every one of the communes' dossiers read, no other commune's.
@Suite(.tags(.postgres))
struct ProvincialExportTests {
    /// What the integrator holds: the newest copy of each dossier, by MaHoSo, and the cursor it reached.
    struct Integrator {
        var held: [String: [String: Any]] = [:]
        var cursor: Int64 = 0
        var reads = 0

        /// Reads batches of `limit` until none is left; returns the codes of this round, in order.
        @discardableResult
        mutating func catchUp(_ repository: any CentralRepository, limit: Int, pages: Set<String> = [])
            async throws -> [String]
        {
            var codes: [String] = []
            var more = true
            while more {
                let batch = try await repository.provincialBatch(
                    communes: ["02266"], since: cursor, limit: limit, catalog: try Catalog.embedded(),
                    pagesHeld: { pages.contains($0) })
                #expect(batch.dossiers.count <= limit)
                #expect(batch.cursor >= cursor, "a cursor never goes back")
                for dossier in batch.dossiers {
                    let json = try #require(
                        try JSONSerialization.jsonObject(with: JSONEncoder().encode(dossier)) as? [String: Any])
                    held[dossier.code] = json
                    codes.append(dossier.code)
                }
                cursor = batch.cursor
                more = batch.more
                reads += 1
            }
            return codes
        }

        func record(_ code: String) -> [String: Any] { held[code]?["HoSo"] as? [String: Any] ?? [:] }
        func steps(_ code: String) -> [[String: Any]] { held[code]?["QuaTrinhXuLy"] as? [[String: Any]] ?? [] }
    }

    static func attached(seq: Int64, code: String, sha256: String, component: Int?) -> WireEvent {
        WireEvent(
            seq: seq, eventID: UUID().uuidString, caseID: "case-\(code)", caseCode: code, kind: "case.attached",
            occurredAt: "2025-06-10T09:30:00+07:00", officer: "Lan",
            payload: .object([
                "sha256": .string(sha256), "size": .number(1000), "media_type": .string("application/pdf"),
                "stage": .string("intake"), "component": component.map { .number(Double($0)) } ?? .null,
            ]))
    }

    /// The checker: what the integrator last read of each dossier is what the gateway holds now.
    static func agree(_ integrator: Integrator, with repository: any CentralRepository) async throws {
        let cases = try await repository.cases(communes: ["02266"], status: nil)
        #expect(Set(integrator.held.keys) == Set(cases.map(\.code)), "every dossier of the commune, no other")
        for dossier in cases {
            let record = integrator.record(dossier.code)
            #expect(record["TrangThaiHoSo"] as? String == String(dossier.status.nationalCode), "\(dossier.code)")
            let due = try #require(LocalTime(iso8601: dossier.dueAt))
            #expect(record["NgayHenTra"] as? String == due.nationalStamp, "\(dossier.code)")
            #expect(
                integrator.steps(dossier.code).last?["TrangThai"] as? String == String(dossier.status.nationalCode),
                "the last step is where the dossier stands: \(dossier.code)")
        }
    }

    @Test(
        "Batches from a cursor tell every dossier once, then each change again; the last copy is the gateway's",
        arguments: Backend.allCases)
    func cursor(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        let other = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "00004"), now: .now()))
        var created = (1...7).map { StorageFixture.created(seq: Int64($0)) }
        if case .object(var payload) = created[0].payload {
            payload["documents"] = .array([
                .object(["name": .string("Tờ khai"), "originals": .number(1), "copies": .number(0)]),
                .object(["name": .string("CCCD"), "originals": .number(0), "copies": .number(1)]),
            ])
            payload["fee"] = .object(["amount": .number(10000), "paid": .bool(true)])
            created[0].payload = .object(payload)
        }
        let first = created[0].caseCode
        // A refused dossier event: its code has no dossier, and the export passes over it.
        var refused = StorageFixture.created(seq: 8, number: 99)
        refused.kind = "case.unknown"
        let pushed = try await repository.push(created + [refused], from: device, now: .now())
        #expect(pushed.results.filter { $0.outcome == .applied }.count == 7)
        _ = try await repository.push([StorageFixture.created(seq: 1, commune: "00004")], from: other, now: .now())

        var integrator = Integrator()
        let round = try await integrator.catchUp(repository, limit: 3)
        #expect(round.count == 7 && Set(round).count == 7, "each once: \(round)")
        #expect(integrator.reads == 3)
        try await Self.agree(integrator, with: repository)
        let record = integrator.record(first)
        #expect(record["MaTTHC"] as? String == "1.001193" && record["KenhThucHien"] as? String == "1")
        #expect(record["NgayTiepNhan"] as? String == "20250610090000")
        #expect(record["SoGiayToChuHoSo"] as? String == "001099012345")
        #expect((record["DanhSachLePhi"] as? [[String: String]])?.first?["Gia"] == "10000")
        #expect((record["TaiLieuNop"] as? [[String: String]])?.map { $0["DuocSoHoa"] } == ["0", "0"])
        #expect(record["HoSoCoThanhPhanSoHoa"] as? String == "0")

        // Nothing changed: a read from the cursor is empty and leaves it where it is.
        let before = integrator.cursor
        #expect(try await integrator.catchUp(repository, limit: 3).isEmpty && integrator.cursor == before)

        // The desk moves the first dossier through a request for papers; the province resolves the second.
        let moves = [
            CaseHistoryTests.move(9, first, "received", "processing", at: "2025-06-10T10:00:00+07:00"),
            CaseHistoryTests.move(10, first, "processing", "supplement_requested", at: "2025-06-10T11:00:00+07:00"),
            CaseHistoryTests.move(11, first, "supplement_requested", "processing", at: "2025-06-11T09:00:00+07:00"),
        ]
        let movedAnswer = try await repository.push(moves, from: device, now: .now())
        #expect(movedAnswer.results.map(\.outcome) == [.applied, .applied, .applied])
        _ = try await repository.setStatus(
            code: created[1].caseCode, to: .processing, reason: "chuyển xử lý", actor: "province", now: .now())
        let again = try await integrator.catchUp(repository, limit: 1)
        #expect(Set(again) == [first, created[1].caseCode], "only the dossiers that changed: \(again)")
        try await Self.agree(integrator, with: repository)
        #expect(integrator.steps(first).map { $0["TrangThai"] as? String } == ["2", "4", "5", "4"])
        let supplements = try #require(integrator.record(first)["DanhSachHoSoBoSung"] as? [[String: Any]])
        #expect(supplements.count == 1 && supplements.first?["TrangThaiBoSung"] as? Bool == true)
        #expect(supplements.first?["NgayTiepNhanBoSung"] as? String == "20250611090000")
        let update = try #require(integrator.steps(created[1].caseCode).last)
        #expect(update["NguoiXuLy"] as? String == "province" && update["NoiDungXuLy"] as? String == "chuyển xử lý")

        // A desk whose clock is behind moves a dossier after the province did: the steps keep the gateway's order,
        // and a request for papers the citizen then withdrew from is not answered.
        let third = created[2].caseCode
        _ = try await repository.setStatus(code: third, to: .processing, reason: nil, actor: "province", now: .now())
        let late = [
            CaseHistoryTests.move(12, third, "processing", "supplement_requested", at: "2025-06-10T08:10:00+07:00"),
            CaseHistoryTests.move(13, third, "supplement_requested", "withdrawn", at: "2025-06-10T08:20:00+07:00"),
        ]
        let lateAnswer = try await repository.push(late, from: device, now: .now())
        #expect(lateAnswer.results.map(\.outcome) == [.applied, .applied])
        #expect(try await integrator.catchUp(repository, limit: 2) == [third])
        #expect(integrator.steps(third).map { $0["TrangThai"] as? String } == ["2", "4", "5", "7"])
        let withdrawn = try #require(integrator.record(third)["DanhSachHoSoBoSung"] as? [[String: Any]])
        #expect(
            withdrawn.first?["TrangThaiBoSung"] as? Bool == false
                && withdrawn.first?["NgayTiepNhanBoSung"] as? String == "")

        // Another commune's desk names this commune's dossier: refused, and it never brings the dossier (nor its
        // citizen's data) into its own commune's export.
        let probe = StorageFixture.statusChange(seq: 2, code: first, from: "received", to: "processing")
        #expect(try await repository.push([probe], from: other, now: .now()).results.map(\.outcome) == [.rejected])
        let theirs = try await repository.provincialBatch(
            communes: ["00004"], since: 0, limit: 100, catalog: try Catalog.embedded(), pagesHeld: { _ in false })
        #expect(theirs.dossiers.map(\.code) == [StorageFixture.created(seq: 1, commune: "00004").caseCode])
        #expect(try await integrator.catchUp(repository, limit: 2).isEmpty, "nothing of 02266 changed")

        // A page described, then kept: the dossier is told again once the gateway holds it, digitised.
        let sha = String(repeating: "ab", count: 32)
        let attach = try await repository.push(
            [Self.attached(seq: 14, code: first, sha256: sha, component: 2)], from: device, now: .now())
        #expect(attach.results.map(\.outcome) == [.applied])
        #expect(try await integrator.catchUp(repository, limit: 10) == [first])
        let described = (integrator.held[first]?["fieldcase"] as? [String: Any])?["pages"] as? [[String: Any]]
        #expect(described?.map { $0["held"] as? Bool } == [false], "described, not held yet")
        try await repository.recordPageKept(sha, now: .now())
        #expect(try await integrator.catchUp(repository, limit: 10, pages: [sha]) == [first])
        // Asked again (a desk whose answer was lost): written once.
        try await repository.recordPageKept(sha, now: .now())
        #expect(try await integrator.catchUp(repository, limit: 10, pages: [sha]).isEmpty)
        let record2 = integrator.record(first)
        #expect((record2["TaiLieuNop"] as? [[String: String]])?.map { $0["DuocSoHoa"] } == ["0", "1"])
        #expect((record2["TaiLieuNop"] as? [[String: String]])?.last?["TepDinhKemId"] == sha)
        #expect(record2["HoSoCoThanhPhanSoHoa"] as? String == "1")
        // The pull feed is unchanged by it: a desk is told nothing of a page kept.
        let kept = try fixture.query("SELECT change FROM changes WHERE kind = 'page_kept'").compactMap { Int64($0) }
        #expect(kept.count == 1)
        let pull = try await repository.pull(PullQuery(after: 0, limit: 100, resultsAfter: 0), for: device)
        #expect(!pull.changes.isEmpty && Set(pull.changes.map(\.change)).isDisjoint(with: kept))
    }
}
