import ArgumentParser
import FieldCaseCore
import FieldCaseSync
import Foundation

/// `fieldcase enroll`: registers this device with the central system (needs the network once).
struct EnrollCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "enroll",
            abstract: localized(
                "Register this device with the central system.", "Đăng ký thiết bị này với hệ thống trung tâm."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Option(
        help: ArgumentHelp(
            localized(
                "Central system URL, e.g. https://central.example.vn",
                "URL của hệ thống trung tâm, ví dụ https://central.example.vn")))
    var central: String
    @Option(
        help: ArgumentHelp(
            localized(
                "One-time enrollment token from the operator; - reads it from standard input (default: "
                    + "$FIELDCASE_ENROLL_TOKEN, else asked without echo).",
                "Mã đăng ký dùng một lần do đơn vị vận hành cấp; - đọc từ đầu vào chuẩn (mặc định: "
                    + "$FIELDCASE_ENROLL_TOKEN, nếu không có thì hỏi và không hiện khi gõ).")))
    var token: String?
    @Flag(
        help: ArgumentHelp(
            localized(
                "Allow plain http to a host other than this machine.",
                "Cho phép HTTP không mã hoá tới máy chủ khác ngoài máy này.")))
    var insecure = false
    @Option(
        help: ArgumentHelp(
            localized(
                "PEM certificate of the province's own CA, trusted besides the system's for the central system.",
                "Chứng chỉ PEM của CA riêng của tỉnh, được tin cậy thêm ngoài các CA của hệ điều hành khi kết nối "
                    + "hệ thống trung tâm.")),
        completion: .file())
    var caFile: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Take this terminal number (1-9) instead of the one set up: for a laptop that is a copy of another.",
                "Dùng máy số này (1-9) thay cho máy số đã thiết lập: cho máy tính xách tay sao chép từ máy khác.")))
    var terminal: Int?

    func validate() throws {
        if let terminal, !(1...9).contains(terminal) {
            throw ValidationError(localized("--terminal must be from 1 to 9", "--terminal phải từ 1 đến 9"))
        }
    }

    func run(in session: inout Session) async throws {
        let trustedCA = try caFile.map { path in
            guard let data = FileManager.default.contents(atPath: path), data.count < 1_000_000 else {
                throw ValidationError(session.text("cannot read the CA file \(path)", "không đọc được tệp CA \(path)"))
            }
            return String(decoding: data, as: UTF8.self)
        }
        let (store, profile) = try session.home.openInitialized()
        let supervisor = try session.authenticate(actor, in: store)
        try supervisor.require(.enroll)
        guard
            let token = try SecretValue.read(
                token, variable: "FIELDCASE_ENROLL_TOKEN",
                prompt: session.text("Enrollment token: ", "Mã đăng ký: "), in: session)
        else {
            throw CommandFailure(
                session.text(
                    "an enrollment token is required: --token - (standard input) or FIELDCASE_ENROLL_TOKEN",
                    "cần mã đăng ký: --token - (đầu vào chuẩn) hoặc FIELDCASE_ENROLL_TOKEN"), exitCode: Exit.usage)
        }
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        let answer = try await DeviceEnrollment.enroll(
            store: store, profile: profile, supervisor: supervisor, centralURL: central, token: token,
            insecure: insecure, terminal: terminal,
            trustedCA: trustedCA)
        session.say(.enrolled(deviceID: answer.deviceID, commune: answer.communeCode, terminal: answer.terminal))
    }
}
