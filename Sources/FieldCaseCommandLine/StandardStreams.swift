import Foundation

/// Writes to standard error and output that never trap. `FileHandle.write(_: Data)` stops the process on
/// any failure, so a full disk or a closed pipe behind a stream would turn a clear message into a crash;
/// here the text is lost instead, and the exit code still tells.
public enum StandardStreams {
    public static func error(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    public static func output(_ text: String) {
        fflush(nil)
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }
}
