import Crypto
import Foundation
import Testing

@testable import FieldCaseWire

@Suite("Outbox payloads deflated against the preset dictionary, then sealed")
struct PayloadCompressionTests {
    static let dossier = Data(
        (#"{"applicant":{"address":"Bản Khuổi Củng, xã Thượng Lâm, tỉnh Tuyên Quang","date_of_birth":"1987-05-12","#
            + #""gender":"female","id_number":"008187123456","id_type":"cccd","name":"Hoàng Thị Mai","#
            + #""phone":"0912345678"},"channel":"in_person","documents":[{"copies":0,"#
            + #""name":"Tờ khai đăng ký khai sinh","originals":1}],"due_at":"2026-06-12T17:00:00+07:00","#
            + #""fee":{"amount":0,"paid":false},"procedure_code":"1.001193","#
            + #""received_at":"2026-06-10T09:12:00+07:00","summary":null}"#).utf8)

    @Test("A dossier deflates to under a third of its JSON and inflates back to the same bytes")
    func roundTrip() throws {
        let deflated = try PayloadCompression.deflate(Self.dossier)
        #expect(deflated.count * 3 < Self.dossier.count)
        #expect(try PayloadCompression.inflate(deflated) == Self.dossier)
        #expect(try PayloadCompression.inflate(try PayloadCompression.deflate(Data())) == Data())
    }

    @Test("The dictionary is frozen: sealed payloads at rest were deflated against these exact bytes")
    func dictionaryFrozen() {
        #expect(
            Hex.string(SHA256.hash(data: PayloadDictionary.bytes))
                == "ba611881779c543e6d7a8a3d57ffb968978d3e435440418d0d46a728d2755ac2")
    }

    @Test("Inflating refuses a cut stream, bytes after its end, and a bomb past the limit")
    func inflateRefusesBadInput() throws {
        let deflated = try PayloadCompression.deflate(Self.dossier)
        #expect(throws: PayloadCompressionError.self) { try PayloadCompression.inflate(deflated.dropLast(4)) }
        #expect(throws: PayloadCompressionError.self) { try PayloadCompression.inflate(deflated + Data([0])) }
        let bomb = try PayloadCompression.deflate(Data(count: PayloadCompression.inflatedLimit + 1))
        #expect(throws: PayloadCompressionError.tooLarge) { try PayloadCompression.inflate(bomb) }
    }

    @Test("A payload sealed before deflating existed still opens; a deflated one opens only for its event")
    func bothFormatsOpen() throws {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let sealed = try OutboxSeal.seal(Self.dossier, eventID: "e1", to: key.publicKey.rawRepresentation)
        #expect(sealed.hasPrefix("z1:"))
        #expect(try OutboxSeal.open(sealed, eventID: "e1", with: key) == Self.dossier)
        #expect(throws: (any Error).self) { try OutboxSeal.open(sealed, eventID: "e2", with: key) }
        // The format of the first sealed outboxes: HPKE over the JSON itself, base64 without a prefix.
        var sender = try HPKE.Sender(
            recipientKey: key.publicKey, ciphersuite: OutboxSeal.suite, info: OutboxSeal.info)
        let legacy = (sender.encapsulatedKey + (try sender.seal(Self.dossier, authenticating: Data("e1".utf8))))
            .base64EncodedString()
        #expect(try OutboxSeal.open(legacy, eventID: "e1", with: key) == Self.dossier)
    }
}
