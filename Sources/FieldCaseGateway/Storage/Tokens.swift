import Crypto
import FieldCaseWire
import Foundation

/// Bearer tokens: 256 random bits behind a kind prefix, shown once, stored only as their SHA-256.
///
/// The prefix (`fce_` enrollment, `fcd_` device, `fco_` operator) tells an operator what a leaked token is,
/// and keeps a token from starting with `-`, which a command line would take for an option.
///
/// A fast hash is right here: the tokens are random, not chosen by people, so there is nothing to
/// brute-force; lookups by hash also keep the comparison out of string equality on secrets.
package enum Tokens {
    package enum Kind: String {
        case enrollment = "fce_"
        case device = "fcd_"
        case `operator` = "fco_"
    }

    package static func make(_ kind: Kind) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return kind.rawValue
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}
