import FieldCaseCLI
import Foundation
import Glibc

/// Colour and width decisions for what the shell prints.
enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static let usesColor: Bool = {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }()

    static func bold(_ text: String) -> String { usesColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// A prompt-safe colour: readline must be told that escape sequences take no columns.
    static func promptColor(_ text: String) -> String {
        usesColor ? "\u{01}\u{1B}[1;32m\u{02}\(text)\u{01}\u{1B}[0m\u{02}" : text
    }

    static func say(_ message: Message) { print(message.text) }

    static func error(_ message: Message, at line: String? = nil) {
        StandardStreams.error((line.map { "fieldcase: \($0): " } ?? "") + message.text + "\n")
    }

    /// Makes sure readline decodes UTF-8 even when the locale is plain C.
    static func prepareLocale() {
        setlocale(LC_ALL, "")
        let ctype = String(cString: setlocale(LC_CTYPE, nil)).lowercased()
        if !ctype.contains("utf-8") && !ctype.contains("utf8") { setlocale(LC_CTYPE, "C.UTF-8") }
    }
}
