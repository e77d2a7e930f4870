import Foundation
import GRDB
import Testing

/// A desk on a machine with a TPM 2.0 (swtpm here): the PIN wraps of the data key are sealed by it.
@Suite(.serialized)
struct DeskTPMTests {
    @Test(
        "With a TPM, a PIN opens the home only on its machine, the TPM's lockout stops guessing, the recovery key works anywhere"
    )
    func sealedByTPM() throws {
        let tpm = try SoftwareTPM()
        defer { tpm.stop() }
        let home = try TestHome()
        defer { home.remove() }
        let onMachine = ["TPM2TOOLS_TCTI": tpm.tcti]
        let recovery = try home.initialize(environment: onMachine)
        #expect(try home.run(TestHome.validCase, environment: onMachine).status == 0)
        let wrap = try DatabaseQueue(path: home.databasePath).read { db in
            try String.fetchOne(db, sql: "SELECT key_wrap FROM officers")
        }
        #expect(wrap?.contains("\"tpm\"") == true, "the PIN wrap holds the TPM-sealed half of its secret")
        #expect(try home.run(["case", "list"], environment: onMachine).stdout.contains("Nguyễn Văn Đức"))

        // The disk (or a USB backup) on another machine: the right PIN opens nothing, so no PIN can be tried there.
        let elsewhere = try home.run(["case", "list"], environment: ["FIELDCASE_TPM": "off"])
        #expect(elsewhere.status == 69, "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("recovery key"))
        #expect(!elsewhere.stdout.contains("Nguyễn Văn Đức"))

        // On the machine, the TPM counts wrong PINs itself: past its limit even the right PIN waits.
        try tpm.setLockout(tries: 2, recovery: 3600)
        for pin in ["111111", "222222"] {
            let wrong = try home.run(["case", "list"], environment: onMachine.merging(["FIELDCASE_PIN": pin]) { $1 })
            #expect(wrong.status == 77, "\(wrong.stderr)")
        }
        let locked = try home.run(["case", "list"], environment: onMachine)
        #expect(locked.status == 75, "\(locked.stderr)")
        #expect(locked.stderr.contains("TPM"))
        #expect(!locked.stdout.contains("Nguyễn Văn Đức"))

        // The recovery key is not tied to the TPM: it opens the home anywhere and sets a new PIN there.
        let recovered = try home.run(
            ["officer", "recover", "Nguyễn Thị Lan"],
            environment: ["FIELDCASE_TPM": "off", "FIELDCASE_RECOVERY_KEY": recovery, "FIELDCASE_NEW_PIN": "112233"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        let moved = try home.run(["case", "list"], environment: ["FIELDCASE_TPM": "off", "FIELDCASE_PIN": "112233"])
        #expect(moved.stdout.contains("Nguyễn Văn Đức"), "\(moved.stderr)")
    }

    @Test("A home made before the TPM was used is sealed by it at the officer's next sign-in")
    func upgradedAtSignIn() throws {
        let tpm = try SoftwareTPM()
        defer { tpm.stop() }
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        func wrap() throws -> String? {
            try DatabaseQueue(path: home.databasePath).read { db in
                try String.fetchOne(db, sql: "SELECT key_wrap FROM officers")
            }
        }
        #expect(try wrap()?.contains("\"tpm\"") == false)
        #expect(try home.run(["case", "list"], environment: ["TPM2TOOLS_TCTI": tpm.tcti]).status == 0)
        #expect(try wrap()?.contains("\"tpm\"") == true)
        #expect(try home.run(["case", "list"], environment: ["FIELDCASE_TPM": "off"]).status == 69)
        #expect(try home.run(["case", "list"], environment: ["TPM2TOOLS_TCTI": tpm.tcti]).status == 0)
    }
}
