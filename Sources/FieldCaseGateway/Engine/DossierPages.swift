import FieldCaseDomain
import FieldCaseWire
import Foundation

/// One applied `case.attached` event (`SharedStatements.pageRows`): the dossier, its commune, the page's
/// description as the desk sent it.
public struct PageRow: Sendable {
    package let caseCode: String
    package let communeCode: String
    package let payload: String

    package init(caseCode: String, communeCode: String, payload: String) {
        self.caseCode = caseCode
        self.communeCode = communeCode
        self.payload = payload
    }
}

/// A page as the gateway knows it from the events that described it.
public struct DeclaredPage: Sendable, Hashable {
    public let caseCode: String
    public let communeCode: String
    public let page: ScannedPage
}

extension CentralStorage {
    /// Gives every dossier that describes the page a `page_kept` change (once: asked again, it writes nothing),
    /// so the next export tells it again with the page digitised. Called once the page is kept.
    public func recordPageKept(_ sha256: String, now: LocalTime) async throws {
        var seen: Set<String> = []
        let dossiers = try await pageRows(caseCode: nil, sha256: sha256).filter { seen.insert($0.caseCode).inserted }
        guard !dossiers.isEmpty else { return }
        try await insertPageKept(dossiers, sha256: sha256, now: now)
    }

    /// A page a desk sent whole (by chunks, or in a bundle), kept when it opens with the gateway's key, hashes to
    /// its address and is the size and type a dossier of the desk's commune describes; false, with nothing kept,
    /// when not. Its dossiers are then marked changed. A disk that cannot keep it throws.
    public func keepPage(_ sealed: Data, sha256: String, device: Device, vault: PageVault, now: LocalTime)
        async throws -> Bool
    {
        guard let declared = try await declaredPage(sha256, communes: [device.communeCode]),
            sealed.count == PageSeal.sealedSize(of: declared.page.size),
            let page = try await openPage(sealed, sha256: sha256),
            ScannedPage.MediaType(sniffing: page) == declared.page.mediaType
        else { return false }
        try vault.store(page, sha256: sha256, from: device.id)
        try await recordPageKept(sha256, now: now)
        return true
    }

    /// The pages described for a dossier, oldest first (the same page attached twice is listed once).
    public func pages(ofCase code: String) async throws -> [DeclaredPage] {
        var seen: Set<String> = []
        return try await declared(try await pageRows(caseCode: code, sha256: nil)).filter {
            seen.insert($0.page.sha256).inserted
        }
    }

    /// The page `sha256` as an applied event of a dossier of `communes` described it; nil when none did (a
    /// device or an operator may read or send only pages of their own communes' dossiers).
    public func declaredPage(_ sha256: String, communes: [String]?) async throws -> DeclaredPage? {
        guard PageSeal.isAddress(sha256) else { return nil }
        return try await declared(try await pageRows(caseCode: nil, sha256: sha256)).first {
            $0.page.sha256 == sha256 && (communes?.contains($0.communeCode) ?? true)
        }
    }

    func declared(_ rows: [PageRow]) async throws -> [DeclaredPage] {
        try rows.map { row in
            guard let page = try? JSONDecoder().decode(ScannedPage.self, from: Data(row.payload.utf8)) else {
                throw CorruptRow(table: "events", key: "page of \(row.caseCode)", column: "payload")
            }
            return DeclaredPage(caseCode: row.caseCode, communeCode: row.communeCode, page: page)
        }
    }

    /// A sealed page opened with the gateway's key and checked against its address; nil when it does not open
    /// or holds other bytes.
    public func openPage(_ sealed: Data, sha256: String) async throws -> Data? {
        let key = try await sealingKey()
        guard let page = try? PageSeal.open(sealed, sha256: sha256, with: key), PageSeal.address(of: page) == sha256
        else { return nil }
        return page
    }
}
