import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// The HTTP tests' gateway: a fresh storage behind the application the gateway serves.
typealias GatewayFixture = StorageFixture

extension StorageFixture {
    var app: some ApplicationProtocol {
        get throws { try application() }
    }

    func application(limits: GatewayLimits = GatewayLimits(), catalogJSON: Data? = nil, pages: PageVault? = nil)
        throws -> some ApplicationProtocol
    {
        // The gateway logs one line per request at info; the test log keeps warnings and worse.
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try buildApplication(
            repository: repository, host: "127.0.0.1", port: 0, logger: logger, catalogJSON: catalogJSON,
            limits: limits,
            pages: pages)
    }

    static func body<T: Encodable>(_ value: T) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: buffer))
    }

    static func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
}
