import Foundation

/// Output that stored text cannot use to steer a terminal: every control or formatting character (escape
/// sequences, bidi overrides, newlines) is written as `\uXXXX`, so nothing a desk, a database or an
/// operator typed can forge a line or recolour the screen.
public enum TerminalText {
    /// `text` with unsafe characters escaped; `lines` keeps the newlines of a multi-line text whose fields
    /// cannot hold one (pretty JSON, which escapes them inside its strings, and stays valid JSON).
    public static func safe(_ text: String, lines: Bool = false) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            let unsafe =
                (category == .control && !(lines && scalar == "\n")) || category == .format
                || category == .lineSeparator || category == .paragraphSeparator
            if unsafe {
                for unit in String(scalar).utf16 { shown += String(format: "\\u%04x", unit) }
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}

/// Any encodable value as pretty JSON with sorted keys: the same bytes whatever the language, in the desk's
/// and the gateway's output alike.
public func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return TerminalText.safe(String(decoding: try encoder.encode(value), as: UTF8.self), lines: true)
}

/// Prints a value as pretty JSON on standard output.
public func printJSON<T: Encodable>(_ value: T) throws {
    print(try prettyJSON(value))
}
