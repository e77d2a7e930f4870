import ArgumentParser
import FieldCaseCore
import Foundation
import Synchronization

/// Who is acting: `--as`, else the officer logged in to the shell, else `$FIELDCASE_OFFICER`, else the
/// device's only officer; the PIN comes from `$FIELDCASE_PIN` or a no-echo prompt. Reading citizens' data
/// needs this as much as changing it: the PIN opens the key the data is sealed with.
public struct OfficerOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Officer acting (default: $FIELDCASE_OFFICER, or the only officer).")
    var officer: String?

    public init() {}

    /// The acting officer, once their PIN has opened the data key (or the shell's login already did).
    public func authenticate(in store: FieldCaseStore, now: LocalTime) throws -> Officer {
        let environment = ProcessInfo.processInfo.environment
        let named =
            officer ?? SignedIn.session?.officer.name
            ?? environment["FIELDCASE_OFFICER"].flatMap { $0.isEmpty ? nil : $0 }
        let acting = try store.resolveOfficer(named: named)
        if let session = SignedIn.session, session.officer.id == acting.id {
            store.use(session)
            return acting
        }
        let protected = try store.isProtected()
        if !protected, acting.role != .supervisor { throw StoreError.homeNotProtected(acting.name) }
        // A supervisor of a home from before PINs were required gives their first PIN now.
        let pin =
            try !protected && store.needsFirstPIN(acting)
            ? NewPIN.read(nil, for: acting.name) : Self.currentPIN(of: acting, environment: environment)
        let (signedIn, protection) = try store.signIn(acting, pin: pin, now: now)
        if let protection { Self.show(protection) }
        if signedIn.mustChangePIN {
            StandardStreams.error(
                Self.text("Choose a new PIN of 6-12 digits now.", "Hãy chọn mã PIN mới gồm 6-12 chữ số.") + "\n")
            try store.setPIN(try NewPIN.read(nil, for: acting.name), of: acting, by: acting, now: now)
        }
        SignedIn.session = signedIn
        return acting
    }

    static func currentPIN(of officer: Officer, environment: [String: String]) throws -> String {
        if let pin = environment["FIELDCASE_PIN"], !pin.isEmpty { return pin }
        guard SecretReader.canAsk else { throw StoreError.pinRequired(officer.name) }
        guard let pin = SecretReader.read(prompt: text("PIN for \(officer.name): ", "Mã PIN của \(officer.name): "))
        else { throw CommandFailure("PIN entry cancelled; nothing was done", exitCode: Exit.noPermission) }
        return pin
    }

    /// The recovery key and one-time PINs of a home sealed just now: shown once, on standard error so a
    /// command's output (JSON, CSV) stays what it was.
    static func show(_ protection: HomeProtection) {
        var lines = [
            text(
                "This home's citizens' data is now sealed. Write down the recovery key and keep it locked away:",
                "Dữ liệu công dân của máy này đã được mã hoá. Hãy ghi lại khoá khôi phục và cất giữ cẩn thận:"),
            "    \(protection.recoveryKey)",
            text(
                "It is shown only now; with it a supervisor restores access when every PIN is forgotten.",
                "Khoá chỉ hiện lần này; với nó giám sát viên lấy lại quyền truy cập khi mọi mã PIN bị quên."),
        ]
        if !protection.oneTimePINs.isEmpty {
            lines.append(
                text(
                    "One-time PINs (each officer chooses their own at the next sign-in):",
                    "Mã PIN dùng một lần (mỗi cán bộ tự chọn mã mới khi đăng nhập lần sau):"))
            lines += protection.oneTimePINs.map { "    \($0.officerName): \($0.pin)" }
        }
        StandardStreams.error(lines.joined(separator: "\n") + "\n")
    }

    static func text(_ english: String, _ vietnamese: String) -> String {
        Language.current == .vietnamese ? vietnamese : english
    }
}

/// The officer whose PIN this process has checked, with the data key it opened: the shell asks once per
/// login, not once per line.
public enum SignedIn {
    private static let current = Mutex<SignedInOfficer?>(nil)

    public static var session: SignedInOfficer? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    public static var officer: Officer? { session?.officer }
}
