import FieldCaseDomain
import FieldCaseWire
import Foundation
import Hummingbird

/// `GET /v1/catalog`: procedures, communes, calendar and office hours as data the province updates.
///
/// The version is the ETag, so a device on 2G that already has it gets a `304` and no body.
/// A desk that asks for `?format=2` gets the file as published; older desks, which do not ask, get it as they read
/// one (`LegacyCatalogFile`).
struct CatalogController: Sendable {
    let json: Data
    let legacy: Data
    let version: String

    /// Validates the catalog file up front: a gateway never serves a catalog a device cannot read.
    init(json: Data) throws {
        self.json = json
        version = try Catalog(json: json).version
        legacy = try LegacyCatalogFile.projected(json)
        guard max(json.count, legacy.count) <= CatalogRules.largestFile else {
            throw CatalogError.malformed("the file is larger than a desk takes (\(CatalogRules.largestFile >> 20) MiB)")
        }
    }

    func addRoutes(
        to group: RouterGroup<GatewayRequestContext>,
        authenticate: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Void
    ) {
        group.on(SyncAPI.catalog) { request, context in
            try await authenticate(request, context)
            let format = Self.format(of: request)
            let tag = SyncAPI.catalogTag(version: version, format: format)
            if request.headers[.ifNoneMatch] == tag {
                return Response(status: .notModified, headers: [.eTag: tag])
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json", .eTag: tag],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: format >= SyncAPI.catalogFormat ? json : legacy)))
        }
    }

    /// The format the desk reads: `?format=2` or newer for this release's desks, 1 for those before it.
    static func format(of request: Request) -> Int {
        min(request.uri.queryParameters.get("format", as: Int.self) ?? 1, SyncAPI.catalogFormat)
    }
}
