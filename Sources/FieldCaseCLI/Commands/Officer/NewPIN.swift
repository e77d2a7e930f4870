import FieldCaseCore
import Foundation

/// A new PIN from `--pin`, else `$FIELDCASE_NEW_PIN`, else asked twice without echo on a terminal.
enum NewPIN {
    static func read(_ given: String?, for name: String, required: Bool) throws -> PINHash? {
        if let pin = given ?? ProcessInfo.processInfo.environment["FIELDCASE_NEW_PIN"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try PINHash.make(pin: pin)
        }
        guard SecretReader.canAsk else {
            if required { throw CommandFailure("no new PIN given: use --pin or FIELDCASE_NEW_PIN", exitCode: Exit.usage) }
            return nil
        }
        guard let first = SecretReader.read(prompt: "New PIN for \(name) (4-12 digits): "),
            let second = SecretReader.read(prompt: "New PIN again: ")
        else { throw CommandFailure("PIN entry cancelled; nothing was done", exitCode: Exit.noPermission) }
        guard first == second else {
            throw CommandFailure("the two PINs differ; nothing was changed", exitCode: Exit.dataError)
        }
        return try PINHash.make(pin: first)
    }
}
