import ArgumentParser
import FieldCaseCore
import Foundation
import Synchronization

/// Who is acting: `--as`, else the officer logged in to the shell, else `$FIELDCASE_OFFICER`, else the
/// device's only officer; the PIN comes from `$FIELDCASE_PIN` or a no-echo prompt.
public struct OfficerOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Officer acting (default: $FIELDCASE_OFFICER, or the only officer).")
    var officer: String?

    public init() {}

    /// The acting officer, once their PIN has been checked (or the shell's login already did).
    public func authenticate(in store: FieldCaseStore, now: LocalTime) throws -> Officer {
        let environment = ProcessInfo.processInfo.environment
        let named =
            officer ?? SignedIn.officer?.name ?? environment["FIELDCASE_OFFICER"].flatMap { $0.isEmpty ? nil : $0 }
        let acting = try store.resolveOfficer(named: named)
        if try SignedIn.officer?.id == acting.id || !store.hasPIN(acting) { return acting }
        let pin: String? =
            if let pin = environment["FIELDCASE_PIN"], !pin.isEmpty {
                pin
            } else if SecretReader.canAsk {
                SecretReader.read(prompt: Language.current == .vietnamese ? "Mã PIN của \(acting.name): " : "PIN for \(acting.name): ")
            } else {
                nil
            }
        guard let pin else {
            if SecretReader.canAsk { throw CommandFailure("PIN entry cancelled; nothing was done", exitCode: Exit.noPermission) }
            throw StoreError.pinRequired(acting.name)
        }
        try store.authenticate(acting, pin: pin, now: now)
        SignedIn.officer = acting
        return acting
    }
}

/// The officer whose PIN this process has checked: the shell asks once per login, not once per line.
public enum SignedIn {
    private static let current = Mutex<Officer?>(nil)

    public static var officer: Officer? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
