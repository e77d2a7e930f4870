import ArgumentParser
import FieldCaseCore

/// `fieldcase officer pin`: change one's own PIN, or (a supervisor) reset another officer's.
struct OfficerPINCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "pin",
            abstract: localized(
                "Change your PIN, or reset another officer's (supervisors only).",
                "Đổi mã PIN của bạn, hoặc đặt lại mã PIN của cán bộ khác (chỉ giám sát viên)."),
            discussion: localized(
                """
                Your current PIN is checked first (FIELDCASE_PIN or a prompt). The new PIN is asked twice on a \
                terminal, or read from FIELDCASE_NEW_PIN. A reset also lifts a lock after wrong PINs; the officer \
                chooses their own PIN at their next sign-in.
                """,
                """
                Mã PIN hiện tại của bạn được kiểm tra trước (FIELDCASE_PIN hoặc nhập khi được hỏi). Mã PIN mới được \
                hỏi hai lần trong cửa sổ dòng lệnh, hoặc đọc từ FIELDCASE_NEW_PIN. Đặt lại mã PIN cũng gỡ tình trạng \
                tạm khoá do nhập sai mã PIN; cán bộ đó tự chọn mã PIN của mình ở lần đăng nhập sau.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized(
                "Officer whose PIN a supervisor resets (default: yourself; quotes not needed).",
                "Cán bộ được giám sát viên đặt lại mã PIN (mặc định: chính bạn; không cần dấu ngoặc kép).")),
        completion: CompletionValues.officers.kind)
    var words: [String] = []

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let acting = try session.authenticate(actor, in: store)
        let target = words.isEmpty ? acting : try store.resolveOfficer(named: words.officerName)
        if target.id != acting.id { try acting.require(.manageOfficers) }
        try store.setPIN(try NewPIN.read(nil, for: target.name, in: session), of: target, by: acting, now: now)
        session.say(.pinChanged(target.name))
    }
}
