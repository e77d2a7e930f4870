/// A failure a command detected itself, with the message and exit code to show.
public struct CommandFailure: Error, Sendable {
    public let message: String
    public let exitCode: Int32

    public init(_ message: String, exitCode: Int32 = Exit.failure) {
        self.message = message
        self.exitCode = exitCode
    }
}
