import FieldCaseWire
import Hummingbird

/// A desk names the sync protocol it speaks in `Fieldcase-Protocol` on every request. A version this gateway
/// does not speak is refused before anything is read or written (400 `unsupported_protocol`, which the desk
/// explains as an update to make), rather than half-understood. A client that sends no header (an
/// operator's curl) is taken to speak the current version.
struct ProtocolVersionMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    static let header = HTTPFields.Element.Name(WireProtocol.versionHeader)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // A literal of token characters: the initializer cannot return nil for it.
        if let name = Self.header, let claimed = request.headers[name], claimed != String(WireProtocol.version) {
            throw APIError(
                status: .badRequest, code: "unsupported_protocol",
                message: "this central system speaks sync protocol \(WireProtocol.version), not "
                    + "'\(claimed.prefix(16))': update the desk's fieldcase (or the gateway) so that both speak one")
        }
        return try await next(request, context)
    }
}
