import Hummingbird
import Synchronization

/// Requests no route serves get the API's JSON error body like every other answer: 404 for a path the gateway
/// does not have, 405 with `Allow` for a path it has under other methods (Hummingbird answers both with an
/// empty 404).
struct UnmatchedRouteMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    /// The router's routes, filled in once every route is added (the middleware is added before them).
    final class Routes: Sendable {
        private let patterns = Mutex<[(components: [Substring], method: HTTPRequest.Method)]>([])

        func set(_ routes: [Router<GatewayRequestContext>.RouteDescription]) {
            patterns.withLock { patterns in
                patterns = routes.map { ($0.path.description.split(separator: "/"), $0.method) }
            }
        }

        /// A pattern component that takes any value (`{code}` as Hummingbird describes `:code`, or `*`).
        static func isCapture(_ component: Substring) -> Bool {
            component.hasPrefix("{") || component.hasPrefix(":") || component == "*"
        }

        /// The methods served on `path`, a concrete request path.
        func methods(for path: String) -> [HTTPRequest.Method] {
            let given = path.split(separator: "/")
            return patterns.withLock { patterns in
                patterns.filter { pattern in
                    pattern.components.count == given.count
                        && zip(pattern.components, given).allSatisfy { Self.isCapture($0) || $0 == $1 }
                }.map(\.method)
            }
        }
    }

    let routes: Routes
    /// What Hummingbird's not-found responder names the endpoint of a request no route matched.
    static let unmatched = "NotFound"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == Self.unmatched {
            let methods = routes.methods(for: request.uri.path)
            guard !methods.isEmpty else {
                throw APIError(status: .notFound, code: "not_found", message: "no such endpoint; see /openapi.yaml")
            }
            let allowed = methods.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError(
                status: .methodNotAllowed, code: "method_not_allowed",
                message: "\(request.method.rawValue) is not served here; allowed: \(allowed)",
                headers: [.allow: allowed])
        }
    }
}
