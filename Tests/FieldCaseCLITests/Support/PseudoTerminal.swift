import Foundation
import Glibc

/// Runs `fieldcase` on a pseudo-terminal, as an officer's terminal would: the child gets the
/// terminal as its controlling tty (through setsid -c), so Ctrl-C really raises SIGINT.
final class PseudoTerminal: @unchecked Sendable {
    let process = Process()
    private let master: Int32
    private let lock = NSLock()
    private var buffer = [UInt8]()
    private var reader: Thread?
    private var stopping = false
    private let readerDone = DispatchSemaphore(value: 0)

    init(home: TestHome, arguments: [String] = [], environment: [String: String] = [:]) throws {
        var master: Int32 = 0
        var slave: Int32 = 0
        var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.ENOTTY) }
        self.master = master
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["-w", "-c", FieldCaseBinary.url.path] + arguments
        var env = ProcessInfo.processInfo.environment
        env["FIELDCASE_HOME"] = home.url.path
        env["FIELDCASE_NOW"] = "2025-06-10T09:00:00+07:00"
        env["FIELDCASE_OFFICER"] = nil
        env["FIELDCASE_INSECURE_FAST_KDF"] = "1"
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm"
        env["INPUTRC"] = "/dev/null"
        env.merge(environment) { $1 }
        process.environment = env
        let slaveHandle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = slaveHandle
        process.standardOutput = slaveHandle
        process.standardError = slaveHandle
        try process.run()
        // Only the child keeps the terminal open, so closing the master hangs it up.
        Glibc.close(slave)
        let thread = Thread { [unowned self] in self.readLoop() }
        reader = thread
        thread.start()
    }

    /// Polls with a timeout so that `close()` can stop it: a read blocked on the master would keep
    /// the terminal open after close and the child would never see the hang-up.
    private func readLoop() {
        defer { readerDone.signal() }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            lock.lock()
            let stop = stopping
            lock.unlock()
            if stop { return }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) > 0 else { continue }
            let count = read(master, &chunk, chunk.count)
            if count <= 0 { return }
            lock.lock()
            buffer.append(contentsOf: chunk[0..<count])
            lock.unlock()
        }
    }

    /// Everything the program wrote, with terminal escape sequences removed.
    var screen: String {
        lock.lock()
        let bytes = buffer
        lock.unlock()
        return Self.stripEscapes(String(decoding: bytes, as: UTF8.self))
    }

    func type(_ text: String) {
        send(text)
        usleep(50_000)
    }

    /// Types without the pause `type` leaves for the program to react.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, bytes.count) }
    }

    func line(_ text: String) { type(text + "\r") }

    static let ctrlC = "\u{03}"
    static let ctrlD = "\u{04}"
    static let tab = "\t"
    static let up = "\u{1B}[A"

    /// Waits until the screen shows `text` after position `from`; returns the position after it.
    @discardableResult
    func expect(_ text: String, after from: String.Index? = nil, timeout: TimeInterval = 120) throws -> String.Index {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let current = screen
            let start = from.map { min($0, current.endIndex) } ?? current.startIndex
            if let range = current[start...].range(of: text) { return range.upperBound }
            usleep(20_000)
        }
        throw ScreenMismatch(expected: text, screen: screen)
    }

    /// Count of occurrences of `text` on the screen so far.
    func occurrences(of text: String) -> Int { screen.components(separatedBy: text).count - 1 }

    func waitForExit(timeout: TimeInterval = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Hangs up the terminal, as closing a terminal window does: the shell gets SIGHUP and ends.
    func close() {
        lock.lock()
        stopping = true
        lock.unlock()
        readerDone.wait()
        Glibc.close(master)
        if waitForExit(timeout: 5) == nil {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func stripEscapes(_ text: String) -> String {
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
                }
                continue
            }
            if scalar == "\u{01}" || scalar == "\u{02}" || scalar == "\r" || scalar == "\u{07}" { continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

struct ScreenMismatch: Error, CustomStringConvertible {
    let expected: String
    let screen: String
    var description: String { "expected '\(expected)' on screen; screen was:\n\(screen.suffix(2000))" }
}
