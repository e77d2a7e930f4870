import ArgumentParser
import FieldCaseCore
import FieldCaseSync

/// `fieldcase unit-code`: the official receiving-unit code this desk's dossier codes begin with. A desk set up
/// with the commune code before the province registered its unit code would otherwise be refused at
/// enrollment and have no way forward but a new home.
struct UnitCodeCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "unit-code",
            abstract: localized(
                "Show or change the unit code of dossier codes (changing it: supervisors, before enrollment).",
                "Xem hoặc đổi mã đơn vị trong mã hồ sơ (đổi: giám sát viên, trước khi đăng ký với trung tâm)."),
            discussion: localized(
                """
                The province registers each commune's official receiving-unit code (e.g. 000.00.06.H56) and \
                refuses to enroll a desk whose dossier codes begin with another. Changing it gives the dossiers \
                already recorded new codes with the same day and number under the new unit; the audit trail keeps \
                each old code.
                """,
                """
                Tỉnh đăng ký mã đơn vị tiếp nhận chính thức của mỗi xã (ví dụ 000.00.06.H56) và từ chối đăng ký máy \
                có mã hồ sơ bắt đầu bằng mã khác. Khi đổi mã, các hồ sơ đã ghi nhận được cấp mã mới cùng ngày và \
                cùng số thứ tự theo mã đơn vị mới; nhật ký kiểm tra giữ lại mã cũ của từng hồ sơ.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized("The new unit code, e.g. 000.00.06.H56.", "Mã đơn vị mới, ví dụ 000.00.06.H56."),
            valueName: "UNIT-CODE"))
    var code: String?

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, profile) = try session.home.openInitialized()
        guard let code else {
            session.say(.dossierCodes(unit: profile.unitCode, terminal: profile.terminal))
            return
        }
        let supervisor = try session.authenticate(actor, in: store)
        // Not while an enrollment (which sends the unit code) or a sync runs on this home: they hold this lock.
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        let recoded = try store.setUnitCode(code, by: supervisor, now: now)
        let current = try store.requireProfile()
        session.say(.dossierCodes(unit: current.unitCode, terminal: current.terminal))
        for change in recoded {
            print(session.text("\(change.old) is now \(change.new)", "\(change.old) nay là \(change.new)"))
        }
    }
}
