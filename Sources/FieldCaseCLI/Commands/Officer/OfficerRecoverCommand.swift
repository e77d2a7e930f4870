import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase officer recover`: when every PIN is forgotten, the recovery key `init` printed opens the data
/// again and gives an officer a new PIN.
struct OfficerRecoverCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "recover",
            abstract: localized(
                "Set an officer's PIN with the recovery key, when every PIN is forgotten.",
                "Đặt mã PIN cho một cán bộ bằng khoá khôi phục, khi mọi mã PIN đều bị quên."),
            discussion: localized(
                """
                The recovery key is read from FIELDCASE_RECOVERY_KEY or asked without echo on a terminal; the new PIN \
                from FIELDCASE_NEW_PIN or asked twice. It also lifts a lock. The recovery is audited.
                """,
                """
                Khoá khôi phục được đọc từ FIELDCASE_RECOVERY_KEY hoặc hỏi trong cửa sổ dòng lệnh (không hiện ký tự \
                gõ vào); mã PIN mới đọc từ FIELDCASE_NEW_PIN hoặc hỏi hai lần. Việc này cũng gỡ tình trạng tạm khoá. \
                Lần khôi phục được ghi vào nhật ký kiểm tra.
                """))
    }

    @OptionGroup var home: HomeOptions
    @Argument(
        help: ArgumentHelp(
            localized(
                "The officer who gets a new PIN (usually a supervisor; quotes not needed).",
                "Cán bộ được đặt mã PIN mới (thường là giám sát viên; không cần dấu ngoặc kép).")),
        completion: CompletionValues.officers.kind)
    var words: [String]

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try store.resolveOfficer(named: words.officerName)
        let typed =
            session.environment["FIELDCASE_RECOVERY_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (SecretReader.canAsk
                ? SecretReader.read(prompt: session.text("Recovery key: ", "Khoá khôi phục: ")) : nil)
        guard let typed else {
            throw CommandFailure(
                session.text(
                    "no recovery key given: set FIELDCASE_RECOVERY_KEY or run on a terminal",
                    "chưa có khoá khôi phục: đặt FIELDCASE_RECOVERY_KEY hoặc chạy trong cửa sổ dòng lệnh"),
                exitCode: Exit.usage)
        }
        guard let recovery = RecoveryKey(typed) else {
            throw CommandFailure(
                session.text(
                    "that is not a recovery key (eight groups of four letters and digits); nothing was changed",
                    "đây không phải khoá khôi phục (tám nhóm bốn chữ và số); không có gì thay đổi"),
                exitCode: Exit.dataError)
        }
        let pin = try NewPIN.read(nil, for: officer.name, in: session)
        session.signedIn = try store.recover(with: recovery, officer: officer, newPIN: pin, now: now)
        session.say(.pinRecovered(officer.name))
    }
}

/// `fieldcase officer recovery-key`: a new recovery key, the old one void (a supervisor, signed in).
struct OfficerRecoveryKeyCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "recovery-key",
            abstract: localized(
                "Make a new recovery key; the old one stops working (supervisors only).",
                "Tạo khoá khôi phục mới; khoá cũ hết hiệu lực (chỉ giám sát viên)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let supervisor = try session.authenticate(actor, in: store)
        let protection = try store.renewRecoveryKey(
            by: supervisor, pin: try session.currentPIN(of: supervisor), now: now)
        session.showRekeyed(protection, store: store)
    }
}
