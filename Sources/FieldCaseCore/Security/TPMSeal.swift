import Crypto
import Foundation

/// A 32-byte secret sealed by the machine's TPM 2.0 under the owner hierarchy's storage key, with an
/// authorization value derived from an officer's PIN (at most 32 bytes: the object's name digest size). The blobs are useless without that TPM: a stolen disk or
/// USB backup gives an attacker no way to test a PIN, and on the machine itself the TPM's dictionary-attack
/// lockout stops guessing after a handful of wrong PINs.
struct TPMSealed: Codable, Sendable, Hashable {
    var `public`: Data
    var `private`: Data
}

/// Why the TPM did not give the secret back.
enum TPMFailure: Error, Equatable {
    /// The authorization (the PIN) was wrong; the TPM counted it against its lockout.
    case wrongAuthorization
    /// The TPM refuses every try for a while after too many wrong PINs.
    case lockout
    /// No TPM answers here (another machine, the tools missing, the device busy or gone).
    case unavailable(String)
}

/// The machine's TPM 2.0, driven through tpm2-tools (tpm2-tss underneath). Found at `/dev/tpmrm0` (the kernel's
/// resource manager), or wherever `TPM2TOOLS_TCTI` points (swtpm in the tests); `FIELDCASE_TPM=off` turns it off.
struct TPMDevice: Sendable {
    let tcti: String
    let tools: String

    /// The TPM this process should seal with, or nil when the machine has none (or it is turned off).
    static func configured(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> TPMDevice? {
        if environment["FIELDCASE_TPM"] == "off" { return nil }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        guard let tools = path.first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/tpm2_unseal") })
        else { return nil }
        if let tcti = environment["TPM2TOOLS_TCTI"], !tcti.isEmpty { return TPMDevice(tcti: tcti, tools: tools) }
        guard FileManager.default.fileExists(atPath: "/dev/tpmrm0") else { return nil }
        return TPMDevice(tcti: "device:/dev/tpmrm0", tools: tools)
    }

    /// Seals `secret` so that only this TPM, given `authorization`, gives it back. The secret goes in on
    /// standard input; the new object's authorization, which tpm2_create reads from a file only, sits for the
    /// call's length in a private folder in memory (`/dev/shm`) and is scrypt-derived, never the PIN.
    func seal(_ secret: Data, authorization: String) throws(TPMFailure) -> TPMSealed {
        try inScratch { dir throws(TPMFailure) in
            try write(Data(authorization.utf8), to: dir.appendingPathComponent("auth"))
            try primary(in: dir)
            try run(
                "tpm2_create",
                [
                    "-C", dir.appendingPathComponent("primary.ctx").path, "-i", "-", "-p",
                    "file:" + dir.appendingPathComponent("auth").path, "-u",
                    dir.appendingPathComponent("seal.pub").path, "-r", dir.appendingPathComponent("seal.priv").path,
                    "-Q",
                ], input: secret)
            return TPMSealed(
                public: try read(dir.appendingPathComponent("seal.pub")),
                private: try read(dir.appendingPathComponent("seal.priv")))
        }
    }

    /// The sealed secret, when `authorization` is the one it was sealed with. The authorization goes in on
    /// standard input and the secret comes back on standard output: neither touches a file.
    func unseal(_ sealed: TPMSealed, authorization: String) throws(TPMFailure) -> Data {
        try inScratch { dir throws(TPMFailure) in
            try write(sealed.public, to: dir.appendingPathComponent("seal.pub"))
            try write(sealed.private, to: dir.appendingPathComponent("seal.priv"))
            try primary(in: dir)
            try run(
                "tpm2_load",
                [
                    "-C", dir.appendingPathComponent("primary.ctx").path, "-u",
                    dir.appendingPathComponent("seal.pub").path, "-r", dir.appendingPathComponent("seal.priv").path,
                    "-c", dir.appendingPathComponent("seal.ctx").path, "-Q",
                ])
            return try run(
                "tpm2_unseal", ["-c", dir.appendingPathComponent("seal.ctx").path, "-p", "file:-"],
                input: Data(authorization.utf8))
        }
    }

    /// The owner hierarchy's ECC storage key: the same template gives the same key every time, so nothing is
    /// kept in the TPM between sign-ins.
    private func primary(in dir: URL) throws(TPMFailure) {
        try run(
            "tpm2_createprimary", ["-C", "o", "-G", "ecc", "-c", dir.appendingPathComponent("primary.ctx").path, "-Q"])
    }

    /// Runs a tool and returns what it printed, then flushes the transient objects it left: a TPM reached
    /// without the kernel's resource manager (swtpm) has three slots, and each tool loads its context files into
    /// one.
    @discardableResult
    private func run(_ tool: String, _ arguments: [String], input: Data = Data()) throws(TPMFailure) -> Data {
        let (status, output, said) = try launch(tool, arguments, input: input)
        _ = try? launch("tpm2_flushcontext", ["-t"], input: Data())
        guard status != 0 else { return output }
        if said.contains("lockout") { throw .lockout }
        if said.contains("HMAC check failed") || said.contains("authorization failure") {
            throw .wrongAuthorization
        }
        throw .unavailable(said.split(whereSeparator: \.isNewline).last.map(String.init) ?? tool)
    }

    /// How long a tool may take: a TPM answers in well under a second; a transport that never answers must not
    /// hang a sign-in.
    static let patience: TimeInterval = 60

    /// The tool's exit status, standard output and standard error; killed after `patience`.
    private func launch(_ tool: String, _ arguments: [String], input: Data) throws(TPMFailure)
        -> (Int32, Data, String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(tools)/\(tool)")
        process.arguments = arguments
        process.environment = ["TPM2TOOLS_TCTI": tcti, "PATH": tools, "TSS2_LOG": "all+none"]
        let (feed, output, errors) = (Pipe(), Pipe(), Pipe())
        process.standardInput = feed
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw .unavailable("cannot start \(tool)") }
        // A tool that ends before reading its input must not end the desk with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.patience, execute: watchdog)
        try? feed.fileHandleForWriting.write(contentsOf: input)
        try? feed.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal {
            throw .unavailable("\(tool) got no answer from the TPM within \(Int(Self.patience)) s")
        }
        return (process.terminationStatus, printed, said)
    }

    /// A private folder (0700) for the tools' files, in memory where the machine has `/dev/shm`: the PIN's
    /// authorization never appears in a command line another user could read in /proc, nor on disk, and the
    /// folder is gone when the work is done.
    private func inScratch<T>(_ work: (URL) throws(TPMFailure) -> T) throws(TPMFailure) -> T {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        let dir = base.appendingPathComponent("fieldcase-tpm-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch { throw .unavailable("cannot make a private folder for the TPM tools") }
        defer { try? FileManager.default.removeItem(at: dir) }
        return try work(dir)
    }

    private func write(_ data: Data, to url: URL) throws(TPMFailure) {
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw .unavailable("cannot write the TPM tools' input") }
    }

    private func read(_ url: URL) throws(TPMFailure) -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .unavailable("the TPM tools gave no output")
        }
        return data
    }
}
