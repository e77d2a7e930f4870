import FieldCaseCore
import Foundation

/// A secret an officer hands a command (an enrollment token, a new PIN) without putting it where other
/// accounts can read it: `-` takes a line of standard input, the environment variable is read next, then a
/// person at a terminal is asked without echo. A value given on the command line still works (scripts of
/// earlier releases); `ArgumentSecrets` blanks it in the process's arguments.
enum SecretValue {
    /// The secret, or nil when none of the ways has one.
    static func read(_ given: String?, variable: String, prompt: String, in session: Session) throws -> String? {
        if given == "-" {
            let line = SecretReader.canAsk ? SecretReader.read(prompt: prompt) : Swift.readLine(strippingNewline: true)
            guard let line, !line.isEmpty else {
                throw CommandFailure(
                    localized(
                        "nothing on standard input for \(variable.lowercased()); nothing was done",
                        "không có gì ở đầu vào chuẩn cho \(variable.lowercased()); chưa làm gì"),
                    exitCode: Exit.usage)
            }
            return line.trimmingCharacters(in: .whitespaces)
        }
        if let given { return given }
        if let value = session.environment[variable], !value.isEmpty { return value }
        guard SecretReader.canAsk else { return nil }
        guard let typed = SecretReader.read(prompt: prompt) else { throw CommandFailure.pinCancelled }
        return typed.trimmingCharacters(in: .whitespaces)
    }
}
