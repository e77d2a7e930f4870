import Foundation

/// Secrets given as options (`--token T`, `--pin=123456`) are readable by every account on the machine through
/// `/proc/PID/cmdline` for as long as the process runs. They are blanked in the process's own argument memory
/// before anything else happens (Swift has its copy in `CommandLine.arguments` already), which closes all but
/// the first instants; the safe ways are standard input (`-`), the environment and the prompt.
public enum ArgumentSecrets {
    /// Overwrites the values of `options` in the process's argument memory; returns the options found there
    /// with a value other than `-` (read from standard input).
    @discardableResult
    public static func scrub(_ options: Set<String>) -> [String] {
        // `CommandLine.arguments` is read from this memory once, on first use: it must hold the values first.
        _ = CommandLine.arguments
        let count = Int(CommandLine.argc)
        var found: [String] = []
        var index = 1
        while index < count {
            guard let argument = CommandLine.unsafeArgv[index] else { break }
            let text = String(cString: argument)
            if options.contains(text), index + 1 < count, let value = CommandLine.unsafeArgv[index + 1],
                String(cString: value) != "-"
            {
                blank(value)
                found.append(text)
                index += 1
            } else if let equals = text.firstIndex(of: "="), options.contains(String(text[..<equals])),
                text[text.index(after: equals)...] != "-"
            {
                blank(argument + text.utf8.distance(from: text.utf8.startIndex, to: equals) + 1)
                found.append(String(text[..<equals]))
            }
            index += 1
        }
        return found
    }

    private static func blank(_ value: UnsafeMutablePointer<CChar>) {
        let length = strlen(value)
        memset(value, Int32(UInt8(ascii: "x")), length)
    }
}
