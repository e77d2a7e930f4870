import FieldCaseCore

/// A new PIN from `--pin` (`-`: a line of standard input), else `$FIELDCASE_NEW_PIN`, else asked twice
/// without echo on a terminal. Every officer has one: it is what opens the sealed data.
enum NewPIN {
    static func read(_ given: String?, for name: String, in session: Session) throws -> String {
        if given == "-", let pin = try SecretValue.read(given, variable: "FIELDCASE_NEW_PIN", prompt: "", in: session) {
            return try PINRule.validatedNew(pin)
        }
        if let pin = given ?? session.environment["FIELDCASE_NEW_PIN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try PINRule.validatedNew(pin)
        }
        guard SecretReader.canAsk else {
            throw CommandFailure(
                localized(
                    "a PIN is required: use --pin or FIELDCASE_NEW_PIN (6-12 digits)",
                    "cần mã PIN: dùng --pin hoặc FIELDCASE_NEW_PIN (6-12 chữ số)"), exitCode: Exit.usage)
        }
        guard
            let first = SecretReader.read(
                prompt: localized("New PIN for \(name) (6-12 digits): ", "Mã PIN mới của \(name) (6-12 chữ số): ")),
            let second = SecretReader.read(prompt: localized("New PIN again: ", "Nhập lại mã PIN mới: "))
        else { throw CommandFailure.pinCancelled }
        guard first == second else {
            throw CommandFailure(
                localized("the two PINs differ; nothing was changed", "hai mã PIN không khớp; không có gì thay đổi"),
                exitCode: Exit.dataError)
        }
        return try PINRule.validatedNew(first)
    }
}

extension CommandFailure {
    /// The officer gave up at a PIN prompt (Ctrl-D).
    static var pinCancelled: CommandFailure {
        CommandFailure(
            localized("PIN entry cancelled; nothing was done", "đã huỷ nhập mã PIN; không có gì được thực hiện"),
            exitCode: Exit.noPermission)
    }
}
