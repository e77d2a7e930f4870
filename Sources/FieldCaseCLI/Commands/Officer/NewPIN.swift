import FieldCaseCore

/// A new PIN from `--pin`, else `$FIELDCASE_NEW_PIN`, else asked twice without echo on a terminal. Every
/// officer has one: it is what opens the sealed data.
enum NewPIN {
    static func read(_ given: String?, for name: String, in session: Session) throws -> String {
        if let pin = given ?? session.environment["FIELDCASE_NEW_PIN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try PINRule.validatedNew(pin)
        }
        guard SecretReader.canAsk else {
            throw CommandFailure(
                "a PIN is required: use --pin or FIELDCASE_NEW_PIN (6-12 digits)", exitCode: Exit.usage)
        }
        guard let first = SecretReader.read(prompt: "New PIN for \(name) (6-12 digits): "),
            let second = SecretReader.read(prompt: "New PIN again: ")
        else { throw CommandFailure("PIN entry cancelled; nothing was done", exitCode: Exit.noPermission) }
        guard first == second else {
            throw CommandFailure("the two PINs differ; nothing was changed", exitCode: Exit.dataError)
        }
        return try PINRule.validatedNew(first)
    }
}
