import Crypto
import FieldCaseBundle
import FieldCaseWire
import Foundation
import Testing

/// The bundle format on its own: what one party writes only the intended other opens, and no byte of it can
/// change unnoticed.
@Suite struct BundleFileTests {
    let desk = Curve25519.Signing.PrivateKey()
    let central = Curve25519.KeyAgreement.PrivateKey()

    func header(items: Int = 1) -> BundleHeader {
        BundleHeader(
            kind: .push, deviceID: "device-1", communeCode: "02266", terminal: 1, firstSeq: 1, lastSeq: Int64(items),
            items: items, createdAt: "2025-06-10T09:00:00+07:00",
            signer: BundleFile.fingerprint(desk.publicKey.rawRepresentation),
            recipient: BundleFile.fingerprint(central.publicKey.rawRepresentation))
    }

    func written(_ body: [String: String] = ["name": "Nguyễn Văn Đức"]) throws -> Data {
        try BundleFile.write(header: header(), body: body, signer: desk, recipient: central.publicKey)
    }

    @Test("The receiver opens what the sender signed; the citizen's name is nowhere in clear")
    func roundTrip() throws {
        let data = try written()
        let bundle = try BundleFile.parse(data)
        try bundle.verify(signer: desk.publicKey)
        #expect(try bundle.open([String: String].self, with: central) == ["name": "Nguyễn Văn Đức"])
        #expect(data.range(of: Data("Nguyễn".utf8)) == nil)
        #expect(bundle.sha256 == BundleFile.sha256(data))
    }

    @Test("Every single changed byte is refused before the body is used")
    func everyByteCounts() throws {
        let data = try written()
        for offset in data.indices {
            var changed = data
            changed[offset] ^= 0x20
            let refused: Bool
            do {
                let bundle = try BundleFile.parse(changed)
                try bundle.verify(signer: desk.publicKey)
                _ = try bundle.open([String: String].self, with: central)
                refused = false
            } catch {
                refused = true
            }
            #expect(refused, "byte \(offset) changed unnoticed")
        }
        for length in [0, 8, 9, data.count / 2, data.count - 1] {
            #expect(throws: BundleError.self) { try BundleFile.parse(data.prefix(length)) }
        }
    }

    @Test("Another key's signature, another receiver, another format are each named")
    func refusals() throws {
        let data = try written()
        let bundle = try BundleFile.parse(data)
        #expect(throws: BundleError.signedByAnotherKey) {
            try bundle.verify(signer: Curve25519.Signing.PrivateKey().publicKey)
        }
        #expect(throws: BundleError.forAnotherRecipient(bundle.header.recipient)) {
            try bundle.open([String: String].self, with: Curve25519.KeyAgreement.PrivateKey())
        }
        var future = data
        future[8] = 2
        #expect(throws: BundleError.unsupportedFormat(2)) { try BundleFile.parse(future) }
        #expect(throws: BundleError.notABundle) { try BundleFile.parse(Data("SQLite format 3".utf8)) }
    }
}
