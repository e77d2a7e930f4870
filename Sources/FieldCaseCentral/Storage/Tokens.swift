import Crypto
import Foundation

/// Bearer tokens: 256 random bits, shown once, stored only as their SHA-256.
///
/// A fast hash is right here: the tokens are random, not chosen by people, so there is nothing to
/// brute-force; lookups by hash also keep the comparison out of string equality on secrets.
enum Tokens {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
