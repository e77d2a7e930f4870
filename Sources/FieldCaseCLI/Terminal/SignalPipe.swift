import Glibc

/// Turns signals into bytes on a pipe, so the shell's input loop can wait on the keyboard and on
/// Ctrl-C, terminal resize, SIGTERM and SIGHUP at once — and act on them outside the signal handler.
/// Installed once per process; later calls keep the first set of signals.
public enum SignalPipe {
    nonisolated(unsafe) public private(set) static var readEnd: Int32 = -1
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    private static let handler: @convention(c) (Int32) -> Void = { signal in
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(SignalPipe.writeEnd, &byte, 1)
    }

    public static func install(_ signals: [Int32]) {
        guard readEnd < 0 else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        readEnd = ends[0]
        writeEnd = ends[1]
        for number in signals { _ = signal(number, handler) }
    }

    /// The signals received since the last call, oldest first.
    public static func drain() -> [Int32] {
        guard readEnd >= 0 else { return [] }
        var received: [Int32] = []
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) == 1 { received.append(Int32(byte)) }
        return received
    }
}
