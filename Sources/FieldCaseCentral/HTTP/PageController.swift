import FieldCaseDomain
import FieldCaseGateway
import FieldCaseWire
import Foundation
import Hummingbird

/// Scanned pages from desks: where an upload stands, and its chunks. A page is taken only for a dossier of the
/// device's commune whose applied event describes it (the dossier goes first), only at the byte where the upload
/// stands, and is kept only once it opens with the gateway's key and its bytes hash to its address.
struct PageController: Sendable {
    let repository: any CentralRepository
    let vault: PageVault?
    let sync: SyncController
    /// A chunk bigger than this is refused before its body is read: the desk's chunks are at most 1 MB.
    static let maxChunk = 2 * 1024 * 1024

    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.on(SyncAPI.pageStatus, use: status)
        group.on(SyncAPI.pageChunk, use: chunk)
        group.on(SyncAPI.pagesStatus, use: statuses)
    }

    /// Where each of a desk's uploads stands; a page it may not send is left out of the answer.
    @Sendable func statuses(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await sync.authenticate(request, context)
        let asked = try await sync.body(of: SyncAPI.pagesStatus, request)
        guard asked.pages.count <= PageStatusRequest.maxPages else { throw APIError.tooLarge }
        guard let vault else {
            throw APIError(status: .notFound, code: "no_pages", message: "this gateway keeps no scanned pages")
        }
        var receipts: [PageReceipt] = []
        for page in asked.pages {
            let query = PageQuery(sha256: page.sha256, size: page.size)
            guard try await declared(query, device: device) else { continue }
            receipts.append(try await receipt(query, vault: vault, device: device))
        }
        return try SyncAPI.pagesStatus.answer(PageStatusResponse(receipts: receipts))
    }

    @Sendable func status(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await sync.authenticate(request, context)
        let (vault, query) = try await admitted(request, device: device)
        return try SyncAPI.pageStatus.answer(try await receipt(query, vault: vault, device: device))
    }

    @Sendable func chunk(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let device = try await sync.authenticate(request, context)
        let (vault, query) = try await admitted(request, device: device)
        // Held whole already (another desk's copy): the rest of this body is not needed, nor this desk's upload.
        if vault.holds(query.sha256) {
            vault.discard(query.sha256, device: device.id)
            return try SyncAPI.pageChunk.answer(try await receipt(query, vault: vault, device: device))
        }
        let length = request.headers[.contentLength].flatMap(Int.init) ?? Self.maxChunk
        if length > Self.maxChunk || length > query.size - query.offset { throw APIError.tooLarge }
        guard vault.incomingBytes(device: device.id) + length <= PageVault.incomingPerDevice else {
            throw APIError(
                status: .tooManyRequests, code: "pages_unfinished",
                message: "this desk has too many pages half-sent here; finish them first",
                headers: [.retryAfter: "600"])
        }
        do {
            _ = try await vault.append(
                query.sha256, device: device.id, offset: query.offset, limit: query.size - query.offset
            ) { write in
                for try await buffer in request.body {
                    try buffer.withUnsafeReadableBytes { try write($0) }
                }
            }
        } catch PageVault.Refusal.offset(let held) {
            throw APIError(
                status: .conflict, code: "page_offset",
                message: "the central system holds \(held) bytes of this page: send from there")
        } catch PageVault.Refusal.busy {
            throw APIError(
                status: .conflict, code: "page_busy", message: "a chunk of this page is arriving already")
        } catch PageVault.Refusal.disk {
            throw APIError(
                status: .serviceUnavailable, code: "pages_disk",
                message: "the central system cannot keep pages now; send them later", headers: [.retryAfter: "600"])
        }
        let whole = vault.received(query.sha256, device: device.id) == query.size
        let answer = try await receipt(query, vault: vault, device: device)
        if whole, !answer.complete {
            throw APIError(
                status: .unprocessableContent, code: "page_does_not_open",
                message: "the sealed page does not open with this gateway's key, or is not the page its dossier "
                    + "describes; it was dropped")
        }
        return try SyncAPI.pageChunk.answer(answer)
    }

    /// The vault and the query, once the page is one a dossier of the device's commune describes, at the size the
    /// description gives.
    func admitted(_ request: Request, device: Device) async throws -> (PageVault, PageQuery) {
        guard let vault else {
            throw APIError(status: .notFound, code: "no_pages", message: "this gateway keeps no scanned pages")
        }
        let parameters = request.uri.queryParameters
        let query: PageQuery
        do throws(PullQuery.Invalid) {
            query = try PageQuery { parameters[Substring($0)].map(String.init) }
        } catch {
            throw APIError.badRequest(error.message)
        }
        guard try await declared(query, device: device) else {
            throw APIError(
                status: .notFound, code: "unknown_page",
                message: "no dossier of this commune describes this page: its dossier's events go first")
        }
        return (vault, query)
    }

    /// Whether an applied event of a dossier of the device's commune describes the page, at the query's size.
    func declared(_ query: PageQuery, device: Device) async throws -> Bool {
        guard let declared = try await repository.declaredPage(query.sha256, communes: [device.communeCode]) else {
            return false
        }
        return PageSeal.sealedSize(of: declared.page.size) == query.size
    }

    /// Where the device's upload stands. One that has all its bytes is finished here, whichever call sees it
    /// first (a chunk, or a status after a gateway stopped between the last byte and the page's keeping): opened,
    /// checked and kept, or dropped when it does not open, so the desk sends it again from its first byte.
    func receipt(_ query: PageQuery, vault: PageVault, device: Device) async throws -> PageReceipt {
        let complete = PageReceipt(sha256: query.sha256, received: query.size, complete: true)
        if vault.holds(query.sha256) {
            // Another desk's copy came first, or this one's was kept and its record below failed: this desk's
            // part is not needed, and its dossiers are marked changed (again: an export tells them once more).
            vault.discard(query.sha256, device: device.id)
            try await repository.recordPageKept(query.sha256, now: .now())
            return complete
        }
        let received = vault.received(query.sha256, device: device.id)
        guard received == query.size else {
            return PageReceipt(sha256: query.sha256, received: received, complete: false)
        }
        var kept = false
        do {
            // Its dossiers are marked changed once it is kept, so an export numbered after finds it held. Should
            // that fail, the desk asks again and the branch above marks them.
            if let sealed = vault.upload(query.sha256, device: device.id) {
                kept = try await repository.keepPage(
                    sealed, sha256: query.sha256, device: device, vault: vault, now: .now())
            }
        } catch {
            throw APIError(
                status: .serviceUnavailable, code: "pages_disk",
                message: "the central system cannot keep pages now; send them later", headers: [.retryAfter: "600"])
        }
        guard kept else {
            vault.discard(query.sha256, device: device.id)
            return PageReceipt(sha256: query.sha256, received: 0, complete: false)
        }
        return complete
    }
}
