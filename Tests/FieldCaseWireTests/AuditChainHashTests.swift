import FieldCaseWire
import Testing

/// The audit chain's hash is stored on desks and on the central copy: its bytes must never change.
@Suite struct AuditChainHashTests {
    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(Hex.string([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.string([UInt8]()) == "")
    }

    /// Computed independently: `sha256(b"ab1:11:2-;1:x")` in Python (lengths prefix fields; nil is `-;`).
    @Test func hashMatchesTheDocumentedLayout() {
        #expect(
            AuditChain.hash(previous: "ab", fields: ["1", "2", nil, "x"])
                == "0fb38e4e58c6f208a7a2487fb441715a7e3caa81a64d7a35b1c7edb22ebe3411")
    }
}
