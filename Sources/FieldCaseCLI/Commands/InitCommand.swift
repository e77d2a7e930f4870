import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase init`: sets up a device for one commune desk; its first officer is a supervisor.
struct InitCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "init",
            abstract: localized(
                "Set up this device for a commune desk.", "Thiết lập máy này cho bộ phận một cửa của xã/phường."),
            discussion: localized(
                """
                The first officer is a supervisor. Their PIN (6-12 digits; --pin, FIELDCASE_NEW_PIN, or asked twice on \
                a terminal) wraps the key that seals citizens' data. A recovery key is printed once: keep it locked \
                away; it restores access when every PIN is forgotten (fieldcase officer recover).
                """,
                """
                Cán bộ đầu tiên là giám sát viên. Mã PIN của họ (6-12 chữ số; --pin, FIELDCASE_NEW_PIN, hoặc nhập \
                hai lần khi được hỏi trong cửa sổ dòng lệnh) bảo vệ khoá dùng để mã hoá dữ liệu của công dân. Khoá \
                khôi phục chỉ in ra một lần: hãy cất giữ cẩn thận; khoá này mở lại quyền truy cập khi mọi mã PIN đều \
                bị quên (fieldcase officer recover).
                """)
        )
    }

    @OptionGroup var home: HomeOptions

    @Option(
        help: ArgumentHelp(
            localized(
                "5-digit commune code from the catalog, e.g. 02266.", "Mã xã 5 chữ số theo danh mục, ví dụ 02266.")),
        completion: CompletionValues.communes.kind)
    var commune: String

    @Option(
        help: ArgumentHelp(
            localized("Terminal number of this device in the commune, 1-9.", "Máy số của thiết bị này tại xã, 1-9.")))
    var terminal: Int

    @Option(
        help: ArgumentHelp(
            localized("Full name of the first officer (a supervisor).", "Họ tên cán bộ đầu tiên (là giám sát viên).")))
    var officer: String

    @Option(
        help: ArgumentHelp(
            localized("PIN of the first officer, 6-12 digits.", "Mã PIN của cán bộ đầu tiên, 6-12 chữ số.")))
    var pin: String?

    @Option(
        help: ArgumentHelp(
            localized(
                "Official receiving-unit code for dossier codes (default: the commune code).",
                "Mã đơn vị tiếp nhận chính thức dùng trong mã hồ sơ (mặc định: mã xã).")))
    var unitCode: String?

    func run(in session: inout Session) async throws {
        let now = session.now()
        let catalog = try Catalog.embedded()
        // A home already set up is said so before anyone is asked for a PIN.
        if FileManager.default.fileExists(atPath: session.home.databasePath),
            let profile = try session.home.openStore().profile()
        {
            throw StoreError.alreadyInitialized(commune: profile.communeCode, terminal: profile.terminal)
        }
        // Validate before creating anything on disk: bad input writes nothing.
        var setup = try Setup(
            communeCode: commune, terminal: terminal, unitCode: unitCode, officerName: officer, pin: ""
        ).validated(against: catalog)
        // Asked once the rest is known good: nobody types a PIN twice for a commune code that is wrong.
        setup.pin = try NewPIN.read(pin, for: setup.officerName, in: session)
        let store = try session.home.openStore(create: true)
        let (profile, recoveryKey, signedIn) = try store.initialize(setup, catalog: catalog, now: now)
        session.signedIn = signedIn
        let commune = catalog.communes.first { $0.code == profile.communeCode }
        session.say(
            .setUp(commune: commune?.name ?? profile.communeCode, code: profile.communeCode, terminal: profile.terminal)
        )
        session.say(.dossierCodes(unit: profile.unitCode, terminal: profile.terminal))
        session.say(.dataIn(session.home.url.path))
        session.say(.recoveryKey)
        print("    \(recoveryKey)")
    }
}
