import FieldCaseWire
import Hummingbird

/// A desk names the sync protocol it speaks in `Fieldcase-Protocol` on every request. A version this gateway
/// does not speak is refused before anything is read or written (400 `unsupported_protocol`, which the desk
/// explains as an update to make), rather than half-understood. A client that sends no version (an
/// operator's curl) is taken to speak the current one, and `/v1/health` answers every version: it is where
/// a desk reads which protocol the gateway speaks.
struct ProtocolVersionMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    static let header = HTTPFields.Element.Name(WireProtocol.versionHeader)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path != SyncAPI.health.path, let name = Self.header else {
            return try await next(request, context)
        }
        // Repeated headers, or one with a comma-separated list, must all name the version spoken here.
        let claimed = request.headers[values: name].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let other = claimed.first(where: { Int($0) != WireProtocol.version }) {
            throw APIError(
                status: .badRequest, code: "unsupported_protocol",
                message: "this central system speaks sync protocol \(WireProtocol.version), not "
                    + "'\(other.prefix(16))': update the desk's fieldcase (or the gateway) so that both speak one")
        }
        return try await next(request, context)
    }
}
