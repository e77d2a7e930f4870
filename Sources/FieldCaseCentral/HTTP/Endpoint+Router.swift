import FieldCaseWire
import Hummingbird

extension RouterMethods {
    /// Routes `endpoint` (its method and path, as the desk's client calls it) to `handler`.
    @discardableResult
    func on<In, Out>(
        _ endpoint: Endpoint<In, Out>,
        use handler: @Sendable @escaping (Request, Context) async throws -> Response
    ) -> Self {
        on(RouterPath(endpoint.route), method: endpoint.method.http, use: handler)
    }
}

extension Endpoint.Method {
    var http: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        }
    }
}

extension Endpoint where Response: Encodable {
    /// The gateway's answer to this call: only the endpoint's own response type compiles here.
    func answer(_ value: Response, status: HTTPResponse.Status = .ok) throws -> Hummingbird.Response {
        try JSONBody.response(value, status: status)
    }
}
