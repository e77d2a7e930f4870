import FieldCaseCore
import Foundation

extension Session {
    /// The acting officer, once their PIN has opened the data key (or a sign-in earlier in this session
    /// did): `--as`, else the officer signed in, else `$FIELDCASE_OFFICER`, else the device's only officer;
    /// the PIN comes from `$FIELDCASE_PIN` or a no-echo prompt. Reading citizens' data needs this as much
    /// as changing it: the PIN opens the key the data is sealed with.
    public mutating func authenticate(_ actor: OfficerOptions, in store: FieldCaseStore) throws -> Officer {
        try authenticate(named: actor.name, in: store)
    }

    /// The same for an officer named by the shell (`login NAME`), or, with `nil`, the one a command acts as.
    public mutating func authenticate(named name: String?, in store: FieldCaseStore) throws -> Officer {
        let acting = try store.resolveOfficer(named: name ?? signedIn?.officer.name ?? officerFromEnvironment)
        if let signedIn, signedIn.officer.id == acting.id {
            // The officer as the sign-in checked them: a row changed since (a role set with sqlite3 while the
            // shell runs) is refused, not acted on; one disabled meanwhile is signed out.
            guard acting == signedIn.officer else {
                signOut()
                throw acting.disabled
                    ? StoreError.officerDisabled(acting.name) : StoreError.officerRecordAltered(acting.name)
            }
            // A re-key since (here or in another terminal) retired the key this session holds: sign in again.
            if try store.isCurrent(signedIn) {
                store.use(signedIn)
                return signedIn.officer
            }
            signOut()
        }
        let now = now()
        let protected = try store.isProtected()
        if !protected, acting.role != .supervisor { throw StoreError.homeNotProtected(acting.name) }
        // A supervisor of a home from before PINs were required gives their first PIN now.
        let pin =
            try !protected && store.needsFirstPIN(acting)
            ? NewPIN.read(nil, for: acting.name, in: self) : currentPIN(of: acting)
        let (opened, protection) = try store.signIn(acting, pin: pin, now: now)
        if let protection {
            if protection.signedIn != nil { showRekeyed(protection, store: store) } else { show(protection) }
        }
        if opened.mustChangePIN {
            let digits = "\(try store.pinLength())-12"
            StandardStreams.error(
                text("Choose a new PIN of \(digits) digits now.", "Hãy chọn mã PIN mới gồm \(digits) chữ số.") + "\n")
            try store.setPIN(try NewPIN.read(nil, for: acting.name, in: self), of: acting, by: acting, now: now)
        }
        signedIn = opened
        return acting
    }

    /// Forgets the officer signed in (the shell's `logout`, or `login` as someone else).
    public mutating func signOut() {
        signedIn = nil
    }

    func currentPIN(of officer: Officer) throws -> String {
        if let pin = environment["FIELDCASE_PIN"], !pin.isEmpty { return pin }
        guard SecretReader.canAsk else { throw StoreError.pinRequired(officer.name) }
        guard let pin = SecretReader.read(prompt: text("PIN for \(officer.name): ", "Mã PIN của \(officer.name): "))
        else { throw CommandFailure.pinCancelled }
        return pin
    }

    /// The recovery key and one-time PINs of a home sealed just now: shown once, on standard error so a
    /// command's output (JSON, CSV) stays what it was.
    func show(_ protection: HomeProtection) {
        var lines = [
            text(
                "This home's citizens' data is now sealed. Write down the recovery key and keep it locked away:",
                "Dữ liệu công dân của máy này đã được mã hoá. Hãy ghi lại khoá khôi phục và cất giữ cẩn thận:"),
            "    \(protection.recoveryKey)",
            text(
                "It is shown only now; with it a supervisor restores access when every PIN is forgotten.",
                "Khoá chỉ hiện lần này; với nó giám sát viên lấy lại quyền truy cập khi mọi mã PIN bị quên."),
        ]
        StandardStreams.error((lines + oneTimeLines(protection)).joined(separator: "\n") + "\n")
    }

    /// What a re-key hands the supervisor, as the command's output: the new recovery key, and the other
    /// officers' one-time PINs (their own PINs wrapped the old key).
    mutating func showRekeyed(_ protection: HomeProtection, store: FieldCaseStore) {
        if let signedIn = protection.signedIn { self.signedIn = signedIn }
        say(.newRecoveryKey)
        let lines =
            ["    \(protection.recoveryKey)"]
            + (protection.oneTimePINs.isEmpty
                ? []
                : [
                    text(
                        "The data key changed: the other officers' PINs no longer open it.",
                        "Khoá dữ liệu đã đổi: mã PIN của các cán bộ khác không còn mở được.")
                ])
            + oneTimeLines(protection)
        print(lines.joined(separator: "\n"))
        fflush(nil)
        store.finishRekey()
    }

    private func oneTimeLines(_ protection: HomeProtection) -> [String] {
        guard !protection.oneTimePINs.isEmpty else { return [] }
        return [
            text(
                "One-time PINs (each officer chooses their own at the next sign-in):",
                "Mã PIN dùng một lần (mỗi cán bộ tự chọn mã mới khi đăng nhập lần sau):")
        ] + protection.oneTimePINs.map { "    \($0.officerName): \($0.pin)" }
    }
}
