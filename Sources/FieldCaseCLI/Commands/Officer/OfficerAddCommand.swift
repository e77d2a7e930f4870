import ArgumentParser
import FieldCaseCore

extension OfficerRole: ExpressibleByArgument {}

/// `fieldcase officer add`: a supervisor adds an officer or another supervisor.
struct OfficerAddCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "add",
            abstract: localized("Add an officer (supervisors only).", "Thêm cán bộ (chỉ giám sát viên)."),
            discussion: localized(
                """
                Every officer has a PIN (6-12 digits): without --pin it is asked twice on a terminal, or read from \
                FIELDCASE_NEW_PIN. It wraps the key citizens' data is sealed with, so the supervisor signs in first.
                """,
                """
                Mỗi cán bộ có một mã PIN (6-12 chữ số): nếu không có --pin, mã được hỏi hai lần trong cửa sổ dòng \
                lệnh, hoặc đọc từ FIELDCASE_NEW_PIN. Mã PIN bảo vệ khoá dùng để mã hoá dữ liệu của công dân, nên \
                giám sát viên phải đăng nhập trước.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized(
                "Full name of the new officer (quotes not needed).", "Họ tên cán bộ mới (không cần dấu ngoặc kép).")))
    var words: [String]
    @Option(
        help: ArgumentHelp(
            localized("officer or supervisor.", "officer (cán bộ) hoặc supervisor (giám sát viên).")))
    var role: OfficerRole
    @Option(
        help: ArgumentHelp(localized("PIN of the new officer, 6-12 digits.", "Mã PIN của cán bộ mới, 6-12 chữ số.")))
    var pin: String?

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let supervisor = try session.authenticate(actor, in: store)
        try supervisor.require(.manageOfficers)
        let name = try TextRules.personName(words.officerName, field: .officer)
        let added = try store.addOfficer(
            name: name, role: role, pin: try NewPIN.read(pin, for: name, in: session), by: supervisor, now: now)
        session.say(.officerAdded(added.role, added.name))
    }
}
